package dev.kafkatorio.pipe;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Replay mode's progress bar on stderr (redrawn in place with {@code \r} twice a second) and its final
 * summary: lines, packets, bytes and rate. A small renderer of its own: no progress-bar library is
 * served to this build.
 */
final class ReplayProgress implements AutoCloseable {

    private static final int WIDTH = 30;
    private final long fileBytes;
    private final AtomicLong bytes = new AtomicLong();
    private final Supplier<PipeStats> stats;
    private final PrintStream err;
    private final boolean bar;
    private final long startNanos = System.nanoTime();
    private final Thread thread;
    private volatile boolean done;

    ReplayProgress(long fileBytes, Supplier<PipeStats> stats, PrintStream err, boolean bar) {
        this.fileBytes = fileBytes;
        this.stats = stats;
        this.err = err;
        this.bar = bar;
        this.thread = new Thread(this::run, "kafka-pipe-progress");
        this.thread.setDaemon(true);
        if (bar) {
            thread.start();
        }
    }

    /** The replay input, counted. */
    InputStream wrap(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    bytes.addAndGet(n);
                }
                return n;
            }
        };
    }

    private void run() {
        while (!done) {
            err.print("\r" + line());
            err.flush();
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One progress line, e.g. {@code [#####.....] 45.2% pass 1 | 1,234 lines 56 packets | 2.1 MiB | 9,876 lines/s}. */
    String line() {
        long b = bytes.get();
        PipeStats s = stats.get();
        double fraction = fileBytes <= 0 ? 0 : (double) (b % Math.max(1, fileBytes)) / fileBytes;
        if (fileBytes > 0 && b >= fileBytes && b % fileBytes == 0) {
            fraction = 1.0;
        }
        long pass = fileBytes <= 0 ? 1 : b / fileBytes + (b % fileBytes == 0 && b > 0 ? 0 : 1);
        int filled = (int) Math.round(fraction * WIDTH);
        double secs = Math.max(1e-3, (System.nanoTime() - startNanos) / 1e9);
        return String.format(Locale.ROOT, "[%s%s] %5.1f%% pass %d | %,d lines %,d packets | %.1f MiB | %,.0f lines/s ",
                "#".repeat(filled), ".".repeat(WIDTH - filled), fraction * 100, pass, s.lines(), s.packetLines(),
                b / 1048576.0, s.lines() / secs);
    }

    /** The final summary. */
    String summary() {
        PipeStats s = stats.get();
        double secs = Math.max(1e-3, (System.nanoTime() - startNanos) / 1e9);
        long b = bytes.get();
        return String.format(Locale.ROOT,
                "replay: %,d lines, %,d packets (%,d sent, %,d dropped), %,d bytes in %.1f s: %,.0f lines/s, %,.0f packets/s, %.2f MiB/s",
                s.lines(), s.packetsQueued(), s.packetsSent(), s.packetsDropped(), b, secs, s.lines() / secs,
                s.packetsQueued() / secs, b / 1048576.0 / secs);
    }

    @Override
    public void close() {
        done = true;
        thread.interrupt();
        if (bar) {
            try {
                thread.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            err.print("\r" + line() + "\n");
        }
        err.println(summary());
        err.flush();
    }
}
