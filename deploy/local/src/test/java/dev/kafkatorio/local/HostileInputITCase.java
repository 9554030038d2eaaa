package dev.kafkatorio.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kafkatorio.pipe.KafkaPipe;
import dev.kafkatorio.pipe.PipeConfig;
import dev.kafkatorio.pipe.PipeStats;
import dev.kafkatorio.protocol.DeadLetter;
import dev.kafkatorio.protocol.TopicJson;
import dev.kafkatorio.protocol.Topics;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No single input can hurt anyone else. A seeded fuzz run of a few thousand hostile console lines
 * (every class the issue found, plus truncated JSON, wrong types, unknown types and versions, deep
 * nesting, invalid UTF-8, NUL bytes, bad part sets, absurd coordinates), interleaved with valid player
 * moves, through the real kafka-pipe into the stack: the job never restarts, every valid move arrives,
 * each hostile line is a dead letter with its reason or is counted by kafka-pipe, and heap stays
 * bounded. And the HTTP side of the local stack: security headers, the Host check, the header-read
 * timeout and the access token.
 */
class HostileInputITCase {

    static final String SERVER = "fuzz";
    static final String TOKEN = "s3cret-token-for-the-test";
    static final Pattern MARKER = Pattern.compile("~H(\\d+)~");

    @TempDir
    static Path dir;

    static LocalStack stack;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        stack = LocalStack.start(LocalStackConfig.forTests(dir.resolve("stack")).withAccessToken(TOKEN));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    /** One fuzz case: its console lines, and whether it is hostile (then it carries marker {@code ~H<id>~}). */
    record Case(int id, List<byte[]> lines, boolean hostile, String kind) {}

    @Test
    void shouldDeadLetterOrCountEveryHostileLineAndDeliverEveryValidMove() throws Exception {
        Random random = new Random(20261202L);
        List<Case> cases = new ArrayList<>();
        Set<Long> validTicks = new HashSet<>();
        long[] seq = {0};
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        int hostileLines = 0;
        for (int i = 0; i < 3000; i++) {
            Case c = hostile(i, random, seq);
            cases.add(c);
            hostileLines += c.lines().size();
            for (byte[] line : c.lines()) {
                console.write(line);
                console.write('\n');
            }
            if (i % 3 == 0) {
                long tick = 1_000_000L + i;
                validTicks.add(tick);
                String move = "KFKTR:{\"v\":1,\"type\":\"player\",\"tick\":" + tick + ",\"seq\":" + (++seq[0])
                        + ",\"data\":{\"index\":" + (1 + i % 5) + ",\"name\":\"p" + (1 + i % 5) + "\",\"event\":\"moved\","
                        + "\"surface\":1,\"x\":" + (i % 700) + ".5,\"y\":-" + (i % 300) + ".25,\"color\":\"#ff8000\",\"connected\":true}}";
                console.write(move.getBytes(StandardCharsets.UTF_8));
                console.write('\n');
            }
        }
        System.out.printf("fuzz: %d hostile cases in %d lines, %d valid moves, %d bytes%n", cases.size(), hostileLines,
                validTicks.size(), console.size());

        System.gc();
        long heapBefore = usedHeap();
        PipeStats stats;
        try (KafkaPipe pipe = KafkaPipe.start(PipeConfig.builder()
                .bootstrapServers(stack.bootstrapServers())
                .serverId(SERVER)
                .spoolDir(dir.resolve("fuzz-spool"))
                .build())) {
            pipe.pump(new ByteArrayInputStream(console.toByteArray()), OutputStream.nullOutputStream());
            pipe.close(); // ships incomplete part sets; sends what is spooled
            stats = pipe.stats();
        }
        System.out.println("kafka-pipe: rejected " + stats.rejectedLines() + ", incomplete " + stats.incompletePackets());

        // every valid move arrives
        Set<Long> arrived = new HashSet<>();
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(2)).until(() -> {
            for (JsonNode p : drain(Topics.PLAYERS)) {
                if (SERVER.equals(p.path("server").asText())) {
                    arrived.add(p.path("tick").asLong());
                }
            }
            return arrived.containsAll(validTicks);
        });

        // each hostile case is a dead letter with its reason, or counted by kafka-pipe
        Map<Integer, String> reasons = new HashMap<>();
        List<JsonNode> letters = new ArrayList<>();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2)).until(() -> {
            for (JsonNode dl : drain(Topics.DEAD_LETTERS)) {
                letters.add(dl);
                Matcher m = MARKER.matcher(dl.path("payload").asText());
                if (m.find()) {
                    reasons.putIfAbsent(Integer.parseInt(m.group(1)), dl.path("reason").asText());
                }
            }
            return cases.stream().filter(Case::hostile).allMatch(c -> reasons.containsKey(c.id()));
        });
        Map<String, Integer> byKind = new TreeMap<>();
        for (Case c : cases) {
            if (c.hostile()) {
                assertThat(reasons.get(c.id())).as("reason of case %d (%s)", c.id(), c.kind()).isNotBlank();
                byKind.merge(c.kind() + ": " + reasons.get(c.id()).replaceAll("[0-9]+", "#"), 1, Integer::sum);
            }
        }
        byKind.forEach((k, n) -> System.out.println("  " + n + " × " + k));
        for (JsonNode dl : letters) {
            assertThat(TopicJson.mapper().writeValueAsBytes(dl).length).isLessThanOrEqualTo(DeadLetter.MAX_JSON_BYTES);
        }
        assertThat(stats.packetsDropped()).isZero();

        // the job never restarted, and heap stays bounded
        assertThat(stack.jobRestarts()).isZero();
        assertThat(stack.jobStatus().toString()).isEqualTo("RUNNING");
        System.gc();
        long heapAfter = usedHeap();
        System.out.printf("heap used after GC: %d MB before the fuzz run, %d MB after (max %d MB)%n",
                heapBefore >> 20, heapAfter >> 20, Runtime.getRuntime().maxMemory() >> 20);
        assertThat(heapAfter - heapBefore).as("heap growth over the fuzz run (after GC)").isLessThan(256L << 20);
    }

    /** A hostile case of one of the classes, chosen by {@code i}; a few are valid-but-odd (not hostile). */
    static Case hostile(int id, Random r, long[] seq) {
        String mk = "~H" + id + "~";
        String env = "KFKTR:{\"fz\":\"" + mk + "\",\"v\":1,";
        long s = ++seq[0];
        List<byte[]> lines = new ArrayList<>();
        String kind;
        switch (id % 24) {
            case 0 -> {
                kind = "truncated JSON";
                String full = env + "\"type\":\"player\",\"tick\":5,\"seq\":" + s + ",\"data\":{\"index\":1,\"name\":\"x\"}}";
                lines.add(utf8(full.substring(0, env.length() + 1 + r.nextInt(full.length() - env.length() - 2))));
            }
            case 1 -> {
                kind = "wrong type: tick string";
                lines.add(utf8(env + "\"type\":\"heartbeat\",\"tick\":\"abc\",\"seq\":" + s + ",\"data\":{\"online\":1}}"));
            }
            case 2 -> {
                kind = "wrong type: data array";
                lines.add(utf8(env + "\"type\":\"player\",\"tick\":5,\"seq\":" + s + ",\"data\":[1,2]}"));
            }
            case 3 -> {
                kind = "wrong type: x string";
                lines.add(utf8(env + "\"type\":\"player\",\"tick\":5,\"seq\":" + s + ",\"data\":{\"index\":1,\"name\":\"a\","
                        + "\"event\":\"moved\",\"surface\":1,\"x\":\"1\",\"y\":2,\"color\":\"#ff8000\",\"connected\":true}}"));
            }
            case 4 -> {
                kind = "unknown type";
                lines.add(utf8(env + "\"type\":\"teleport\",\"tick\":5,\"seq\":" + s + ",\"data\":{}}"));
            }
            case 5 -> {
                kind = "unknown version";
                lines.add(utf8("KFKTR:{\"fz\":\"" + mk + "\",\"v\":" + (r.nextBoolean() ? "2" : "18446744073709551617")
                        + ",\"type\":\"heartbeat\",\"tick\":5,\"seq\":" + s + ",\"data\":{\"online\":1}}"));
            }
            case 6 -> {
                kind = "deep nesting";
                int depth = 1800;
                lines.add(utf8(env + "\"type\":\"heartbeat\",\"tick\":5,\"seq\":" + s + ",\"data\":{\"online\":"
                        + "[".repeat(depth) + "]".repeat(depth) + "}}"));
            }
            case 7 -> {
                kind = "invalid UTF-8";
                byte[] head = utf8(env + "\"type\":\"player\",\"tick\":5,\"seq\":" + s + ",\"data\":{\"index\":1,\"name\":\"");
                byte[] tail = utf8("\",\"event\":\"joined\",\"surface\":1,\"x\":1,\"y\":2,\"color\":\"#ff8000\",\"connected\":true,\"x\":[}}");
                lines.add(concat(head, new byte[] {(byte) 0xc3, 0x28, (byte) 0xff}, tail));
            }
            case 8 -> {
                kind = "NUL bytes";
                lines.add(concat(utf8(env + "\"type\":\"heartbeat\",\"tick\":5,"), new byte[] {0, 0, 0}, utf8("\"seq\":" + s + "}")));
            }
            case 9 -> {
                kind = "absurd player coordinate";
                lines.add(utf8(env + "\"type\":\"player\",\"tick\":5,\"seq\":" + s + ",\"data\":{\"index\":1,\"name\":\"a\","
                        + "\"event\":\"moved\",\"surface\":1,\"x\":" + (r.nextBoolean() ? "1e300" : "-1000001") + ",\"y\":2,"
                        + "\"color\":\"#ff8000\",\"connected\":true}}"));
            }
            case 10 -> {
                kind = "entity at chunk 2^31-1";
                lines.add(utf8(env + "\"type\":\"entities\",\"tick\":5,\"seq\":" + s + ",\"data\":{\"surface\":1,\"changes\":["
                        + "{\"event\":\"built\",\"unit\":9,\"name\":\"transport-belt\",\"type\":\"transport-belt\","
                        + "\"x\":68719476720,\"y\":3.5,\"dir\":4,\"force\":\"player\"}]}}"));
            }
            case 11 -> {
                kind = "chunk at 2^31-1";
                lines.add(utf8(env + "\"type\":\"chunk\",\"tick\":5,\"seq\":" + s + ",\"data\":{\"surface\":1,\"cx\":2147483647,"
                        + "\"cy\":0,\"hash\":\"a\",\"palette\":[\"sand-1\"],\"runs\":[0,1024]}}"));
            }
            case 12 -> {
                kind = "index >= 2^64";
                lines.add(utf8(env + "\"type\":\"player\",\"tick\":5,\"seq\":" + s + ",\"data\":{\"index\":18446744073709551617,"
                        + "\"name\":\"a\",\"event\":\"moved\",\"surface\":1,\"x\":1,\"y\":2,\"color\":\"#ff8000\",\"connected\":true}}"));
            }
            case 13 -> {
                kind = "tick 1e400";
                lines.add(utf8(env + "\"type\":\"heartbeat\",\"tick\":1e400,\"seq\":" + s + ",\"data\":{\"online\":1}}"));
            }
            case 14 -> {
                kind = "fractional seq";
                lines.add(utf8(env + "\"type\":\"heartbeat\",\"tick\":5,\"seq\":" + s + ".5,\"data\":{\"online\":1}}"));
            }
            case 15 -> {
                kind = "200,000 bytes of 0x01";
                byte[] junk = new byte[200_000];
                java.util.Arrays.fill(junk, (byte) 1);
                lines.add(concat(utf8("KFKTR:" + mk), junk));
            }
            case 16 -> {
                kind = "part i > n";
                lines.add(utf8("KFKTR+" + (500_000 + id) + "/5/3:" + mk + "{\"v\":1"));
            }
            case 17 -> {
                kind = "part count huge";
                lines.add(utf8("KFKTR+" + (500_000 + id) + "/1/999999:" + mk + "{\"v\":1"));
            }
            case 18 -> {
                kind = "part header not numeric";
                lines.add(utf8("KFKTR+abc/x/y:" + mk + "{\"v\":1"));
            }
            case 19 -> {
                kind = "part set with a part missing";
                long pid = 600_000 + id;
                lines.add(utf8("KFKTR+" + pid + "/1/3:" + "{\"fz\":\"" + mk + "\",\"v\":1,\"type\":\"heartbeat\","));
                lines.add(utf8("KFKTR+" + pid + "/3/3:" + "\"data\":{\"online\":1}}"));
            }
            case 20 -> {
                kind = "part sent twice, set not JSON";
                long pid = 700_000 + id;
                lines.add(utf8("KFKTR+" + pid + "/1/2:" + "{\"fz\":\"" + mk + "\",\"v\":1,"));
                lines.add(utf8("KFKTR+" + pid + "/1/2:" + "{\"fz\":\"" + mk + "\",\"v\":1,"));
                lines.add(utf8("KFKTR+" + pid + "/2/2:" + "\"type\":"));
            }
            case 21 -> {
                kind = "part of 999 kB";
                lines.add(concat(utf8("KFKTR+" + (800_000 + id) + "/1/2:" + mk), utf8("a".repeat(999_000))));
            }
            case 22 -> {
                kind = "tiles far outside the map";
                lines.add(utf8(env + "\"type\":\"tiles\",\"tick\":5,\"seq\":" + s + ",\"data\":{\"surface\":1,\"palette\":[\"concrete\"],"
                        + "\"tiles\":[10000000,-3,0]}}"));
            }
            default -> {
                // a seq far ahead: never a reason to drop the valid moves that follow
                kind = "seq jump";
                lines.add(utf8("KFKTR:{\"v\":1,\"type\":\"heartbeat\",\"tick\":5,\"seq\":4611686018427387904,\"data\":{\"online\":1}}"));
                return new Case(id, lines, false, kind);
            }
        }
        return new Case(id, lines, true, kind);
    }

    // ---- HTTP on the local stack ----

    @Test
    void shouldSendSecurityHeadersOnTheMapAndTheApi() throws Exception {
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(stack.mapUri()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).containsIgnoringCase("text/html").containsIgnoringCase("charset=utf-8");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElse("")).contains("frame-ancestors 'none'", "script-src 'self'");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        HttpResponse<String> api = http.send(HttpRequest.newBuilder(stack.mapUri().resolve("/api/servers")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(api.statusCode()).isEqualTo(200);
        assertThat(api.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(api.headers().firstValue("Content-Type").orElse("")).contains("application/json");
    }

    @Test
    void shouldRefuseAForeignHostOnRestAndWebSocket() throws Exception {
        assertThat(rawStatus("GET /api/servers HTTP/1.1\r\nHost: localhost:" + stack.mapUri().getPort() + "\r\n\r\n")).isEqualTo(200);
        assertThat(rawStatus("GET /api/servers HTTP/1.1\r\nHost: rebind.attacker.example\r\n\r\n")).isEqualTo(421);
        assertThat(rawStatus("GET /ws HTTP/1.1\r\nHost: rebind.attacker.example\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + "Origin: http://rebind.attacker.example\r\n\r\n")).isEqualTo(421);
    }

    @Test
    void shouldCutOffAClientThatSendsItsHeadersOneByteASecond() throws Exception {
        try (Socket s = new Socket("127.0.0.1", stack.mapUri().getPort())) {
            s.setSoTimeout(60_000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            byte[] request = ("GET /api/servers HTTP/1.1\r\nHost: localhost\r\nX-Slow: " + "a".repeat(100)).getBytes(StandardCharsets.US_ASCII);
            long t0 = System.nanoTime();
            boolean closed = false;
            for (byte b : request) {
                try {
                    out.write(b);
                    out.flush();
                } catch (java.io.IOException e) {
                    closed = true;
                    break;
                }
                Thread.sleep(1000);
                if (in.available() > 0 || (System.nanoTime() - t0) > 40e9) {
                    break;
                }
            }
            if (!closed) {
                closed = in.read(new byte[4096]) >= -1; // an answer (408/close) or EOF: the server gave up
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertThat(closed).isTrue();
            assertThat(seconds).as("cut off before the whole slow request was sent").isLessThan(request.length);
        }
    }

    @Test
    void shouldAskForTheAccessTokenSetOnTheStack() throws Exception {
        URI players = stack.mapUri().resolve("/api/servers/" + SERVER + "/players");
        assertThat(http.send(HttpRequest.newBuilder(players).build(), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(401);
        int withToken = http.send(HttpRequest.newBuilder(players).header("Authorization", "Bearer " + TOKEN).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
        assertThat(withToken).isIn(200, 404); // 404 until the server has sent anything
        assertThat(http.send(HttpRequest.newBuilder(players).header("Authorization", "Bearer wrong").build(),
                HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(401);
    }

    // ---- helpers ----

    private int rawStatus(String request) throws Exception {
        try (Socket s = new Socket("127.0.0.1", stack.mapUri().getPort())) {
            s.setSoTimeout(15_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            byte[] buf = new byte[12];
            int n = s.getInputStream().readNBytes(buf, 0, 12);
            String status = new String(buf, 0, n, StandardCharsets.US_ASCII);
            return Integer.parseInt(status.substring(9, 12));
        }
    }

    private final Map<String, KafkaConsumer<byte[], byte[]>> consumers = new HashMap<>();

    /** New records of a topic since the last call (read_committed, from the beginning at first). */
    private List<JsonNode> drain(String topic) throws Exception {
        KafkaConsumer<byte[], byte[]> c = consumers.computeIfAbsent(topic, t -> {
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
            p.put(ConsumerConfig.GROUP_ID_CONFIG, "hostile-test-" + t);
            p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            KafkaConsumer<byte[], byte[]> k = new KafkaConsumer<>(p);
            k.subscribe(List.of(t));
            return k;
        });
        List<JsonNode> out = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                if (r.value() != null) {
                    out.add(TopicJson.mapper().readTree(r.value()));
                }
            }
        }
        return out;
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
