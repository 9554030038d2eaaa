package dev.kafkatorio.pipe.bench;

import dev.kafkatorio.kafka.EmbeddedKafkaBroker;
import dev.kafkatorio.pipe.KafkaPipe;
import dev.kafkatorio.pipe.PipeConfig;
import dev.kafkatorio.pipe.PipeStats;
import dev.kafkatorio.protocol.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Benchmark (not a test): lines/s through kafka-pipe into a real broker against {@code cat > /dev/null}
 * on the same input in the same run, the writer's longest write() stall while the broker is down, and
 * the spool bytes one pass of the demo console takes (for the capacity in hours). Run by
 * {@code kafka-pipe/bench.sh}; prints a Markdown table.
 *
 * <p>Arguments: {@code [console file (default: the demo console)] [MiB of input, default 64]}.
 */
public final class PipeThroughputBenchmark {

    private static final java.util.regex.Pattern TICK = java.util.regex.Pattern.compile("^KFKTR:\\{[^\\n]*?\"tick\":(\\d+)", java.util.regex.Pattern.MULTILINE);

    /** Game seconds a recording covers: from the first packet's tick to the highest tick, 60 ticks/s. */
    static double gameSeconds(byte[] console) {
        java.util.regex.Matcher m = TICK.matcher(new String(console, java.nio.charset.StandardCharsets.UTF_8));
        long first = -1;
        long max = 0;
        while (m.find()) {
            long t = Long.parseLong(m.group(1));
            first = first < 0 ? t : first;
            max = Math.max(max, t);
        }
        return Math.max(1, max - first) / 60.0;
    }

    public static void main(String[] args) throws Exception {
        Path demo = Path.of(args.length > 0 ? args[0] : "deploy/local/src/main/resources/demo/demo-console.log");
        long mib = args.length > 1 ? Long.parseLong(args[1]) : 64;
        Path work = Files.createTempDirectory("kafka-pipe-bench-");
        try {
            run(demo, mib, work);
        } finally {
            try (Stream<Path> s = Files.walk(work)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void run(Path demo, long mib, Path work) throws Exception {
        byte[] pass = Files.readAllBytes(demo);
        double demoSeconds = gameSeconds(pass);
        long passLines = count(pass);
        Path input = work.resolve("input.log");
        try (OutputStream out = Files.newOutputStream(input)) {
            for (long written = 0; written < mib << 20; written += pass.length) {
                out.write(pass);
            }
        }
        long inputBytes = Files.size(input);
        long inputLines = passLines * (inputBytes / pass.length);

        double catSeconds = Double.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long t0 = System.nanoTime();
            Process cat = new ProcessBuilder("sh", "-c", "cat \"$0\" > /dev/null", input.toString()).inheritIO().start();
            cat.waitFor();
            catSeconds = Math.min(catSeconds, (System.nanoTime() - t0) / 1e9);
        }

        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start()) {
            kafka.createTopic(Topics.prefixed("bench.", Topics.PACKETS), 1, false);
            // warm-up pass (JIT), then the measured run
            pumpAll(kafka, work.resolve("spool-warm"), pass.length, demo);
            long t0 = System.nanoTime();
            PipeConfig config = config(kafka, work.resolve("spool"));
            double readSeconds;
            double allSentSeconds;
            PipeStats stats;
            try (KafkaPipe pipe = KafkaPipe.start(config); InputStream in = Files.newInputStream(input)) {
                pipe.pump(in, OutputStream.nullOutputStream());
                readSeconds = (System.nanoTime() - t0) / 1e9;
                while (pipe.stats().spoolRecords() > 0) {
                    Thread.sleep(5);
                }
                allSentSeconds = (System.nanoTime() - t0) / 1e9;
                stats = pipe.stats();
            }

            // the spool bytes of one demo pass, written while the broker is down
            kafka.stop();
            long spoolPerPass;
            try (KafkaPipe pipe = KafkaPipe.start(config(kafka, work.resolve("spool-size")))) {
                pipe.pump(Files.newInputStream(demo), OutputStream.nullOutputStream());
                spoolPerPass = pipe.stats().spoolBytes();
            }

            // the writer's longest write() stall while the broker is down, writing as fast as it can
            double[] stall = stallDuringOutage(kafka, work.resolve("spool-outage"), pass, 10);

            double bytesPerHour = spoolPerPass / demoSeconds * 3600;
            System.out.println();
            System.out.println("| measurement | value |");
            System.out.println("|---|---|");
            row("input", String.format(Locale.ROOT, "%.1f MiB, %,d lines (demo console repeated)", inputBytes / 1048576.0, inputLines));
            row("`cat > /dev/null` (best of 3)", String.format(Locale.ROOT, "%,.0f lines/s (%.3f s)", inputLines / catSeconds, catSeconds));
            row("kafka-pipe reader (disk spool, broker up)", String.format(Locale.ROOT, "%,.0f lines/s (%.2f s)", inputLines / readSeconds, readSeconds));
            row("kafka-pipe end to end (all acknowledged)", String.format(Locale.ROOT, "%,.0f lines/s, %,.0f packets/s (%.2f s)",
                    inputLines / allSentSeconds, stats.packetsSent() / allSentSeconds, allSentSeconds));
            row("writer's longest write() stall, broker down, max rate 10 s",
                    String.format(Locale.ROOT, "%.2f ms (%,.0f lines/s written)", stall[0], stall[1]));
            row("spool bytes per demo pass (%.0f s of game, %,d bytes of console)".formatted(demoSeconds, pass.length),
                    String.format(Locale.ROOT, "%,d bytes = %.1f MiB/hour", spoolPerPass, bytesPerHour / 1048576.0));
            row("1 GiB spool (default) holds", String.format(Locale.ROOT, "%.0f hours of the demo server", (1L << 30) / bytesPerHour));
        }
    }

    private static void pumpAll(EmbeddedKafkaBroker kafka, Path spool, long bytes, Path demo) throws IOException {
        try (KafkaPipe pipe = KafkaPipe.start(config(kafka, spool))) {
            for (int i = 0; i < 20; i++) {
                pipe.pump(Files.newInputStream(demo), OutputStream.nullOutputStream());
            }
        }
    }

    private static PipeConfig config(EmbeddedKafkaBroker kafka, Path spool) {
        return PipeConfig.builder().bootstrapServers(kafka.bootstrapServers()).serverId("bench").topicPrefix("bench.")
                .spoolDir(spool).closeTimeout(Duration.ofSeconds(60)).build();
    }

    /** Returns {longest stall ms, lines/s written}. */
    private static double[] stallDuringOutage(EmbeddedKafkaBroker kafka, Path spool, byte[] pass, int seconds) throws Exception {
        Pipe os = Pipe.open();
        PipeConfig config = PipeConfig.builder().bootstrapServers(kafka.bootstrapServers()).serverId("bench")
                .topicPrefix("bench.").spoolDir(spool).closeTimeout(Duration.ZERO).build();
        long maxStall = 0;
        long passes = 0;
        try (KafkaPipe pipe = KafkaPipe.start(config)) {
            Thread reader = new Thread(() -> {
                try (InputStream in = Channels.newInputStream(os.source())) {
                    pipe.pump(in, OutputStream.nullOutputStream());
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            reader.start();
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            int chunk = 4096;
            while (System.nanoTime() < end) {
                for (int off = 0; off < pass.length; off += chunk) {
                    ByteBuffer b = ByteBuffer.wrap(pass, off, Math.min(chunk, pass.length - off));
                    long t0 = System.nanoTime();
                    while (b.hasRemaining()) {
                        os.sink().write(b);
                    }
                    maxStall = Math.max(maxStall, System.nanoTime() - t0);
                }
                passes++;
            }
            os.sink().close();
            reader.join();
        }
        return new double[] {maxStall / 1e6, passes * count(pass) / (double) seconds};
    }

    private static long count(byte[] b) {
        long n = 0;
        for (byte x : b) {
            if (x == '\n') {
                n++;
            }
        }
        return n;
    }

    private static void row(String k, String v) {
        System.out.println("| " + k + " | " + v + " |");
    }
}
