package dev.kafkatorio.tiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kafkatorio.kafka.EmbeddedKafkaBroker;
import dev.kafkatorio.protocol.KafkaHeaders;
import dev.kafkatorio.protocol.SurfaceUpdate;
import dev.kafkatorio.protocol.TileKey;
import dev.kafkatorio.protocol.TopicJson;
import dev.kafkatorio.protocol.Topics;
import dev.kafkatorio.protocol.WsMessages.Layer;
import dev.kafkatorio.tiles.store.StoreBatch;
import dev.kafkatorio.tiles.store.StoredTile;
import dev.kafkatorio.tiles.store.TileStore;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tile store across restarts, with a broker of its own per test (it is stopped): serving from
 * the store while Kafka is down, resuming from stored positions, and rebuilding a layer when
 * tombstones may have been compacted away.
 */
class TileStoreRestartITCase {

    private static final String PREFIX = "restart.";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private EmbeddedKafkaBroker kafka;
    private KafkaProducer<String, byte[]> producer;
    private TileServer server;
    @TempDir
    Path dataDir;

    @BeforeEach
    void startKafka() {
        kafka = EmbeddedKafkaBroker.start();
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    @AfterEach
    void stopAll() throws Exception {
        if (server != null) {
            server.close();
        }
        producer.close(Duration.ofSeconds(5));
        kafka.close();
    }

    private void createTopics(Map<String, String> terrainConfig) {
        Map<String, String> terrain = new HashMap<>(EmbeddedKafkaBroker.topicConfig(true));
        terrain.putAll(terrainConfig);
        kafka.createTopics(java.util.List.of(
                new NewTopic(Topics.prefixed(PREFIX, Topics.TILES), 1, (short) 1).configs(terrain)));
        for (String t : java.util.List.of(Topics.CHART_TILES, Topics.SURFACES, Topics.PLAYERS, Topics.SERVERS,
                Topics.ENTITY_TILES, Topics.CHUNK_ENTITIES, Topics.TAGS)) {
            kafka.createTopic(Topics.prefixed(PREFIX, t), 1, true);
        }
        kafka.createTopic(Topics.prefixed(PREFIX, Topics.CHANGES), 1, false);
    }

    private TileServer startServer() throws Exception {
        server = TileServer.newServer(TileServerConfig.builder().bootstrapServers(kafka.bootstrapServers())
                .port(0).topicPrefix(PREFIX).dataDir(dataDir).build());
        server.start();
        return server;
    }

    private void stopServer() throws Exception {
        server.close();
        server = null;
    }

    private void produceTile(String topic, String key, byte[] png) throws Exception {
        ProducerRecord<String, byte[]> r = new ProducerRecord<>(Topics.prefixed(PREFIX, topic), key, png);
        if (png != null) {
            r.headers().add(KafkaHeaders.CONTENT_HASH, TestTiles.hash(png).getBytes(StandardCharsets.UTF_8));
        }
        producer.send(r).get(10, TimeUnit.SECONDS);
    }

    private HttpResponse<byte[]> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(server.uri().resolve(path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private int status(String path) throws Exception {
        return get(path).statusCode();
    }

    private double metric(String name) throws Exception {
        String text = new String(get("/metrics").body(), StandardCharsets.UTF_8);
        for (String l : text.split("\n")) {
            if (l.startsWith(name + " ")) {
                return Double.parseDouble(l.substring(name.length() + 1).trim());
            }
        }
        throw new AssertionError(name + " not in\n" + text);
    }

    private static String tileUrl(int x) {
        return "/tiles/s1/1/0/" + x + "/-1.png";
    }

    @Test
    void shouldServeFromTheStoreWhileKafkaIsDownThenResumeWithoutRereading() throws Exception {
        createTopics(Map.of());
        startServer();
        for (int x = 0; x < 5; x++) {
            produceTile(Topics.TILES, "s1/1/0/" + x + "/-1", TestTiles.png(x));
        }
        produceTile(Topics.CHART_TILES, "s1/1/0/0/-1", TestTiles.png(99));
        SurfaceUpdate nauvis = new SurfaceUpdate(1, "s1", 1, "nauvis", "planet", "nauvis", 3, 0, 0, 1, 1);
        producer.send(new ProducerRecord<>(Topics.prefixed(PREFIX, Topics.SURFACES), "s1/1", TopicJson.write(nauvis)))
                .get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(30)).until(() -> metric("kafkatorio_tiles_tile_records_consumed_total") == 7
                && status("/chart-tiles/s1/1/0/0/-1.png") == 200);
        stopServer();

        // While the tile server is down: a new tile and a tombstone.
        produceTile(Topics.TILES, "s1/1/0/5/-1", TestTiles.png(5));
        produceTile(Topics.TILES, "s1/1/0/0/-1", null);
        kafka.stop();

        startServer();
        for (int x = 0; x < 5; x++) {
            HttpResponse<byte[]> r = get(tileUrl(x));
            assertThat(r.statusCode()).as(tileUrl(x)).isEqualTo(200);
            assertThat(r.body()).isEqualTo(TestTiles.png(x));
            assertThat(r.headers().firstValue("ETag")).contains("\"" + TestTiles.hash(TestTiles.png(x)) + "\"");
        }
        assertThat(status("/chart-tiles/s1/1/0/0/-1.png")).isEqualTo(200);
        assertThat(status(tileUrl(5))).isEqualTo(404);
        assertThat(new String(get("/api/servers/s1/surfaces").body(), StandardCharsets.UTF_8)).contains("nauvis");
        assertThat(metric("kafkatorio_tiles_tiles_stored{layer=\"terrain\"}")).isEqualTo(5);

        kafka.restart();
        await().atMost(Duration.ofSeconds(60)).until(() -> status(tileUrl(5)) == 200 && status(tileUrl(0)) == 404);
        // Exactly the two records written while it was down, nothing re-read, no rebuild.
        assertThat(metric("kafkatorio_tiles_tile_records_consumed_total")).isEqualTo(2);
        assertThat(metric("kafkatorio_tiles_tile_rebuilds_total")).isZero();
        assertThat(metric("kafkatorio_tiles_tiles_stored{layer=\"terrain\"}")).isEqualTo(5);
        await().atMost(Duration.ofSeconds(10)).until(() -> metric("kafkatorio_tiles_tile_consumer_caught_up") == 1);
    }

    @Test
    void shouldRebuildALayerWhenStoppedLongerThanDeleteRetention() throws Exception {
        createTopics(Map.of("delete.retention.ms", "1000"));
        startServer();
        produceTile(Topics.TILES, "s1/1/0/0/-1", TestTiles.png(0));
        produceTile(Topics.CHART_TILES, "s1/1/0/0/-1", TestTiles.png(50));
        await().atMost(Duration.ofSeconds(30)).until(() -> status(tileUrl(0)) == 200
                && status("/chart-tiles/s1/1/0/0/-1.png") == 200);
        stopServer();
        long stoppedAt = System.currentTimeMillis();

        // A tile whose tombstone the server never saw (compacted away while it was down).
        try (TileStore store = new TileStore(dataDir).open()) {
            byte[] ghost = TestTiles.png(7);
            store.apply(new StoreBatch().putTile(Layer.TERRAIN, new TileKey("s1", 1, 0, 7, -1),
                    new StoredTile(TestTiles.hash(ghost), ghost, 1)), 1);
        }
        produceTile(Topics.TILES, "s1/1/0/1/-1", TestTiles.png(1));
        Thread.sleep(Math.max(0, stoppedAt + 1_500 - System.currentTimeMillis())); // > delete.retention.ms

        startServer();
        await().atMost(Duration.ofSeconds(30)).until(() -> status(tileUrl(1)) == 200 && status(tileUrl(0)) == 200);
        assertThat(status(tileUrl(7))).isEqualTo(404);
        assertThat(metric("kafkatorio_tiles_tile_rebuilds_total")).isEqualTo(1);
        // Only the terrain topic was re-read; the chart layer (default delete.retention.ms) resumed.
        assertThat(metric("kafkatorio_tiles_tile_records_consumed_total")).isEqualTo(2);
        assertThat(status("/chart-tiles/s1/1/0/0/-1.png")).isEqualTo(200);
    }

    @Test
    void shouldRebuildALayerWhenRecordsWereDeletedUnderItsStoredPosition() throws Exception {
        // Kafka refuses DeleteRecords on compact-only topics; compact,delete allows it.
        createTopics(Map.of("cleanup.policy", "compact,delete"));
        startServer();
        produceTile(Topics.TILES, "s1/1/0/0/-1", TestTiles.png(0));
        await().atMost(Duration.ofSeconds(30)).until(() -> status(tileUrl(0)) == 200);
        stopServer();

        produceTile(Topics.TILES, "s1/1/0/1/-1", TestTiles.png(1));
        produceTile(Topics.TILES, "s1/1/0/2/-1", TestTiles.png(2));
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            admin.deleteRecords(Map.of(new TopicPartition(Topics.prefixed(PREFIX, Topics.TILES), 0),
                    RecordsToDelete.beforeOffset(2))).all().get(10, TimeUnit.SECONDS);
        }

        startServer();
        await().atMost(Duration.ofSeconds(30)).until(() -> status(tileUrl(2)) == 200);
        assertThat(metric("kafkatorio_tiles_tile_rebuilds_total")).isEqualTo(1);
        assertThat(status(tileUrl(0))).isEqualTo(404); // its record is gone from the topic
        assertThat(status(tileUrl(1))).isEqualTo(404);
        assertThat(metric("kafkatorio_tiles_tiles_stored{layer=\"terrain\"}")).isEqualTo(1);
    }
}
