package dev.kafkatorio.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kafkatorio.flink.JobConfig;
import dev.kafkatorio.flink.KafkatorioPipeline;
import dev.kafkatorio.local.LocalStack;
import dev.kafkatorio.local.LocalStackConfig;
import dev.kafkatorio.pipe.KafkaPipe;
import dev.kafkatorio.pipe.PipeConfig;
import dev.kafkatorio.protocol.ConsoleFraming;
import dev.kafkatorio.protocol.TileScheme;
import dev.kafkatorio.protocol.TopicJson;
import dev.kafkatorio.protocol.Topics;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Benchmark of the map (issue #3) on the local stack:
 *
 * <ol>
 *   <li>Backfill: N charted chunks (synthetic noise terrain with ore patches, as the mod prints
 *       them) shipped through kafka-pipe → the full pyramid (z=3 … z=-6) committed by the tile
 *       server; chunks/s. Baseline in the same run: the same input through a pass-through Flink job
 *       (Kafka → Kafka, exactly-once, same checkpoint interval).
 *   <li>Tile change → new bytes served: a {@code tiles} packet written to kafka-pipe's input until
 *       the tile server announces the new z=3 tile and serves its bytes; p50/p95/max.
 * </ol>
 *
 * Run with {@code bench/map.sh}; prints Markdown tables.
 */
public final class MapBenchmark {

    static final int CHUNKS = Integer.getInteger("chunks", 3000);
    static final int CHANGES = Integer.getInteger("changes", 40);
    static final String SERVER = "bench";

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("kafkatorio-map-bench-");
        List<int[]> chunks = SyntheticWorld.square(CHUNKS);
        Path console = dir.resolve("backfill-console.log");
        writeConsole(console, chunks);
        System.err.printf("input: %d chunks, %d bytes of console%n", chunks.size(), Files.size(console));

        LocalStackConfig cfg = new LocalStackConfig("127.0.0.1", 0, dir.resolve("stack"), null, null,
                LocalStackConfig.ConsoleSource.NONE, SERVER, 0, Duration.ofSeconds(1), Integer.getInteger("parallelism", 1),
                null, null, null);
        try (LocalStack stack = LocalStack.start(cfg)) {
            double baseline = chunks.size() / passThroughSeconds(stack, dir, console, "base.");
            TileWatcher watcher = TileWatcher.connect(stack.mapUri());
            Set<String> expected = pyramidKeys(chunks);
            long t0 = System.nanoTime();
            try (KafkaPipe pipe = KafkaPipe.start(pipeConfig(stack, ""))) {
                try (InputStream in = Files.newInputStream(console)) {
                    pipe.pump(in, OutputStream.nullOutputStream());
                }
                long lastReport = 0;
                while (!watcher.seen.keySet().containsAll(expected)) {
                    Thread.sleep(50);
                    long now = System.nanoTime();
                    if (now - lastReport > 2_000_000_000L) {
                        lastReport = now;
                        long z3 = chunks.stream().filter(c -> watcher.seen.containsKey(key(3, c[0], c[1]))).count();
                        System.err.printf("pyramid: %d/%d tiles committed (z=3: %d/%d) after %.1f s%n",
                                watcher.seen.size(), expected.size(), z3, chunks.size(), (now - t0) / 1e9);
                    }
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            int served = checkServed(stack.mapUri(), expected);
            double fullRate = chunks.size() / seconds;
            System.err.printf("full pyramid (%d tiles) committed in %.2f s; %d sampled tiles served%n", expected.size(), seconds, served);

            long[] latencies = tileChangeLatencies(stack, watcher, chunks);
            printTables(chunks.size(), expected.size(), fullRate, baseline, latencies);
        }
    }

    /** Seconds the pass-through job takes to copy the console's packets (topics under {@code prefix}). */
    static double passThroughSeconds(LocalStack stack, Path dir, Path console, String prefix) throws Exception {
        for (String t : List.of(Topics.PACKETS, JobConfig.DEFAULT_PASS_THROUGH_TOPIC)) {
            stack.broker().createTopic(prefix + t, 2, false);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2,
                LocalStack.flinkConfiguration(dir.resolve(prefix + "pass-through-flink"), 2, Duration.ofSeconds(1)));
        KafkatorioPipeline.buildPassThrough(env, JobConfig.builder()
                .bootstrapServers(stack.bootstrapServers())
                .topicPrefix(prefix)
                .groupId(prefix + "bench-pass-through")
                .transactionalIdPrefix(prefix + "bench-pass-through")
                .parallelism(2)
                .build());
        JobClient job = env.executeAsync("pass-through baseline");
        Thread.sleep(5000); // let the job start before the clock starts, as the real job already runs
        long records;
        long t0 = System.nanoTime();
        try (KafkaPipe pipe = KafkaPipe.start(pipeConfig(stack, prefix))) {
            try (InputStream in = Files.newInputStream(console)) {
                pipe.pump(in, OutputStream.nullOutputStream());
            }
            records = pipe.stats().packetsQueued();
        }
        long copied = 0;
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> tps = List.of(new TopicPartition(prefix + JobConfig.DEFAULT_PASS_THROUGH_TOPIC, 0),
                    new TopicPartition(prefix + JobConfig.DEFAULT_PASS_THROUGH_TOPIC, 1));
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            while (copied < records) {
                copied += consumer.poll(Duration.ofMillis(100)).count();
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        job.cancel().get(30, TimeUnit.SECONDS);
        System.err.printf("pass-through: %d records in %.2f s%n", copied, seconds);
        return seconds;
    }

    static long[] tileChangeLatencies(LocalStack stack, TileWatcher watcher, List<int[]> chunks) throws Exception {
        long[] out = new long[CHANGES];
        HttpClient http = HttpClient.newHttpClient();
        PipedOutputStream writer = new PipedOutputStream();
        PipedInputStream reader = new PipedInputStream(writer, 1 << 16);
        try (KafkaPipe pipe = KafkaPipe.start(pipeConfig(stack, ""))) {
            Thread pump = new Thread(() -> {
                try {
                    pipe.pump(reader, OutputStream.nullOutputStream());
                } catch (Exception e) {
                    System.err.println("pump ended: " + e);
                }
            });
            pump.start();
            long seq = 1_000_000;
            for (int i = 0; i < CHANGES; i++) {
                int[] c = chunks.get((i / 2 * 7919) % chunks.size());
                String key = key(3, c[0], c[1]);
                String before = watcher.seen.get(key);
                // tiles the synthetic terrain never uses, alternating, so every change changes pixels
                String tile = i % 2 == 0 ? "concrete" : "stone-path";
                String data = "{\"surface\":1,\"palette\":[\"" + tile + "\"],\"tiles\":[" + (c[0] * 32 + 3) + "," + (c[1] * 32 + 3) + ",0]}";
                long t0 = System.nanoTime();
                writer.write(("KFKTR:{\"v\":1,\"type\":\"tiles\",\"tick\":" + seq + ",\"seq\":" + seq++ + ",\"data\":" + data + "}\n")
                        .getBytes(StandardCharsets.UTF_8));
                writer.flush();
                String etag;
                while ((etag = watcher.seen.get(key)) == null || etag.equals(before)) {
                    Thread.sleep(2);
                    if (System.nanoTime() - t0 > 30_000_000_000L) {
                        throw new IllegalStateException("tile " + key + " did not change in 30 s");
                    }
                }
                URI uri = stack.mapUri().resolve("/tiles/" + SERVER + "/1/3/" + c[0] + "/" + c[1] + ".png?v=" + etag);
                HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray());
                out[i] = System.nanoTime() - t0;
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("GET " + uri + " -> " + r.statusCode());
                }
                Thread.sleep(300);
            }
            writer.close();
            pump.join(10_000);
        }
        java.util.Arrays.sort(out);
        return out;
    }

    static int checkServed(URI base, Set<String> expected) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        int ok = 0;
        List<String> sample = new ArrayList<>(expected);
        sample.sort(null);
        for (int i = 0; i < sample.size(); i += Math.max(1, sample.size() / 200)) {
            String[] k = sample.get(i).split("/");
            URI uri = base.resolve("/tiles/" + SERVER + "/1/" + k[0] + "/" + k[1] + "/" + k[2] + ".png");
            int status = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status != 200) {
                throw new IllegalStateException("GET " + uri + " -> " + status);
            }
            ok++;
        }
        return ok;
    }

    static Set<String> pyramidKeys(List<int[]> chunks) {
        Set<String> keys = new HashSet<>();
        for (int[] c : chunks) {
            long x = c[0];
            long y = c[1];
            for (int z = TileScheme.MAX_ZOOM; z >= TileScheme.MIN_ZOOM; z--) {
                keys.add(key(z, x, y));
                x = TileScheme.parentIndex(x);
                y = TileScheme.parentIndex(y);
            }
        }
        return keys;
    }

    static String key(int z, long x, long y) {
        return z + "/" + x + "/" + y;
    }

    static void writeConsole(Path file, List<int[]> chunks) throws Exception {
        try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            long seq = 1;
            out.write("KFKTR:{\"v\":1,\"type\":\"session-start\",\"tick\":1,\"seq\":1,\"data\":{\"mod\":\"0.1.0\",\"game\":\"2.0.77\",\"reason\":\"load\"}}\n");
            for (int[] c : chunks) {
                seq++;
                String json = "{\"v\":1,\"type\":\"chunk\",\"tick\":" + (1 + seq / 8) + ",\"seq\":" + seq + ",\"data\":"
                        + SyntheticWorld.chunkData(1, c[0], c[1]) + "}";
                for (String line : ConsoleFraming.frame(seq, json)) {
                    out.write(line);
                    out.write('\n');
                }
            }
        }
    }

    static PipeConfig pipeConfig(LocalStack stack, String prefix) {
        return PipeConfig.builder().bootstrapServers(stack.bootstrapServers()).serverId(SERVER)
                .producerProperties(new Properties()).topicPrefix(prefix).queueCapacity(1_000_000).build();
    }

    static void printTables(int chunks, int tiles, double fullRate, double baseline, long[] lat) throws Exception {
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                .filter(l -> l.startsWith("model name")).findFirst().map(l -> l.substring(l.indexOf(':') + 2)).orElse("?");
        System.out.println("Machine: " + Runtime.getRuntime().availableProcessors() + " cores, " + cpu + ", Java "
                + System.getProperty("java.version") + "; Flink parallelism " + Integer.getInteger("parallelism", 1) + ", RocksDB, 1 s checkpoints.");
        System.out.println();
        System.out.println("| backfill of " + chunks + " chunks (" + tiles + " pyramid tiles) | chunks/s |");
        System.out.println("| --- | ---: |");
        System.out.printf("| baseline: pass-through Flink job, same input, exactly-once | %.0f |%n", baseline);
        System.out.printf("| kafka-pipe → job → full pyramid committed by the tile server | %.0f |%n", fullRate);
        System.out.println();
        System.out.println("| tile change → new bytes served (" + lat.length + " changes) | p50 ms | p95 ms | max ms |");
        System.out.println("| --- | ---: | ---: | ---: |");
        System.out.printf("| `tiles` packet into kafka-pipe → `tile` message → GET ?v=etag 200 | %.0f | %.0f | %.0f |%n",
                pct(lat, 50), pct(lat, 95), pct(lat, 100));
    }

    static double pct(long[] sorted, double p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }

    /** Collects the newest etag of every tile of one layer the tile server announces, keyed "z/x/y". */
    static final class TileWatcher implements WebSocket.Listener {
        final Map<String, String> seen = new ConcurrentHashMap<>();
        volatile long lastMessageNanos;
        private final String layer;
        private final StringBuilder buf = new StringBuilder();

        TileWatcher(String layer) {
            this.layer = layer;
        }

        static TileWatcher connect(URI base) throws Exception {
            return connect(base, "terrain");
        }

        static TileWatcher connect(URI base, String layer) throws Exception {
            TileWatcher w = new TileWatcher(layer);
            URI ws = URI.create(base.toString().replace("http://", "ws://") + "ws?server=" + SERVER);
            HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(ws, w).get(10, TimeUnit.SECONDS);
            return w;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            buf.append(data);
            if (last) {
                try {
                    JsonNode m = TopicJson.mapper().readTree(buf.toString());
                    if ("tile".equals(m.path("type").asText()) && layer.equals(m.path("layer").asText())) {
                        lastMessageNanos = System.nanoTime();
                        seen.put(key(m.get("z").asInt(), m.get("x").asLong(), m.get("y").asLong()), m.get("etag").asText());
                    }
                } catch (Exception e) {
                    System.err.println("bad message: " + e);
                }
                buf.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }
}
