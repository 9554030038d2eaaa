package dev.kafkatorio.local;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Halts the JVM if an ordered stop overruns its deadline (a stuck component, a JVM short of memory).
 * Its thread is made and started at start-up and only waits, so arming it allocates nothing.
 */
final class Watchdog {

    private final CountDownLatch armed = new CountDownLatch(1);

    Watchdog(Duration deadline) {
        Thread t = new Thread(() -> {
            try {
                armed.await();
                Thread.sleep(deadline.toMillis());
                System.err.println("kafkatorio-local: the stop took longer than " + deadline.toSeconds()
                        + " s; exiting hard (the next start recovers from the last checkpoint)");
                Runtime.getRuntime().halt(3);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "stop-watchdog");
        t.setDaemon(true);
        t.start();
    }

    /** Starts the countdown. */
    void arm() {
        armed.countDown();
    }

}
