package dev.kafkatorio.tiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kafkatorio.kafka.EmbeddedKafkaBroker;
import dev.kafkatorio.protocol.Keys;
import dev.kafkatorio.protocol.PlayerUpdate;
import dev.kafkatorio.protocol.ServerStatus;
import dev.kafkatorio.protocol.TopicJson;
import dev.kafkatorio.protocol.Topics;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.exceptions.UpgradeException;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tile server against a real in-process Kafka broker and real Jetty on an ephemeral port. */
class TileServerITCase {

    private static final AtomicInteger TEST_NO = new AtomicInteger();
    private static EmbeddedKafkaBroker kafka;
    private static KafkaProducer<String, byte[]> producer;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final WebSocketClient wsClient = new WebSocketClient();
    private String prefix;
    private TileServer server;
    @TempDir
    java.nio.file.Path dataDir;

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafkaBroker.start();
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void stopKafka() {
        if (producer != null) {
            producer.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @BeforeEach
    void startServer() throws Exception {
        prefix = "it" + TEST_NO.incrementAndGet() + ".";
        kafka.createTopic(Topics.prefixed(prefix, Topics.PLAYERS), 1, true);
        kafka.createTopic(Topics.prefixed(prefix, Topics.SERVERS), 1, true);
        kafka.createTopic(Topics.prefixed(prefix, Topics.TILES), 1, true);
        kafka.createTopic(Topics.prefixed(prefix, Topics.CHART_TILES), 1, true);
        kafka.createTopic(Topics.prefixed(prefix, Topics.SURFACES), 1, true);
        for (String t : List.of(Topics.ENTITY_TILES, Topics.CHUNK_ENTITIES, Topics.TAGS)) {
            kafka.createTopic(Topics.prefixed(prefix, t), 1, true);
        }
        kafka.createTopic(Topics.prefixed(prefix, Topics.CHANGES), 1, false);
        wsClient.start();
    }

    private void startTileServer(TileServerConfig.Builder config) throws Exception {
        server = TileServer.newServer(config.bootstrapServers(kafka.bootstrapServers())
                .port(0).topicPrefix(prefix).dataDir(dataDir).build());
        server.start();
    }

    private void startTileServer() throws Exception {
        startTileServer(TileServerConfig.builder());
    }

    @AfterEach
    void stopServer() throws Exception {
        wsClient.stop();
        if (server != null) {
            server.close();
        }
    }

    // ---- helpers

    private static PlayerUpdate player(String server, int index, long seq, String name) {
        return new PlayerUpdate(1, server, "sess", seq, seq * 60, index, name, "moved", 1, index * 10.5,
                -seq, "#ff8800", true, System.currentTimeMillis());
    }

    private static ServerStatus status(String server, long tick) {
        return new ServerStatus(1, server, "sess", tick, System.currentTimeMillis(), 1, "0.1.0", "2.0.72");
    }

    private void produce(PlayerUpdate u) {
        producer.send(new ProducerRecord<>(Topics.prefixed(prefix, Topics.PLAYERS),
                Keys.player(u.server(), u.index()), TopicJson.write(u)));
    }

    private void produce(ServerStatus s) {
        producer.send(new ProducerRecord<>(Topics.prefixed(prefix, Topics.SERVERS), Keys.server(s.server()),
                TopicJson.write(s)));
    }

    private void produceRaw(String topic, String key, String value) {
        producer.send(new ProducerRecord<>(Topics.prefixed(prefix, topic), key,
                value.getBytes(StandardCharsets.UTF_8)));
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.uri().resolve(path)).timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(server.uri().resolve(path))
                .method(method, HttpRequest.BodyPublishers.ofString("x")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(String body) throws Exception {
        return TopicJson.mapper().readTree(body);
    }

    private URI wsUri(String query) {
        return URI.create("ws://127.0.0.1:" + server.port() + "/ws" + query);
    }

    /** Collects every text message a WebSocket client receives. */
    public static final class Collector implements Session.Listener.AutoDemanding {
        final List<JsonNode> messages = new CopyOnWriteArrayList<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();

        @Override
        public void onWebSocketText(String text) {
            try {
                messages.add(TopicJson.mapper().readTree(text));
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + text, e);
            }
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason) {
            closed.complete(statusCode);
        }

        List<String> describe() {
            List<String> out = new ArrayList<>();
            for (JsonNode m : messages) {
                String type = m.get("type").asText();
                out.add(type.equals("player")
                        ? "player " + m.get("server").asText() + "/" + m.get("player").get("index").asInt()
                                + "#" + m.get("player").get("seq").asLong()
                        : type + " " + m.get("server").asText());
            }
            return out;
        }
    }

    private Metric metrics() throws Exception {
        return new Metric(get("/metrics").body());
    }

    record Metric(String text) {
        double value(String name) {
            for (String line : text.split("\n")) {
                if (line.startsWith(name + " ")) {
                    return Double.parseDouble(line.substring(name.length() + 1).trim());
                }
            }
            throw new AssertionError(name + " not in\n" + text);
        }
    }

    // ---- REST

    @Test
    void shouldServeServersAndPlayersFromTheTopics() throws Exception {
        startTileServer();
        produce(status("s1", 100));
        produce(player("s1", 1, 1, "alice"));
        produce(player("s1", 2, 1, "bob"));
        produce(player("s1", 1, 2, "alice")); // newer state of player 1
        produce(player("s2", 1, 1, "carol")); // a server seen only through its players
        producer.flush();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode servers = json(get("/api/servers").body());
            assertThat(servers).hasSize(2);
            assertThat(servers.get(0).get("server").asText()).isEqualTo("s1");
            assertThat(servers.get(0).get("players").asInt()).isEqualTo(2);
            assertThat(servers.get(0).get("status").get("tick").asLong()).isEqualTo(100);
            assertThat(servers.get(1).get("status").isNull()).isTrue();
        });
        HttpResponse<String> players = get("/api/servers/s1/players");
        assertThat(players.statusCode()).isEqualTo(200);
        assertThat(players.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(players.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode list = json(players.body());
        assertThat(list).hasSize(2);
        assertThat(list.get(0).get("name").asText()).isEqualTo("alice");
        assertThat(list.get(0).get("seq").asLong()).isEqualTo(2);
        assertThat(TopicJson.mapper().treeToValue(list.get(1), PlayerUpdate.class).name()).isEqualTo("bob");
    }

    @Test
    void shouldSkipAndCountUnreadableRecords() throws Exception {
        startTileServer();
        produceRaw(Topics.PLAYERS, "s1/1", "{not json");
        produceRaw(Topics.PLAYERS, "no-slash", "{}");
        produceRaw(Topics.SERVERS, "s1", "[]");
        produce(player("s1", 3, 1, "dave"));
        producer.flush();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(json(get("/api/servers/s1/players").body())).hasSize(1));
        Metric m = metrics();
        assertThat(m.value("kafkatorio_tiles_record_parse_failures_total")).isEqualTo(3);
        assertThat(m.value("kafkatorio_tiles_records_consumed_total")).isEqualTo(4);
    }

    @Test
    void shouldAnswerBadRequestsWith4xxNever500() throws Exception {
        startTileServer();
        assertThat(get("/api/servers/bad%20id/players").statusCode()).isEqualTo(400);
        assertThat(get("/api/servers/unknown/players").statusCode()).isEqualTo(404);
        assertThat(json(get("/api/servers/unknown/players").body()).get("error").asText()).isEqualTo("unknown server");
        assertThat(get("/api/nope").statusCode()).isEqualTo(404);
        HttpResponse<String> post = send("POST", "/api/servers");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).contains("GET");
        assertThat(send("DELETE", "/index.html").statusCode()).isEqualTo(405);
        assertThat(send("PUT", "/metrics").statusCode()).isEqualTo(405);
        assertThat(get("/ws").statusCode()).isEqualTo(400); // plain HTTP on the WebSocket path
        assertThat(get("/ws?server=bad!").statusCode()).isEqualTo(400);
        assertThat(get("/tiles/s1/1/0/0/0.png").statusCode()).isEqualTo(404);
        assertThat(get("/no-such-file.js").statusCode()).isEqualTo(404);
    }

    // ---- static files

    @Test
    void shouldServeStaticFilesWithEtagAndRevalidation() throws Exception {
        startTileServer();
        HttpResponse<String> index = get("/");
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.body()).contains("test index");
        assertThat(index.headers().firstValue("Cache-Control")).contains("no-cache");
        String etag = index.headers().firstValue("ETag").orElseThrow();

        assertThat(get("/", "If-None-Match", etag).statusCode()).isEqualTo(304);
        assertThat(get("/index.html", "If-None-Match", etag).statusCode()).isEqualTo(304);

        HttpResponse<String> leaflet = get("/vendor/leaflet/leaflet.js");
        assertThat(leaflet.statusCode()).isEqualTo(200);
        assertThat(leaflet.body()).contains("Leaflet");
        assertThat(leaflet.headers().firstValue("ETag")).isPresent();
        assertThat(get("/vendor/leaflet/leaflet.css").statusCode()).isEqualTo(200);
        assertThat(get("/vendor/leaflet/images/marker-icon.png").statusCode()).isEqualTo(200);
    }

    @Test
    void shouldNotListDirectoriesOrEscapeTheStaticRoots() throws Exception {
        startTileServer();
        assertThat(get("/vendor/leaflet/").statusCode()).isEqualTo(404);
        assertThat(get("/vendor/leaflet/images/").statusCode()).isEqualTo(404);
        for (String path : List.of("/%2e%2e/%2e%2e/pom.xml", "/..%2F..%2Fpom.xml",
                "/vendor/leaflet/..%2F..%2F..%2Fleaflet%2Fpackage.json",
                "/vendor/leaflet/%2e%2e/%2e%2e/%2e%2e/META-INF/MANIFEST.MF")) {
            int status = rawGetStatus(path);
            assertThat(status).as(path).isIn(400, 404);
        }
    }

    /** Sends a request line exactly as written (java.net.http would normalise the path). */
    private int rawGetStatus(String path) throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            String statusLine = new String(s.getInputStream().readNBytes(12), StandardCharsets.ISO_8859_1);
            return Integer.parseInt(statusLine.substring(9, 12));
        }
    }

    // ---- WebSocket

    @Test
    void shouldSendSnapshotThenLiveUpdatesForTheSubscribedServerOnly() throws Exception {
        startTileServer();
        produce(status("x", 10));
        produce(status("y", 10));
        produce(player("x", 1, 1, "xena"));
        produce(player("y", 1, 1, "yuri"));
        producer.flush();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(json(get("/api/servers").body())).hasSize(2));

        Collector c = new Collector();
        wsClient.connect(c, wsUri("?server=x")).get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(c.describe()).containsExactly("server x", "player x/1#1"));

        produce(player("y", 1, 2, "yuri")); // same partition, before x's update
        produce(player("x", 1, 2, "xena"));
        producer.flush();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(c.describe()).containsExactly("server x", "player x/1#1", "player x/1#2"));
        JsonNode live = c.messages.get(2);
        assertThat(live.get("v").asInt()).isEqualTo(1);
        assertThat(live.get("sentAt").asLong()).isPositive();
        assertThat(live.get("player").get("name").asText()).isEqualTo("xena");
        assertThat(c.describe()).noneMatch(d -> d.contains(" y"));
    }

    @Test
    void shouldSendAllServersWithoutAServerParameter() throws Exception {
        startTileServer();
        produce(status("x", 10));
        produce(player("y", 1, 1, "yuri"));
        producer.flush();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(json(get("/api/servers").body())).hasSize(2));

        Collector c = new Collector();
        wsClient.connect(c, wsUri("")).get(10, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(c.describe()).containsExactly("server x", "player y/1#1"));
    }

    @Test
    void shouldRejectAForeignOriginWith403AndAllowSameOrListedOrigins() throws Exception {
        startTileServer(TileServerConfig.builder().allowedOrigin("https://map.example.com"));

        ClientUpgradeRequest foreign = new ClientUpgradeRequest();
        foreign.setHeader("Origin", "http://evil.example");
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> wsClient.connect(new Collector(), wsUri(""), foreign).get(10, TimeUnit.SECONDS));
        assertThat(e.getCause()).isInstanceOf(UpgradeException.class);
        assertThat(((UpgradeException) e.getCause()).getResponseStatusCode()).isEqualTo(403);
        assertThat(metrics().value("kafkatorio_tiles_ws_origin_rejections_total")).isEqualTo(1);

        ClientUpgradeRequest same = new ClientUpgradeRequest();
        same.setHeader("Origin", "http://127.0.0.1:" + server.port());
        wsClient.connect(new Collector(), wsUri(""), same).get(10, TimeUnit.SECONDS);
        ClientUpgradeRequest listed = new ClientUpgradeRequest();
        listed.setHeader("Origin", "https://map.example.com");
        wsClient.connect(new Collector(), wsUri(""), listed).get(10, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(metrics().value("kafkatorio_tiles_ws_clients")).isEqualTo(2));
    }

    @Test
    void shouldRejectAnUpgradeWithAnInvalidServerIdWith400() throws Exception {
        startTileServer();
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> wsClient.connect(new Collector(), wsUri("?server=a%2Fb")).get(10, TimeUnit.SECONDS));
        assertThat(((UpgradeException) e.getCause()).getResponseStatusCode()).isEqualTo(400);
    }

    @Test
    void shouldCloseAClientThatStopsReadingWhileOthersKeepReceiving() throws Exception {
        startTileServer(TileServerConfig.builder().maxPendingPerClient(50)
                .slowClientTimeout(Duration.ofSeconds(2)));
        Collector normal = new Collector();
        wsClient.connect(normal, wsUri("?server=s")).get(10, TimeUnit.SECONDS);

        try (Socket slow = upgradeAndStopReading()) {
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(metrics().value("kafkatorio_tiles_ws_clients")).isEqualTo(2));

            // ~24 MB of distinct, large updates: more than any socket buffers hold.
            String bigName = "n".repeat(12_000);
            int players = 200;
            int rounds = 10;
            Map<Integer, Long> lastSeq = new HashMap<>();
            for (int round = 1; round <= rounds; round++) {
                for (int i = 1; i <= players; i++) {
                    produce(player("s", i, round, bigName));
                    lastSeq.put(i, (long) round);
                }
            }
            producer.flush();

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(metrics().value("kafkatorio_tiles_ws_clients_closed_slow_total")).isEqualTo(1));
            // The normal client ends up with the latest state of every player.
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                Map<Integer, Long> seen = new HashMap<>();
                for (JsonNode m : normal.messages) {
                    JsonNode p = m.get("player");
                    seen.merge(p.get("index").asInt(), p.get("seq").asLong(), Math::max);
                }
                assertThat(seen).isEqualTo(lastSeq);
            });
            assertThat(normal.closed).isNotDone();
            assertThat(metrics().value("kafkatorio_tiles_ws_clients")).isEqualTo(1);
        }
    }

    /** A raw WebSocket client: completes the upgrade, then never reads again. */
    private Socket upgradeAndStopReading() throws Exception {
        Socket s = new Socket();
        s.setReceiveBufferSize(4096);
        s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
        s.setSoTimeout(10_000);
        String key = Base64.getEncoder().encodeToString("0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
        OutputStream out = s.getOutputStream();
        out.write(("GET /ws?server=s HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = s.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("connection closed during upgrade: " + head);
            }
            head.append((char) b);
        }
        assertThat(head.toString()).startsWith("HTTP/1.1 101");
        return s;
    }
}
