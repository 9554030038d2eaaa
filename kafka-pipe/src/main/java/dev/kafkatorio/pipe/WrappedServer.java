package dev.kafkatorio.pipe;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wrapper mode: the Factorio server as a child process. Its stdout is a pipe that kafka-pipe pumps;
 * its stderr is inherited (written straight to kafka-pipe's stderr, not scanned: the mod prints
 * packets to stdout); its stdin gets the lines typed on kafka-pipe's stdin plus lines kafka-pipe
 * injects (e.g. {@code /kafkatorio-resync}), whole lines only, through one writer thread so that the
 * reader never waits on the child's stdin.
 */
final class WrappedServer {

    private static final Logger LOG = LoggerFactory.getLogger(WrappedServer.class);

    /** The server command the mod implements: re-send surfaces, prototypes, players and chunks. */
    static final String RESYNC_COMMAND = "/kafkatorio-resync";

    /** kafka-pipe's stdin is forwarded in pieces of at most this many bytes (a line without end cannot fill memory). */
    static final int MAX_FORWARD_BYTES = 16 * 1024;

    private final Process process;
    private final BlockingQueue<byte[]> toChild = new ArrayBlockingQueue<>(1024);
    private final ResyncThrottle resyncs = new ResyncThrottle(ResyncThrottle.DEFAULT_INTERVAL_MS, System::nanoTime);
    private final RateLimitedWarn notReading = new RateLimitedWarn(LOG, "The server does not read its stdin; lines not typed", 10_000);
    private final RateLimitedWarn typed = RateLimitedWarn.info(LOG, "Typed into the server console", 10_000);
    private final java.util.concurrent.atomic.AtomicLong typedCount = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong notTypedCount = new java.util.concurrent.atomic.AtomicLong();

    private WrappedServer(Process process) {
        this.process = process;
    }

    /** Starts {@code command} and forwards {@code stdin} (kafka-pipe's) to it, line by line. */
    static WrappedServer start(List<String> command, InputStream stdin) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.PIPE)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot start the server command " + command.get(0) + " (" + e.getMessage()
                    + "): pass an executable after --, e.g. -- /opt/factorio/bin/x64/factorio --start-server save.zip");
        }
        LOG.info("Started the server as child process {}: {}", p.pid(), command.get(0));
        WrappedServer server = new WrappedServer(p);
        server.startThreads(stdin);
        return server;
    }

    /** The child's stdout, to pump. */
    InputStream stdout() {
        return process.getInputStream();
    }

    Process process() {
        return process;
    }

    /** Types a line into the server console (never blocks; dropped with a WARN if 1024 lines wait). */
    void injectLine(String line) {
        if (!toChild.offer((line + "\n").getBytes(StandardCharsets.UTF_8))) {
            notReading.event(notTypedCount.incrementAndGet(), line);
        } else {
            typed.event(typedCount.incrementAndGet(), line);
        }
    }

    /**
     * Asks the server for a resync ({@link #RESYNC_COMMAND}), at most once per {@link
     * ResyncThrottle#DEFAULT_INTERVAL_MS}: a request inside the interval is typed when it ends.
     */
    void requestResync() {
        if (resyncs.request()) {
            injectLine(RESYNC_COMMAND);
        }
    }

    /** Waits for the server to exit and returns its exit code. */
    int waitFor() throws InterruptedException {
        return process.waitFor();
    }

    /**
     * Asks the server to stop (SIGTERM, so it saves and exits) and waits up to {@code timeout}, then
     * kills it. For the shutdown hook.
     */
    void stop(Duration timeout) {
        if (!process.isAlive()) {
            return;
        }
        LOG.info("Stopping the server (SIGTERM to {}), waiting up to {} s", process.pid(), timeout.toSeconds());
        // ProcessHandle, not Process.destroy(): that would also close the pipes, and the server's last
        // lines (saving...) and packets must still be read
        process.toHandle().destroy();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("The server did not exit within {} s; killing it", timeout.toSeconds());
                process.toHandle().destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void startThreads(InputStream stdin) {
        Thread reader = new Thread(() -> forwardLines(stdin), "kafka-pipe-stdin");
        reader.setDaemon(true);
        reader.start();
        Thread writer = new Thread(this::writeToChild, "kafka-pipe-child-stdin");
        writer.setDaemon(true);
        writer.start();
    }

    /** kafka-pipe's stdin to the queue, whole lines (so an injected line never splits a typed one). */
    private void forwardLines(InputStream in) {
        try {
            forward(in, toChild::put);
            // the child's stdin stays open: kafka-pipe may still type a resync command
            LOG.debug("stdin ended");
        } catch (IOException e) {
            LOG.debug("stdin closed: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Receives the pieces {@link #forward} cuts. */
    interface Pieces {
        void put(byte[] piece) throws InterruptedException;
    }

    /**
     * Cuts {@code in} into whole lines, a line longer than {@link #MAX_FORWARD_BYTES} into pieces of
     * that size (so a line without end holds at most that much memory).
     */
    static void forward(InputStream in, Pieces out) throws IOException, InterruptedException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) != -1) {
            int start = 0;
            for (int i = 0; i < n; i++) {
                if (buf[i] == '\n' || line.size() + (i + 1 - start) >= MAX_FORWARD_BYTES) {
                    line.write(buf, start, i + 1 - start);
                    out.put(line.toByteArray());
                    line.reset();
                    start = i + 1;
                }
            }
            line.write(buf, start, n - start);
        }
        if (line.size() > 0) {
            out.put(line.toByteArray());
        }
    }

    private void writeToChild() {
        OutputStream out = process.getOutputStream();
        try {
            while (true) {
                byte[] line = toChild.poll(100, TimeUnit.MILLISECONDS);
                if (line != null) {
                    out.write(line);
                    out.flush();
                }
                if (resyncs.due()) {
                    injectLine(RESYNC_COMMAND);
                }
            }
        } catch (IOException e) {
            LOG.debug("The server's stdin is closed: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
