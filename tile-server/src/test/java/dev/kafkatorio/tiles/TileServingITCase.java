package dev.kafkatorio.tiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kafkatorio.kafka.EmbeddedKafkaBroker;
import dev.kafkatorio.protocol.KafkaHeaders;
import dev.kafkatorio.protocol.SurfaceUpdate;
import dev.kafkatorio.protocol.TopicJson;
import dev.kafkatorio.protocol.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Map tiles and surfaces end to end: Kafka topics → tile store → HTTP and WebSocket. */
class TileServingITCase {

    private static final AtomicInteger TEST_NO = new AtomicInteger();
    private static EmbeddedKafkaBroker kafka;
    private static KafkaProducer<String, byte[]> producer;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final WebSocketClient wsClient = new WebSocketClient();
    private String prefix;
    private TileServer server;
    @TempDir
    Path dataDir;

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
    void start() throws Exception {
        prefix = "tiles" + TEST_NO.incrementAndGet() + ".";
        for (Topics.Spec t : Topics.ALL) {
            if (!t.name().equals(Topics.PACKETS) && !t.name().equals(Topics.DEAD_LETTERS)) {
                kafka.createTopic(Topics.prefixed(prefix, t.name()), t.name().equals(Topics.TILES) ? 2 : 1,
                        t.compacted());
            }
        }
        wsClient.start();
        server = TileServer.newServer(TileServerConfig.builder().bootstrapServers(kafka.bootstrapServers())
                .port(0).topicPrefix(prefix).dataDir(dataDir).build());
        server.start();
        awaitConsumerStarted();
    }

    /** Records produced while the consumer starts count as history (no live messages): wait for it. */
    private void awaitConsumerStarted() {
        await().atMost(Duration.ofSeconds(30)).until(() -> new String(http.send(HttpRequest.newBuilder(
                server.uri().resolve("/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body())
                .contains("kafkatorio_tiles_tile_consumer_caught_up 1"));
    }

    @AfterEach
    void stop() throws Exception {
        wsClient.stop();
        if (server != null) {
            server.close();
        }
    }

    // ---- helpers

    private void produceTile(String topic, String key, byte[] png) {
        ProducerRecord<String, byte[]> r = new ProducerRecord<>(Topics.prefixed(prefix, topic), key, png);
        if (png != null) {
            r.headers().add(KafkaHeaders.CONTENT_HASH, TestTiles.hash(png).getBytes(StandardCharsets.UTF_8));
        }
        producer.send(r);
        producer.flush();
    }

    private void produce(String topic, String key, byte[] value, String hashHeader) {
        ProducerRecord<String, byte[]> r = new ProducerRecord<>(Topics.prefixed(prefix, topic), key, value);
        if (hashHeader != null) {
            r.headers().add(KafkaHeaders.CONTENT_HASH, hashHeader.getBytes(StandardCharsets.UTF_8));
        }
        producer.send(r);
        producer.flush();
    }

    private void produceSurface(SurfaceUpdate u) {
        produce(Topics.SURFACES, u.server() + "/" + u.surface(), TopicJson.write(u), null);
    }

    private static SurfaceUpdate surface(String server, int index, String name) {
        return new SurfaceUpdate(1, server, index, name, "planet", name, 12, -2, -2, 1, 1);
    }

    private HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        return request("GET", path, headers);
    }

    private HttpResponse<byte[]> request(String method, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.uri().resolve(path)).timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElse(null);
    }

    private static JsonNode json(HttpResponse<byte[]> r) throws Exception {
        return TopicJson.mapper().readTree(r.body());
    }

    private double metric(String line) throws Exception {
        String text = new String(get("/metrics").body(), StandardCharsets.UTF_8);
        for (String l : text.split("\n")) {
            if (l.startsWith(line + " ")) {
                return Double.parseDouble(l.substring(line.length() + 1).trim());
            }
        }
        throw new AssertionError(line + " not in\n" + text);
    }

    /**
     * Records WebSocket messages; on a {@code tile} message it fetches that tile at once (on the
     * client's thread, before taking the next message) and records what it got.
     */
    public final class Client implements Session.Listener.AutoDemanding {
        final List<JsonNode> messages = new CopyOnWriteArrayList<>();
        final List<String> fetched = new CopyOnWriteArrayList<>();

        @Override
        public void onWebSocketText(String text) {
            try {
                JsonNode m = TopicJson.mapper().readTree(text);
                messages.add(m);
                String type = m.get("type").asText();
                if (type.equals("tile") || type.equals("tile-deleted")) {
                    String segment = java.util.Arrays.stream(dev.kafkatorio.protocol.WsMessages.Layer.values())
                            .filter(l -> l.wireName().equals(m.get("layer").asText())).findFirst()
                            .orElseThrow().pathSegment();
                    HttpResponse<byte[]> r = get("/" + segment + "/" + m.get("server").asText() + "/"
                            + m.get("surface").asInt() + "/" + m.get("z").asInt() + "/" + m.get("x").asLong() + "/"
                            + m.get("y").asLong() + ".png");
                    String etag = m.has("etag") ? m.get("etag").asText() : null;
                    fetched.add(type + " " + etag + " -> " + r.statusCode() + " " + header(r, "ETag") + " "
                            + (r.statusCode() == 200 ? TestTiles.hash(r.body()) : "-"));
                }
            } catch (Exception e) {
                throw new AssertionError(text, e);
            }
        }

        List<String> types() {
            return messages.stream().map(m -> m.get("type").asText()).toList();
        }
    }

    // ---- tests

    @Test
    void shouldServeTilesWithEtagsConditionalRequestsAndVersionedUrls() throws Exception {
        byte[] terrain = TestTiles.png(0x204060);
        byte[] chart = TestTiles.png(0x604020);
        String etag = TestTiles.hash(terrain);
        produceTile(Topics.TILES, "s1/1/-1/-2/3", terrain);
        produceTile(Topics.CHART_TILES, "s1/1/-1/-2/3", chart);
        String url = "/tiles/s1/1/-1/-2/3.png";
        await().atMost(Duration.ofSeconds(30)).until(() -> get(url).statusCode() == 200);

        HttpResponse<byte[]> ok = get(url);
        assertThat(ok.body()).isEqualTo(terrain);
        assertThat(header(ok, "Content-Type")).isEqualTo("image/png");
        assertThat(header(ok, "ETag")).isEqualTo("\"" + etag + "\"");
        assertThat(header(ok, "Cache-Control")).isEqualTo("no-cache");

        HttpResponse<byte[]> notModified = get(url, "If-None-Match", "\"" + etag + "\"");
        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(notModified.body()).isEmpty();
        assertThat(header(notModified, "ETag")).isEqualTo("\"" + etag + "\"");
        assertThat(get(url, "If-None-Match", "\"0000\"").statusCode()).isEqualTo(200);

        HttpResponse<byte[]> versioned = get(url + "?v=" + etag);
        assertThat(versioned.statusCode()).isEqualTo(200);
        assertThat(header(versioned, "Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
        HttpResponse<byte[]> stale = get(url + "?v=" + TestTiles.hash(chart));
        assertThat(stale.statusCode()).isEqualTo(200);
        assertThat(stale.body()).isEqualTo(terrain);
        assertThat(header(stale, "Cache-Control")).isEqualTo("no-cache");

        HttpResponse<byte[]> head = request("HEAD", url);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(header(head, "Content-Length")).isEqualTo(String.valueOf(terrain.length));
        assertThat(header(head, "ETag")).isEqualTo("\"" + etag + "\"");

        await().atMost(Duration.ofSeconds(30)).until(() -> get("/chart-tiles/s1/1/-1/-2/3.png").statusCode() == 200);
        assertThat(get("/chart-tiles/s1/1/-1/-2/3.png").body()).isEqualTo(chart);

        HttpResponse<byte[]> missing = get("/tiles/s1/1/-1/-2/4.png");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(header(missing, "Cache-Control")).isEqualTo("no-store");
        assertThat(request("HEAD", "/tiles/s1/1/-1/-2/4.png").statusCode()).isEqualTo(404);

        assertThat(metric("kafkatorio_tiles_tiles_stored{layer=\"terrain\"}")).isEqualTo(1);
        assertThat(metric("kafkatorio_tiles_tile_requests_total{status=\"3xx\"}")).isEqualTo(1);
        assertThat(metric("kafkatorio_tiles_tile_requests_total{status=\"4xx\"}")).isEqualTo(2);
        assertThat(metric("kafkatorio_tiles_tile_cache_hits_total")).isPositive();
        assertThat(metric("kafkatorio_tiles_store_commit_seconds_count")).isPositive();
    }

    @Test
    void shouldServeAndAnnounceEntityTilesLikeTheOtherLayers() throws Exception {
        Client c = new Client();
        wsClient.connect(c, URI.create("ws://127.0.0.1:" + server.port() + "/ws?server=s1")).get(10, TimeUnit.SECONDS);
        byte[] png = TestTiles.png(0x00ff00);
        String etag = TestTiles.hash(png);
        produceTile(Topics.ENTITY_TILES, "s1/1/2/-3/4", png);
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/entity-tiles/s1/1/2/-3/4.png").statusCode() == 200);
        await().atMost(Duration.ofSeconds(30)).until(() -> c.fetched.size() == 1);
        assertThat(c.fetched).containsExactly("tile " + etag + " -> 200 \"" + etag + "\" " + etag);
        assertThat(c.messages.get(0).get("layer").asText()).isEqualTo("entities");

        String url = "/entity-tiles/s1/1/2/-3/4.png";
        HttpResponse<byte[]> ok = get(url);
        assertThat(ok.body()).isEqualTo(png);
        assertThat(header(ok, "Cache-Control")).isEqualTo("no-cache");
        assertThat(get(url, "If-None-Match", "\"" + etag + "\"").statusCode()).isEqualTo(304);
        assertThat(header(get(url + "?v=" + etag), "Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
        assertThat(get("/tiles/s1/1/2/-3/4.png").statusCode()).isEqualTo(404); // other layers untouched
        assertThat(get("/entity-tiles/s1/1/9/0/0.png").statusCode()).isEqualTo(400);
        assertThat(metric("kafkatorio_tiles_tiles_stored{layer=\"entities\"}")).isEqualTo(1);

        produceTile(Topics.ENTITY_TILES, "s1/1/2/-3/4", null);
        await().atMost(Duration.ofSeconds(30)).until(() -> c.fetched.size() == 2);
        assertThat(c.fetched.get(1)).isEqualTo("tile-deleted null -> 404 null -");
    }

    @Test
    void shouldAnswerMalformedTileUrlsWith400AndOtherMethodsWith405() throws Exception {
        for (String path : List.of("/tiles/s1/1/0/0/0", "/tiles/s1/1/0/0/x.png", "/tiles/s1/1/4/0/0.png",
                "/tiles/s1/1/-7/0/0.png", "/tiles/s1/0/0/0/0.png", "/tiles/bad!id/1/0/0/0.png",
                "/tiles/s1/1/0/99999999999999999999/0.png", "/tiles/s1/1/0.5/0/0.png", "/tiles/s1/1/0/0",
                "/chart-tiles/s1/1/0/0/0.jpg", "/tiles")) {
            HttpResponse<byte[]> r = get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(400);
            assertThat(json(r).get("error").asText()).as(path).isNotBlank();
        }
        HttpResponse<byte[]> post = request("POST", "/tiles/s1/1/0/0/0.png");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(header(post, "Allow")).isEqualTo("GET, HEAD");
        assertThat(metric("kafkatorio_tiles_tile_requests_total{status=\"5xx\"}")).isZero();
    }

    @Test
    void shouldSendTileOnlyOnceFetchableAndTileDeletedOnTombstone() throws Exception {
        Client c = new Client();
        wsClient.connect(c, URI.create("ws://127.0.0.1:" + server.port() + "/ws?server=s1")).get(10, TimeUnit.SECONDS);
        byte[] v1 = TestTiles.png(0x111111);
        byte[] v2 = TestTiles.png(0x222222);
        produceTile(Topics.TILES, "s1/1/3/-5/6", v1);
        produceTile(Topics.TILES, "s2/1/3/-5/6", v1); // another server: not for this client
        await().atMost(Duration.ofSeconds(30)).until(() -> c.fetched.size() == 1);
        produceTile(Topics.TILES, "s1/1/3/-5/6", v2);
        await().atMost(Duration.ofSeconds(30)).until(() -> c.fetched.size() == 2);
        produceTile(Topics.TILES, "s1/1/3/-5/6", null);
        await().atMost(Duration.ofSeconds(30)).until(() -> c.fetched.size() == 3);

        String h1 = TestTiles.hash(v1);
        String h2 = TestTiles.hash(v2);
        assertThat(c.fetched).containsExactly(
                "tile " + h1 + " -> 200 \"" + h1 + "\" " + h1,
                "tile " + h2 + " -> 200 \"" + h2 + "\" " + h2,
                "tile-deleted null -> 404 null -");
        JsonNode first = c.messages.get(0);
        assertThat(first.get("layer").asText()).isEqualTo("terrain");
        assertThat(first.get("z").asInt()).isEqualTo(3);
        assertThat(first.get("x").asLong()).isEqualTo(-5);
        assertThat(first.get("server").asText()).isEqualTo("s1");
        assertThat(metric("kafkatorio_tiles_tiles_stored{layer=\"terrain\"}")).isEqualTo(1); // s2's tile
    }

    @Test
    void shouldSkipAndCountMalformedTileRecords() throws Exception {
        byte[] png = TestTiles.png(0x333333);
        produce(Topics.CHART_TILES, "s1/1/0/0", png, TestTiles.hash(png)); // key too short
        produce(Topics.CHART_TILES, "s1/1/0/0/0", png, "NOT-A-HASH");
        produce(Topics.CHART_TILES, "s1/1/0/0/1", png, null); // no hash header
        produce(Topics.CHART_TILES, "s1/1/0/0/2", "text".getBytes(StandardCharsets.UTF_8), TestTiles.hash(png));
        produce(Topics.SURFACES, "s1/1", "{".getBytes(StandardCharsets.UTF_8), null);
        produceTile(Topics.CHART_TILES, "s1/1/0/0/3", png);

        await().atMost(Duration.ofSeconds(30)).until(() -> get("/chart-tiles/s1/1/0/0/3.png").statusCode() == 200);
        assertThat(metric("kafkatorio_tiles_tile_record_failures_total")).isEqualTo(5);
        assertThat(metric("kafkatorio_tiles_tile_records_consumed_total")).isEqualTo(6);
        assertThat(get("/chart-tiles/s1/1/0/0/0.png").statusCode()).isEqualTo(404);
    }

    @Test
    void shouldServeSurfacesOverRestAndInTheWebSocketSnapshot() throws Exception {
        produceSurface(surface("s1", 1, "nauvis"));
        produceSurface(surface("s1", 2, "<img src=x onerror=alert(1)>"));
        produceSurface(surface("s2", 1, "vulcanus"));
        produceTile(Topics.TILES, "s3/1/0/0/0", TestTiles.png(0x444444)); // a server known only from tiles
        await().atMost(Duration.ofSeconds(30)).until(() -> json(get("/api/servers")).size() == 3);

        JsonNode servers = json(get("/api/servers"));
        assertThat(servers.get(0).get("server").asText()).isEqualTo("s1");
        assertThat(servers.get(0).get("surfaces").asInt()).isEqualTo(2);
        assertThat(servers.get(2).get("server").asText()).isEqualTo("s3");
        HttpResponse<byte[]> list = get("/api/servers/s1/surfaces");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(header(list, "Cache-Control")).isEqualTo("no-store");
        assertThat(TopicJson.mapper().treeToValue(json(list).get(1), SurfaceUpdate.class))
                .isEqualTo(surface("s1", 2, "<img src=x onerror=alert(1)>"));
        assertThat(json(get("/api/servers/s3/surfaces"))).isEmpty();
        assertThat(get("/api/servers/nobody/surfaces").statusCode()).isEqualTo(404);
        assertThat(get("/api/servers/bad!id/surfaces").statusCode()).isEqualTo(400);

        Client c = new Client();
        wsClient.connect(c, URI.create("ws://127.0.0.1:" + server.port() + "/ws?server=s1")).get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> c.messages.size() == 2);
        assertThat(c.types()).containsExactly("surface", "surface");
        assertThat(c.messages.get(1).get("surface").get("name").asText()).isEqualTo("<img src=x onerror=alert(1)>");

        produce(Topics.SURFACES, "s1/2", null, null);
        await().atMost(Duration.ofSeconds(30)).until(() -> c.messages.size() == 3);
        assertThat(c.messages.get(2).get("type").asText()).isEqualTo("surface-deleted");
        assertThat(c.messages.get(2).get("surface").asInt()).isEqualTo(2);
        assertThat(json(get("/api/servers/s1/surfaces"))).hasSize(1);
    }
}
