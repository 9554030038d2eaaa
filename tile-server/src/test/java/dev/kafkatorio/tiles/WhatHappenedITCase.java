package dev.kafkatorio.tiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kafkatorio.kafka.EmbeddedKafkaBroker;
import dev.kafkatorio.protocol.ChangeRecord;
import dev.kafkatorio.protocol.ChunkEntitiesUpdate;
import dev.kafkatorio.protocol.EntityState;
import dev.kafkatorio.protocol.Keys;
import dev.kafkatorio.protocol.PlayerUpdate;
import dev.kafkatorio.protocol.ServerStatus;
import dev.kafkatorio.protocol.TagUpdate;
import dev.kafkatorio.protocol.TopicJson;
import dev.kafkatorio.protocol.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
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
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** "What is here?", the change log, map tags and the access token, from Kafka to HTTP and WebSocket. */
class WhatHappenedITCase {

    private static final AtomicInteger TEST_NO = new AtomicInteger();
    private static final String TOKEN = "s3cret-token-123";
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
    void createTopics() throws Exception {
        prefix = "what" + TEST_NO.incrementAndGet() + ".";
        for (Topics.Spec t : Topics.ALL) {
            if (!t.name().equals(Topics.PACKETS) && !t.name().equals(Topics.DEAD_LETTERS)) {
                kafka.createTopic(Topics.prefixed(prefix, t.name()), 1, t.compacted());
            }
        }
        wsClient.start();
    }

    private void start(TileServerConfig.Builder b) throws Exception {
        server = TileServer.newServer(b.bootstrapServers(kafka.bootstrapServers()).port(0).topicPrefix(prefix)
                .dataDir(dataDir).build());
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

    private void produce(String topic, String key, Object value) {
        producer.send(new ProducerRecord<>(Topics.prefixed(prefix, topic), key,
                value == null ? null : TopicJson.write(value)));
        producer.flush();
    }

    private void status(String server) {
        produce(Topics.SERVERS, server, new ServerStatus(1, server, "sess", 60, System.currentTimeMillis(), 1,
                "0.1.0", "2.0.72"));
    }

    private void player(String server, int index, String name) {
        produce(Topics.PLAYERS, Keys.player(server, index), new PlayerUpdate(1, server, "sess", 1, 60, index, name,
                "moved", 1, 1.5, 2.5, "#ff8800", true, System.currentTimeMillis()));
    }

    private static ChangeRecord change(String server, long seq, int player, String event, String name, double x,
            double y) {
        return new ChangeRecord(1, server, "sess", seq, 0, seq * 60, event, 1, (int) Math.floor(x / 32),
                (int) Math.floor(y / 32), x, y, name, "assembling-machine", 100 + seq, "player", "normal", player,
                "player", System.currentTimeMillis());
    }

    private static TagUpdate tag(String server, long id, String text) {
        return new TagUpdate(1, server, 1, id, 10, -4, text, "item/iron-ore", "player", 1, 600);
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.uri().resolve(path)).timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return TopicJson.mapper().readTree(r.body());
    }

    private Collector connect(String query) throws Exception {
        Collector c = new Collector();
        wsClient.connect(c, URI.create("ws://127.0.0.1:" + server.port() + "/ws" + query)).get(10, TimeUnit.SECONDS);
        return c;
    }

    /** Collects WebSocket messages. */
    public static final class Collector implements Session.Listener.AutoDemanding {
        final List<JsonNode> messages = new CopyOnWriteArrayList<>();

        @Override
        public void onWebSocketText(String text) {
            try {
                messages.add(TopicJson.mapper().readTree(text));
            } catch (Exception e) {
                throw new AssertionError(text, e);
            }
        }

        List<String> types() {
            return messages.stream().map(m -> m.get("type").asText()).toList();
        }

        List<JsonNode> of(String type) {
            return messages.stream().filter(m -> m.get("type").asText().equals(type)).toList();
        }
    }

    // ---- tests

    @Test
    void shouldAnswerWhatIsHereFromChunkEntities() throws Exception {
        start(TileServerConfig.builder());
        status("s1");
        EntityState assembler = new EntityState(7, "assembling-machine-2", "assembling-machine", 31.5, 0.5, 0,
                "player", "normal");
        EntityState belt = new EntityState(8, "transport-belt", "transport-belt", 33.5, 0.5, 4, "player", "rare");
        EntityState far = new EntityState(9, "iron-chest", "container", 40.5, 0.5, 0, "player", "normal");
        produce(Topics.CHUNK_ENTITIES, "s1/1/0/0", new ChunkEntitiesUpdate(1, "s1", 1, 0, 0,
                new EntityState[] {assembler}));
        produce(Topics.CHUNK_ENTITIES, "s1/1/1/0", new ChunkEntitiesUpdate(1, "s1", 1, 1, 0,
                new EntityState[] {belt, far}));
        String at = "/api/servers/s1/surfaces/1/at?x=31.7&y=0.2";
        await().atMost(Duration.ofSeconds(30)).until(() -> get(at).statusCode() == 200
                && json(get(at)).get("entities").size() == 2);

        JsonNode r = json(get(at));
        assertThat(r.get("chunk").get("cx").asInt()).isZero();
        assertThat(r.get("tile").get("x").asLong()).isEqualTo(31);
        assertThat(r.get("entities").get(0).get("name").asText()).isEqualTo("assembling-machine-2");
        assertThat(r.get("entities").get(1).get("name").asText()).isEqualTo("transport-belt"); // neighbour chunk
        assertThat(r.get("entities").get(1).get("quality").asText()).isEqualTo("rare");
        JsonNode negative = json(get("/api/servers/s1/surfaces/1/at?x=-0.5&y=-40"));
        assertThat(negative.get("chunk").get("cx").asInt()).isEqualTo(-1);
        assertThat(negative.get("chunk").get("cy").asInt()).isEqualTo(-2);
        assertThat(negative.get("tile").get("x").asLong()).isEqualTo(-1);
        assertThat(negative.get("entities")).isEmpty();

        for (String bad : List.of("?x=abc&y=0", "?x=1", "?x=1e3&y=0", "?x=1&y=99999999", "?x=1&x=2&y=0")) {
            assertThat(get("/api/servers/s1/surfaces/1/at" + bad).statusCode()).as(bad).isEqualTo(400);
        }
        assertThat(get("/api/servers/s1/surfaces/0/at?x=1&y=1").statusCode()).isEqualTo(400);
        assertThat(get("/api/servers/nobody/surfaces/1/at?x=1&y=1").statusCode()).isEqualTo(404);

        produce(Topics.CHUNK_ENTITIES, "s1/1/0/0", null); // tombstone: nothing left
        await().atMost(Duration.ofSeconds(30)).until(() -> json(get(at)).get("entities").size() == 1);
    }

    @Test
    void shouldKeepABoundedChangeLogNewestFirstWithPlayerNamesAndPublishEveryChange() throws Exception {
        start(TileServerConfig.builder().changeLogSize(4).maxPendingPerClient(100));
        status("s1");
        player("s1", 1, "alice");
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/api/servers/s1/players").body().contains("alice"));
        Collector ws = connect("?server=s1");

        for (int i = 1; i <= 6; i++) {
            produce(Topics.CHANGES, "s1", change("s1", i, i % 2 == 0 ? 2 : 1, i == 6 ? "mined" : "built",
                    "machine-" + i, i * 10.5, -i));
        }
        produce(Topics.CHANGES, "s2", change("s2", 1, 1, "built", "other", 0, 0));
        await().atMost(Duration.ofSeconds(30)).until(() -> ws.of("change").size() == 6);
        // Never coalesced: each change arrives, in order.
        assertThat(ws.of("change").stream().map(m -> m.get("change").get("seq").asLong()).toList())
                .containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(ws.of("change").get(5).get("change").get("event").asText()).isEqualTo("mined");

        JsonNode all = json(get("/api/servers/s1/changes"));
        List<Long> seqs = new ArrayList<>();
        all.get("changes").forEach(c -> seqs.add(c.get("seq").asLong()));
        assertThat(seqs).containsExactly(6L, 5L, 4L, 3L); // newest first, bounded to 4
        assertThat(all.get("changes").get(1).get("playerName").asText()).isEqualTo("alice");
        assertThat(all.get("changes").get(0).get("playerName").isNull()).isTrue(); // player 2 unknown
        assertThat(all.get("next").isNull()).isTrue();

        JsonNode byAlice = json(get("/api/servers/s1/changes?player=1"));
        assertThat(byAlice.get("changes")).hasSize(2);
        assertThat(byAlice.get("changes").get(0).get("seq").asLong()).isEqualTo(5);

        JsonNode page = json(get("/api/servers/s1/changes?limit=2"));
        assertThat(page.get("changes")).hasSize(2);
        long next = page.get("next").asLong();
        JsonNode older = json(get("/api/servers/s1/changes?limit=2&before=" + next));
        assertThat(older.get("changes").get(0).get("seq").asLong()).isEqualTo(4);

        assertThat(get("/api/servers/s1/changes?limit=0").statusCode()).isEqualTo(400);
        assertThat(get("/api/servers/s1/changes?player=x").statusCode()).isEqualTo(400);
        assertThat(get("/api/servers/s1/changes?before=-1").statusCode()).isEqualTo(400);
        assertThat(get("/api/servers/nobody/changes").statusCode()).isEqualTo(404);
    }

    @Test
    void shouldServeTagsOverRestSnapshotAndLiveWithTombstones() throws Exception {
        start(TileServerConfig.builder());
        status("s1");
        produce(Topics.TAGS, "s1/1/7", tag("s1", 7, "<b>Iron mine</b>"));
        produce(Topics.TAGS, "s1/1/8", tag("s1", 8, "Copper"));
        await().atMost(Duration.ofSeconds(30)).until(() -> json(get("/api/servers/s1/surfaces/1/tags")).size() == 2);
        JsonNode tags = json(get("/api/servers/s1/surfaces/1/tags"));
        assertThat(tags.get(0).get("text").asText()).isEqualTo("<b>Iron mine</b>");
        assertThat(json(get("/api/servers/s1/surfaces/2/tags"))).isEmpty();

        Collector ws = connect("?server=s1");
        await().atMost(Duration.ofSeconds(10)).until(() -> ws.of("tag").size() == 2); // the snapshot
        produce(Topics.TAGS, "s1/1/8", tag("s1", 8, "Copper field"));
        produce(Topics.TAGS, "s1/1/7", null);
        await().atMost(Duration.ofSeconds(30)).until(() -> ws.of("tag-deleted").size() == 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> ws.of("tag").size() == 3);
        JsonNode deleted = ws.of("tag-deleted").get(0);
        assertThat(deleted.get("surface").asInt()).isEqualTo(1);
        assertThat(deleted.get("id").asLong()).isEqualTo(7);
        assertThat(ws.of("tag").get(2).get("tag").get("text").asText()).isEqualTo("Copper field");
        JsonNode after = json(get("/api/servers/s1/surfaces/1/tags"));
        assertThat(after).hasSize(1);
        assertThat(after.get(0).get("id").asLong()).isEqualTo(8);
    }

    @Test
    void shouldGuardPlayersAndChangesWithTheAccessToken() throws Exception {
        start(TileServerConfig.builder().accessToken(TOKEN));
        status("s1");
        player("s1", 1, "alice");
        produce(Topics.TAGS, "s1/1/7", tag("s1", 7, "mine"));
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/api/servers/s1/players",
                "Authorization", "Bearer " + TOKEN).body().contains("alice"));
        await().atMost(Duration.ofSeconds(30)).until(() -> json(get("/api/servers/s1/surfaces/1/tags")).size() == 1);

        for (String path : List.of("/api/servers/s1/players", "/api/servers/s1/changes")) {
            HttpResponse<String> none = get(path);
            assertThat(none.statusCode()).as(path).isEqualTo(401);
            assertThat(json(none).get("error").asText()).contains("token");
            assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"kafkatorio\"");
            assertThat(get(path, "Authorization", "Bearer wrong-token-1").statusCode()).isEqualTo(401);
            assertThat(get(path, "Authorization", "Basic " + TOKEN).statusCode()).isEqualTo(401);
            assertThat(get(path, "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
            assertThat(none.body()).doesNotContain(TOKEN);
        }
        // Public data stays public.
        assertThat(get("/api/servers").statusCode()).isEqualTo(200);
        assertThat(get("/api/servers/s1/surfaces").statusCode()).isEqualTo(200);
        assertThat(get("/api/servers/s1/surfaces/1/at?x=0&y=0").statusCode()).isEqualTo(200);

        Collector anonymous = connect("?server=s1");
        Collector trusted = connect("?server=s1&token=" + TOKEN);
        assertThatThrownBy(() -> connect("?server=s1&token=nope-nope-nope"))
                .isInstanceOf(ExecutionException.class).hasMessageContaining("Upgrade");
        await().atMost(Duration.ofSeconds(10)).until(() -> trusted.of("player").size() == 1);
        produce(Topics.CHANGES, "s1", change("s1", 1, 1, "built", "machine", 1, 1));
        await().atMost(Duration.ofSeconds(30)).until(() -> trusted.of("change").size() == 1);
        player("s1", 1, "alice2");
        await().atMost(Duration.ofSeconds(30)).until(() -> trusted.of("player").size() == 2);
        assertThat(anonymous.types()).contains("server", "tag").doesNotContain("player", "change");
    }

    @Test
    void shouldOpenPlayersAndChangesWithoutAToken() throws Exception {
        start(TileServerConfig.builder());
        status("s1");
        player("s1", 1, "alice");
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/api/servers/s1/players").statusCode() == 200
                && get("/api/servers/s1/players").body().contains("alice"));
        assertThat(get("/api/servers/s1/changes").statusCode()).isEqualTo(200);
        // A token sent to a server without one is simply not needed.
        assertThat(get("/api/servers/s1/changes", "Authorization", "Bearer anything-at-all").statusCode())
                .isEqualTo(200);
        Collector ws = connect("?server=s1&token=anything-at-all");
        await().atMost(Duration.ofSeconds(10)).until(() -> ws.of("player").size() == 1);
    }
}
