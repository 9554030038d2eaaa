package dev.kafkatorio.pipe;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Logs a WARN (or, with {@link #info}, an INFO) at most once per interval, with the count of events
 * since the last one. Every log line that console input can trigger goes through one of these, so a
 * hostile console cannot flood kafka-pipe's stderr: at most one line per interval and instance.
 */
final class RateLimitedWarn {
    private final Logger log;
    private final String what;
    private final long intervalNanos;
    private final boolean info;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong nextNanos = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong logged = new AtomicLong();

    RateLimitedWarn(Logger log, String what, long intervalMillis) {
        this(log, what, intervalMillis, false);
    }

    private RateLimitedWarn(Logger log, String what, long intervalMillis, boolean info) {
        this.log = log;
        this.what = what;
        this.intervalNanos = intervalMillis * 1_000_000L;
        this.info = info;
    }

    /** The same at INFO level. */
    static RateLimitedWarn info(Logger log, String what, long intervalMillis) {
        return new RateLimitedWarn(log, what, intervalMillis, true);
    }

    /**
     * One event; logged if the interval has passed since the last line.
     *
     * @param total the running total of such events, for the message
     * @param detail what the last event was (must not contain raw console input)
     */
    void event(long total, String detail) {
        pending.incrementAndGet();
        long now = System.nanoTime();
        long next = nextNanos.get();
        if ((next == Long.MIN_VALUE || now - next >= 0) && nextNanos.compareAndSet(next, now + intervalNanos)) {
            long count = pending.getAndSet(0);
            logged.incrementAndGet();
            String format = count == 1 ? "{}: {} ({} in total)" : "{}: {} since last report, {} in total; last: {}";
            Object[] args = count == 1 ? new Object[] {what, detail, total} : new Object[] {what, count, total, detail};
            if (info) {
                log.info(format, args);
            } else {
                log.warn(format, args);
            }
        }
    }

    /** How many lines this instance has logged (for tests). */
    long linesLogged() {
        return logged.get();
    }
}
