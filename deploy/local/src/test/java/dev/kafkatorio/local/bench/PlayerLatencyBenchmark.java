package dev.kafkatorio.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kafkatorio.local.LocalStack;
import dev.kafkatorio.local.LocalStackConfig;
import dev.kafkatorio.protocol.TopicJson;
import java.io.File;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Benchmark: player moves written to kafka-pipe's stdin → Kafka → Flink → Kafka → tile server →
 * WebSocket client, on the local stack; baseline: the same number of records through one Kafka
 * produce → consume hop on the same broker with kafka-pipe's producer settings, in the same run.
 *
 * <p>Run with {@code scripts/bench-player-latency.sh}; prints a Markdown table.
 */
public final class PlayerLatencyBenchmark {

    static final int MOVES = Integer.getInteger("moves", 1000);
    static final int PLAYERS = Integer.getInteger("players", 10);
    static final long INTERVAL_MICROS = Long.getLong("intervalMicros", 5000);

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("kafkatorio-bench-");
        LocalStackConfig cfg = new LocalStackConfig("127.0.0.1", 0, dir, null, null,
                LocalStackConfig.ConsoleSource.NONE, "bench", 0, Duration.ofSeconds(1), Integer.getInteger("parallelism", 1),
                null, null, null);
        try (LocalStack stack = LocalStack.start(cfg)) {
            System.err.println("stack up: " + stack.mapUri());
            long[] baseline = kafkaHopBaseline(stack.bootstrapServers());
            long[] full = fullPath(stack, dir);
            printTable(full, baseline);
        }
    }

    /** Latencies (ns) of moves from kafka-pipe stdin to the WebSocket client. */
    static long[] fullPath(LocalStack stack, Path dir) throws Exception {
        Map<Long, Long> sentAt = new ConcurrentHashMap<>();
        Map<Long, Long> latency = new ConcurrentHashMap<>();
        URI ws = URI.create(stack.mapUri().toString().replace("http://", "ws://") + "ws?server=bench");
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(ws, new WebSocket.Listener() {
            final StringBuilder buf = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                buf.append(data);
                if (last) {
                    long now = System.nanoTime();
                    try {
                        JsonNode msg = TopicJson.mapper().readTree(buf.toString());
                        if ("player".equals(msg.path("type").asText())) {
                            long seq = msg.path("player").path("seq").asLong();
                            Long t0 = sentAt.get(seq);
                            if (t0 != null) {
                                latency.putIfAbsent(seq, now - t0);
                            }
                        }
                    } catch (Exception e) {
                        System.err.println("bad message: " + e);
                    }
                    buf.setLength(0);
                }
                webSocket.request(1);
                return null;
            }
        }).get(10, TimeUnit.SECONDS);

        String pipeJar = System.getProperty("kafkatorio.pipe.jar", "kafka-pipe/target/kafka-pipe.jar");
        if (!new File(pipeJar).exists()) {
            throw new IllegalStateException("kafka-pipe jar not found at " + pipeJar + " (run mvn package first)");
        }
        Process pipe = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                pipeJar, "--bootstrap-servers", stack.bootstrapServers(), "--server-id", "bench")
                .redirectOutput(dir.resolve("pipe.out").toFile())
                .redirectError(dir.resolve("pipe.err").toFile())
                .start();
        OutputStream stdin = pipe.getOutputStream();
        long seq = 1;
        write(stdin, "KFKTR:{\"v\":1,\"type\":\"session-start\",\"tick\":0,\"seq\":1,\"data\":{\"mod\":\"0.1.0\",\"game\":\"2.0.77\",\"reason\":\"load\"}}");
        // warm-up: let every component see traffic once before measuring
        for (int i = 0; i < 50; i++) {
            seq++;
            write(stdin, move(seq, 1 + i % PLAYERS, i, 0));
            Thread.sleep(20);
        }
        Thread.sleep(3000);
        latency.clear();
        long firstMeasured = seq + 1;
        for (int i = 0; i < MOVES; i++) {
            seq++;
            String line = move(seq, 1 + i % PLAYERS, i * 0.25, -i * 0.5);
            sentAt.put(seq, System.nanoTime());
            write(stdin, line);
            if (i % 100 == 0) {
                System.err.printf("sent %d/%d moves, %d received%n", i, MOVES, latency.size());
            }
            TimeUnit.MICROSECONDS.sleep(INTERVAL_MICROS);
        }
        long deadline = System.currentTimeMillis() + 15_000;
        while (latency.size() < MOVES && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        stdin.close();
        pipe.waitFor(20, TimeUnit.SECONDS);
        socket.abort();
        final long from = firstMeasured;
        System.err.printf("received %d of %d moves (the broadcaster coalesces per player, so a few may be merged)%n",
                latency.size(), MOVES);
        return latency.entrySet().stream().filter(e -> e.getKey() >= from).mapToLong(Map.Entry::getValue).sorted().toArray();
    }

    /** Latencies (ns) of one produce → consume hop on the same broker. */
    static long[] kafkaHopBaseline(String bootstrap) throws Exception {
        String topic = "bench-baseline";
        Properties pp = new Properties();
        pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        pp.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        pp.put(ProducerConfig.ACKS_CONFIG, "all");
        pp.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        pp.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        Properties cp = new Properties();
        cp.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        cp.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "100");
        try (var admin = org.apache.kafka.clients.admin.Admin.create(cp)) {
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(topic, 1, (short) 1))).all().get();
        }
        long[] lat = new long[MOVES];
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(pp, new ByteArraySerializer(), new ByteArraySerializer());
                KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(cp, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToEnd(List.of(tp));
            consumer.position(tp);
            long[] sent = new long[MOVES];
            Thread consumerThread = new Thread(() -> {
                int got = 0;
                while (got < MOVES) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                        int i = Integer.parseInt(new String(r.key(), StandardCharsets.UTF_8));
                        lat[i] = System.nanoTime() - sent[i];
                        got++;
                    }
                }
            });
            consumerThread.start();
            for (int i = 0; i < MOVES; i++) {
                sent[i] = System.nanoTime();
                producer.send(new ProducerRecord<>(topic, Integer.toString(i).getBytes(StandardCharsets.UTF_8),
                        move(i, 1, i, i).getBytes(StandardCharsets.UTF_8)));
                TimeUnit.MICROSECONDS.sleep(INTERVAL_MICROS);
            }
            consumerThread.join(30_000);
        }
        return Arrays.stream(lat).sorted().toArray();
    }

    static String move(long seq, int player, double x, double y) {
        return "KFKTR:{\"v\":1,\"type\":\"player\",\"tick\":" + (seq * 10) + ",\"seq\":" + seq + ",\"data\":{\"index\":" + player
                + ",\"name\":\"p" + player + "\",\"event\":\"moved\",\"surface\":1,\"x\":" + x + ",\"y\":" + y
                + ",\"color\":\"#ff8000\",\"connected\":true}}";
    }

    static void write(OutputStream out, String line) throws Exception {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }

    static void printTable(long[] full, long[] baseline) throws Exception {
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                .filter(l -> l.startsWith("model name")).findFirst().map(l -> l.substring(l.indexOf(':') + 2)).orElse("?");
        List<String> out = new ArrayList<>();
        out.add("Machine: " + Runtime.getRuntime().availableProcessors() + " cores, " + cpu + ", Java "
                + System.getProperty("java.version") + ", " + System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        out.add("Load: " + MOVES + " moves of " + PLAYERS + " players, one every " + INTERVAL_MICROS / 1000.0 + " ms.");
        out.add("");
        out.add("| path | samples | p50 ms | p90 ms | p99 ms | max ms |");
        out.add("| --- | ---: | ---: | ---: | ---: | ---: |");
        out.add(row("baseline: one Kafka produce → consume hop", baseline));
        out.add(row("kafka-pipe stdin → Flink → tile server → WebSocket", full));
        out.forEach(System.out::println);
    }

    static String row(String name, long[] l) {
        return String.format("| %s | %d | %.1f | %.1f | %.1f | %.1f |", name, l.length, pct(l, 50), pct(l, 90), pct(l, 99), pct(l, 100));
    }
}
