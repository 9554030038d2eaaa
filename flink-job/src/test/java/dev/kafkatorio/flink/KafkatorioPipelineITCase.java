package dev.kafkatorio.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.kafkatorio.kafka.EmbeddedKafkaBroker;
import dev.kafkatorio.protocol.DeadLetter;
import dev.kafkatorio.protocol.Heartbeat;
import dev.kafkatorio.protocol.KafkaHeaders;
import dev.kafkatorio.protocol.Packet;
import dev.kafkatorio.protocol.PacketCodec;
import dev.kafkatorio.protocol.PacketType;
import dev.kafkatorio.protocol.PlayerState;
import dev.kafkatorio.protocol.PlayerUpdate;
import dev.kafkatorio.protocol.ServerStatus;
import dev.kafkatorio.protocol.SessionStart;
import dev.kafkatorio.protocol.TopicJson;
import dev.kafkatorio.protocol.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole topology against a real KRaft broker on a MiniCluster with RocksDB and checkpoints,
 * fed with records shaped as kafka-pipe writes them (key = server, headers, packet JSON).
 */
class KafkatorioPipelineITCase {

    private static final int PARALLELISM = 2;
    private static final AtomicInteger RUN = new AtomicInteger();

    private static EmbeddedKafkaBroker kafka;

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setConfiguration(flinkConfig())
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(PARALLELISM)
                            .build());

    /** Loopback binding, temp dirs inside target/, and the settings a real cluster would have. */
    static Configuration flinkConfig() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
        Configuration conf = new Configuration();
        for (String key :
                List.of(
                        "jobmanager.bind-host", "taskmanager.bind-host", "rest.bind-address", "rest.address",
                        "taskmanager.host", "jobmanager.rpc.address")) {
            conf.setString(key, "127.0.0.1");
        }
        conf.setString("io.tmp.dirs", tmp.toString());
        conf.setString("web.upload.dir", tmp.toString());
        conf.setString("state.backend.type", "rocksdb");
        conf.setString("execution.checkpointing.interval", "1 s");
        conf.setString("execution.checkpointing.dir", tmp.resolve("flink-checkpoints").toUri().toString());
        conf.setString("execution.checkpointing.incremental", "true");
        return conf;
    }

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafkaBroker.start();
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    /** A fresh prefix and topics for one test. */
    private static JobConfig freshConfig() {
        String prefix = "it" + RUN.incrementAndGet() + "-" + System.nanoTime() + ".";
        for (Topics.Spec spec : Topics.ALL) {
            kafka.createTopic(Topics.prefixed(prefix, spec.name()), PARALLELISM, spec.compacted());
        }
        return JobConfig.builder()
                .bootstrapServers(kafka.bootstrapServers())
                .topicPrefix(prefix)
                .groupId("it-" + prefix)
                .transactionalIdPrefix("it-tiles-" + prefix)
                .parallelism(PARALLELISM)
                .build();
    }

    private static JobClient startJob(JobConfig config) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flinkConfig());
        KafkatorioPipeline.build(env, config);
        return env.executeAsync("kafkatorio-it");
    }

    private static void cancel(JobClient job) throws Exception {
        job.cancel().get(30, TimeUnit.SECONDS);
    }

    // ---- producing as kafka-pipe does ----

    private static ProducerRecord<String, String> rawRecord(
            JobConfig config, String server, String session, long receivedAt, String json) {
        ProducerRecord<String, String> record =
                new ProducerRecord<>(config.topic(Topics.PACKETS), server, json);
        if (server != null) {
            record.headers().add(KafkaHeaders.SERVER, server.getBytes(StandardCharsets.UTF_8));
        }
        if (session != null) {
            record.headers().add(KafkaHeaders.SESSION, session.getBytes(StandardCharsets.UTF_8));
        }
        record.headers().add(KafkaHeaders.RECEIVED_AT, Long.toString(receivedAt).getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private static ProducerRecord<String, String> framingError(ProducerRecord<String, String> record, String reason) {
        record.headers().add(KafkaHeaders.FRAMING_ERROR, reason.getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private static String sessionStart(long seq) {
        return PacketCodec.encode(
                new Packet(1, PacketType.SESSION_START, 0, seq, new SessionStart("0.1.0", "2.0.77", "load")));
    }

    private static String player(long seq, int index, String event, double x) {
        return PacketCodec.encode(
                new Packet(
                        1, PacketType.PLAYER, 60 * seq, seq,
                        new PlayerState(index, "p" + index, event, 1, x, 1.5, "#ff8000", true)));
    }

    private static String heartbeat(long seq, int online) {
        return PacketCodec.encode(new Packet(1, PacketType.HEARTBEAT, 60 * seq, seq, new Heartbeat(online)));
    }

    private static void produce(List<ProducerRecord<String, String>> records) throws Exception {
        Properties props = kafka.clientProperties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (ProducerRecord<String, String> record : records) {
                producer.send(record).get(30, TimeUnit.SECONDS); // one by one: order matters here
            }
        }
    }

    // ---- reading the derived topics ----

    /** Reads a topic from the beginning, accumulating (key, value) records across polls. */
    private static final class TopicReader<T> implements AutoCloseable {
        private final KafkaConsumer<String, byte[]> consumer;
        private final Class<T> type;
        private final List<ConsumerRecord<String, T>> records = new ArrayList<>();

        TopicReader(String topic, Class<T> type) {
            Properties props = kafka.clientProperties();
            props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            this.consumer = new KafkaConsumer<>(props);
            this.type = type;
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic).stream()
                            .map(p -> new TopicPartition(topic, p.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        List<ConsumerRecord<String, T>> poll() {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                try {
                    T value = TopicJson.read(r.value(), type);
                    records.add(
                            new ConsumerRecord<>(r.topic(), r.partition(), r.offset(), r.key(), value));
                } catch (IOException e) {
                    throw new UncheckedIOException("unreadable " + type.getSimpleName() + " at " + r.offset(), e);
                }
            }
            return records;
        }

        List<T> values() {
            return poll().stream().map(ConsumerRecord::value).toList();
        }

        @Override
        public void close() {
            consumer.close();
        }
    }

    @Test
    void shouldDerivePlayersServersAndDeadLettersFromRawPackets(@InjectMiniCluster MiniCluster cluster)
            throws Exception {
        JobConfig config = freshConfig();
        String session = "1700000000000.1";
        produce(
                List.of(
                        rawRecord(config, "s1", session, 1_000, sessionStart(1)),
                        rawRecord(config, "s1", session, 1_001, player(2, 1, "joined", 0.5)),
                        rawRecord(config, "s1", session, 1_002, "{this is not json"),
                        rawRecord(config, "s1", session, 1_003, player(3, 1, "moved", 12.25)),
                        rawRecord(config, "s1", session, 1_004, heartbeat(4, 2)),
                        // hostile: a seq far ahead must not make the rest of the session duplicates, and
                        // 200,000 control bytes must become a bounded dead letter (it used to crash-loop the sink)
                        rawRecord(config, "s1", session, 1_004, heartbeat(1L << 40, 2)),
                        rawRecord(config, "s1", session, 1_004, "\u0001".repeat(200_000)),
                        rawRecord(config, "s1", session, 1_005, player(5, 2, "joined", -3)),
                        rawRecord(config, null, null, 1_006, heartbeat(6, 2)),
                        framingError(rawRecord(config, "s1", session, 1_007, "KFKTR+1:1/2:{\"v\":1"),
                                "part 2 of 2 never arrived")));

        JobClient job = startJob(config);
        try (TopicReader<PlayerUpdate> players = new TopicReader<>(config.topic(Topics.PLAYERS), PlayerUpdate.class);
                TopicReader<ServerStatus> servers = new TopicReader<>(config.topic(Topics.SERVERS), ServerStatus.class);
                TopicReader<DeadLetter> deadLetters =
                        new TopicReader<>(config.topic(Topics.DEAD_LETTERS), DeadLetter.class)) {

            await().atMost(Duration.ofSeconds(90)).until(() -> players.poll().size() >= 3);
            assertThat(players.poll())
                    .extracting(ConsumerRecord::key, r -> r.value().seq(), r -> r.value().event(), r -> r.value().x())
                    .containsExactlyInAnyOrder(
                            tuple("s1/1", 2L, "joined", 0.5),
                            tuple("s1/1", 3L, "moved", 12.25),
                            tuple("s1/2", 5L, "joined", -3.0));
            assertThat(players.values()).allSatisfy(u -> {
                assertThat(u.server()).isEqualTo("s1");
                assertThat(u.session()).isEqualTo(session);
            });

            await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters.poll().size() >= 4);
            assertThat(deadLetters.poll())
                    .hasSize(4)
                    .anySatisfy(r -> {
                        assertThat(r.key()).isEqualTo("s1");
                        assertThat(r.value().truncated()).isTrue();
                        assertThat(r.value().payloadBytes()).isEqualTo(200_000);
                        assertThat(r.value().payload()).hasSize(DeadLetter.MAX_EXCERPT_BYTES);
                        assertThat(dev.kafkatorio.protocol.TopicJson.write(r.value()).length).isLessThanOrEqualTo(DeadLetter.MAX_JSON_BYTES);
                    })
                    .anySatisfy(r -> {
                        assertThat(r.key()).isEqualTo("s1");
                        assertThat(r.value().reason()).contains("not valid JSON");
                    })
                    .anySatisfy(r -> {
                        assertThat(r.key()).isEqualTo("s1");
                        assertThat(r.value().reason()).contains("part 2 of 2 never arrived");
                    })
                    .anySatisfy(r -> {
                        assertThat(r.key()).isEqualTo("unknown");
                        assertThat(r.value().reason()).isEqualTo("missing header kafkatorio.server");
                    });
            assertThat(deadLetters.values())
                    .filteredOn(d -> d.reason().contains("JSON") && !d.truncated())
                    .singleElement()
                    .satisfies(d -> {
                        assertThat(d.payload()).isEqualTo("{this is not json");
                        assertThat(d.source()).startsWith(config.topic(Topics.PACKETS) + "/");
                        assertThat(d.receivedAt()).isEqualTo(1_002);
                    });

            // the throttled status catches up with the last packet within about a second
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> servers.values().stream().anyMatch(s -> s.tick() == 300));
            assertThat(servers.poll()).allSatisfy(r -> assertThat(r.key()).isEqualTo("s1"));
            assertThat(servers.values())
                    .last()
                    .isEqualTo(new ServerStatus(1, "s1", session, 300, 1_005, 2, "0.1.0", "2.0.77"));

            // RocksDB checkpoints complete with these state types
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> cluster.getExecutionGraph(job.getJobID()).get()
                            .getCheckpointStatsSnapshot().getCounts().getNumberOfCompletedCheckpoints() > 0);
        } finally {
            cancel(job);
        }
    }

    @Test
    void shouldDropDuplicatesButNotTheSameSeqsReplayedUnderANewSession() throws Exception {
        JobConfig config = freshConfig();
        String first = "1700000000000.1";
        String replay = "1700000099999.1";
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int seq = 1; seq <= 3; seq++) {
            records.add(rawRecord(config, "s9", first, 2_000 + seq, player(seq, 1, "moved", seq)));
        }
        for (int seq = 2; seq <= 3; seq++) { // kafka-pipe re-sent these (same session): duplicates
            records.add(rawRecord(config, "s9", first, 2_100 + seq, player(seq, 1, "moved", 100 + seq)));
        }
        for (int seq = 1; seq <= 3; seq++) { // the console replayed under a new session: new packets
            records.add(rawRecord(config, "s9", replay, 2_200 + seq, player(seq, 1, "moved", 200 + seq)));
        }
        produce(records);

        JobClient job = startJob(config);
        try (TopicReader<PlayerUpdate> players = new TopicReader<>(config.topic(Topics.PLAYERS), PlayerUpdate.class)) {
            await().atMost(Duration.ofSeconds(90))
                    .until(() -> players.values().stream().anyMatch(u -> u.x() == 203));
            // one key, so one partition and one subtask: the output keeps the input order
            assertThat(players.values())
                    .extracting(PlayerUpdate::session, PlayerUpdate::seq, PlayerUpdate::x)
                    .containsExactly(
                            tuple(first, 1L, 1.0),
                            tuple(first, 2L, 2.0),
                            tuple(first, 3L, 3.0),
                            tuple(replay, 1L, 201.0),
                            tuple(replay, 2L, 202.0),
                            tuple(replay, 3L, 203.0));
            assertThat(players.poll()).allSatisfy(r -> assertThat(r.key()).isEqualTo("s9/1"));
        } finally {
            cancel(job);
        }
    }

    // ---- map tiles ----

    private static String mapPacket(long seq, PacketType type, dev.kafkatorio.protocol.Payload body) {
        return PacketCodec.encode(new Packet(1, type, 100 + seq, seq, body));
    }

    /** {@code helpers.encode_string} of a chart filled with one RGB565 value. */
    private static String chartOf(int rgb565) throws IOException {
        byte[] raw = new byte[2048];
        for (int i = 0; i < raw.length; i += 2) {
            raw[i] = (byte) rgb565;
            raw[i + 1] = (byte) (rgb565 >> 8);
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.DeflaterOutputStream z = new java.util.zip.DeflaterOutputStream(out)) {
            z.write(raw);
        }
        return java.util.Base64.getEncoder().encodeToString(out.toByteArray());
    }

    /** Reads a tile topic with read_committed, keeping the latest value (null = tombstone) per key. */
    private static final class TileReader implements AutoCloseable {
        private final KafkaConsumer<String, byte[]> consumer;
        private final java.util.Map<String, ConsumerRecord<String, byte[]>> latest = new java.util.HashMap<>();

        TileReader(String topic) {
            Properties props = kafka.clientProperties();
            props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            consumer = new KafkaConsumer<>(props);
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        java.util.Map<String, ConsumerRecord<String, byte[]>> poll() {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                latest.put(r.key(), r);
            }
            return latest;
        }

        /** The pixel {@code 0xAARRGGBB} of the latest PNG of {@code key}, or null if absent/tombstone. */
        Integer pixel(String key, int x, int y) throws IOException {
            ConsumerRecord<String, byte[]> r = poll().get(key);
            if (r == null || r.value() == null) {
                return null;
            }
            return javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(r.value())).getRGB(x, y);
        }

        boolean isTombstone(String key) {
            ConsumerRecord<String, byte[]> r = poll().get(key);
            return r != null && r.value() == null;
        }

        @Override
        public void close() {
            consumer.close();
        }
    }

    private static int opaque(int rgb) {
        return 0xFF000000 | rgb;
    }

    @Test
    void shouldRenderTerrainAndChartTilesThroughThePyramidExactlyOnce(@InjectMiniCluster MiniCluster cluster)
            throws Exception {
        JobConfig config = freshConfig();
        String session = "1700000000000.7";
        dev.kafkatorio.protocol.Prototypes colours = new dev.kafkatorio.protocol.Prototypes(
                new String[] {"water"}, new String[] {"#102030"}, new String[] {"iron-ore"}, new String[] {"#a0b0c0"});
        dev.kafkatorio.protocol.ChunkTerrain grass = new dev.kafkatorio.protocol.ChunkTerrain(
                1, 0, 0, "h1", new String[] {"grass-1"}, new int[] {0, 1024}, new String[] {"iron-ore"},
                new long[] {0, 4, 7, 1200});
        dev.kafkatorio.protocol.ChunkTerrain water = new dev.kafkatorio.protocol.ChunkTerrain(
                1, 1, 0, "h2", new String[] {"water"}, new int[] {0, 1024}, new String[0], new long[0]);
        produce(List.of(
                rawRecord(config, "s1", session, 1, mapPacket(1, PacketType.PROTOTYPES, colours)),
                rawRecord(config, "s1", session, 2, mapPacket(2, PacketType.SURFACE,
                        new dev.kafkatorio.protocol.SurfaceInfo(1, "nauvis", "planet", "nauvis", "snapshot"))),
                rawRecord(config, "s1", session, 3, mapPacket(3, PacketType.CHUNK, grass)),
                rawRecord(config, "s1", session, 4, mapPacket(4, PacketType.CHUNK, water)),
                rawRecord(config, "s1", session, 5, mapPacket(5, PacketType.CHART,
                        new dev.kafkatorio.protocol.GameChart(1, 0, 0, chartOf(0xF800))))));

        int grassRgb = opaque(dev.kafkatorio.flink.map.MapTestData.tileHex("grass-1"));
        JobClient job = startJob(config);
        try (TileReader terrain = new TileReader(config.topic(Topics.TILES));
                TileReader chart = new TileReader(config.topic(Topics.CHART_TILES))) {
            // z=3: one chunk per tile, 8 px per game tile; the server's colours win over the fallback
            await().atMost(Duration.ofSeconds(90)).until(() -> Integer.valueOf(opaque(0x102030)).equals(terrain.pixel("s1/1/3/1/0", 0, 0)));
            assertThat(terrain.pixel("s1/1/3/0/0", 0, 0)).isEqualTo(grassRgb);
            assertThat(terrain.pixel("s1/1/3/0/0", 4 * 8 + 3, 7 * 8 + 3)).isEqualTo(opaque(0xa0b0c0));
            // z=0: 1 px per game tile, chunk (1,0) at x 32..63, uncharted transparent
            await().atMost(Duration.ofSeconds(30)).until(() -> Integer.valueOf(opaque(0x102030)).equals(terrain.pixel("s1/1/0/0/0", 40, 10)));
            assertThat(terrain.pixel("s1/1/0/0/0", 10, 10)).isEqualTo(grassRgb);
            assertThat(terrain.pixel("s1/1/0/0/0", 4, 7)).isEqualTo(opaque(0xa0b0c0));
            assertThat(terrain.pixel("s1/1/0/0/0", 100, 100) >>> 24).isZero();
            await().atMost(Duration.ofSeconds(30)).until(() -> terrain.poll().containsKey("s1/1/-6/0/0"));
            ConsumerRecord<String, byte[]> tile = terrain.poll().get("s1/1/3/0/0");
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(tile.value());
            assertThat(new String(tile.headers().lastHeader(KafkaHeaders.CONTENT_HASH).value(), StandardCharsets.UTF_8))
                    .isEqualTo(java.util.HexFormat.of().formatHex(digest, 0, 16));

            await().atMost(Duration.ofSeconds(30)).until(() -> chart.pixel("s1/1/3/0/0", 0, 0) != null);
            assertThat(chart.pixel("s1/1/3/0/0", 255, 255)).isEqualTo(0xFFFF0000);
            await().atMost(Duration.ofSeconds(30)).until(() -> Integer.valueOf(0xFFFF0000).equals(chart.pixel("s1/1/0/0/0", 5, 5)));

            produce(List.of(rawRecord(config, "s1", session, 6, mapPacket(6, PacketType.CHUNKS_DELETED,
                    new dev.kafkatorio.protocol.ChunksDeleted(1, new int[] {1, 0})))));

            await().atMost(Duration.ofSeconds(30)).until(() -> terrain.isTombstone("s1/1/3/1/0"));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                Integer p = terrain.pixel("s1/1/0/0/0", 40, 10);
                return p != null && p >>> 24 == 0;
            });
            assertThat(terrain.pixel("s1/1/0/0/0", 10, 10)).isEqualTo(grassRgb);
            assertThat(terrain.poll().get("s1/1/3/1/0").headers().lastHeader(KafkaHeaders.CONTENT_HASH)).isNull();
        } finally {
            cancel(job);
        }
    }

    @Test
    void shouldRenderEntitiesLogChangesAndKeepTags() throws Exception {
        JobConfig config = freshConfig();
        String session = "1700000000000.9";
        dev.kafkatorio.protocol.Prototypes protos = new dev.kafkatorio.protocol.Prototypes(
                new String[0], new String[0], new String[0], new String[0],
                dev.kafkatorio.flink.map.EntityTestData.prototypes());
        dev.kafkatorio.protocol.EntityChange[] layout = {
            entityChange("built", 1, "assembling-machine-2", "assembling-machine", 4.5, 4.5, 0),
            entityChange("built", 2, "transport-belt", "transport-belt", 10.5, 3.5, 4),
            entityChange("built", 3, "transport-belt", "transport-belt", 11.5, 3.5, 4),
            entityChange("built", 4, "medium-electric-pole", "electric-pole", 7.5, 7.5, 0),
            entityChange("built", 5, "assembling-machine-2", "assembling-machine", 31.5, 10.5, 0), // crosses into (1, 0)
        };
        produce(List.of(
                rawRecord(config, "s1", session, 1, mapPacket(1, PacketType.PROTOTYPES, protos)),
                rawRecord(config, "s1", session, 3, mapPacket(3, PacketType.TAG,
                        new dev.kafkatorio.protocol.MapTag("added", 7, 1, 10, -4, "Iron mine", "item/iron-ore", "player", 1)))));

        int assembler = 0xFF006191;
        JobClient job = startJob(config);
        try (TileReader tiles = new TileReader(config.topic(Topics.ENTITY_TILES));
                TileReader chunkEntities = new TileReader(config.topic(Topics.CHUNK_ENTITIES));
                TileReader tags = new TileReader(config.topic(Topics.TAGS));
                TopicReader<dev.kafkatorio.protocol.ChangeRecord> changes =
                        new TopicReader<>(config.topic(Topics.CHANGES), dev.kafkatorio.protocol.ChangeRecord.class)) {
            // the broadcast prototypes and the entities travel different paths: let the prototypes (and
            // the tag after them) through first, as at a real session start
            await().atMost(Duration.ofSeconds(90)).until(() -> tags.poll().containsKey("s1/1/7"));
            produce(List.of(rawRecord(config, "s1", session, 2, mapPacket(4, PacketType.ENTITIES,
                    new dev.kafkatorio.protocol.Entities(1, layout)))));
            await().atMost(Duration.ofSeconds(90)).until(() -> Integer.valueOf(assembler).equals(tiles.pixel("s1/1/3/0/0", 30, 30)));
            assertThat(tiles.pixel("s1/1/3/0/0", 24, 30)).isEqualTo(dev.kafkatorio.flink.map.EntityRenderer.darker(assembler));
            assertThat(tiles.pixel("s1/1/3/0/0", 81, 28)).isEqualTo(0xFFCCA147); // belt fill
            assertThat(tiles.pixel("s1/1/3/0/0", 86, 28)).isEqualTo(dev.kafkatorio.flink.map.EntityRenderer.darker(0xFFCCA147));
            assertThat(tiles.pixel("s1/1/3/0/0", 60, 60)).isEqualTo(0xFF009EA3); // pole
            assertThat(tiles.pixel("s1/1/3/0/0", 200, 200) >>> 24).isZero(); // transparent layer
            assertThat(tiles.pixel("s1/1/3/0/0", 250, 84)).isEqualTo(assembler);
            await().atMost(Duration.ofSeconds(30)).until(() -> Integer.valueOf(assembler).equals(tiles.pixel("s1/1/3/1/0", 3, 84)));
            await().atMost(Duration.ofSeconds(30)).until(() -> tiles.pixel("s1/1/0/0/0", 5, 5) != null);

            await().atMost(Duration.ofSeconds(30)).until(() -> chunkEntities.poll().containsKey("s1/1/0/0"));
            dev.kafkatorio.protocol.ChunkEntitiesUpdate listed = TopicJson.read(
                    chunkEntities.poll().get("s1/1/0/0").value(), dev.kafkatorio.protocol.ChunkEntitiesUpdate.class);
            assertThat(listed.entities()).extracting(dev.kafkatorio.protocol.EntityState::unit)
                    .containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L);
            // listed once, by its owner: the chunk with only the foreign footprint lists nothing
            assertThat(chunkEntities.poll().get("s1/1/1/0")).satisfiesAnyOf(
                    r -> assertThat(r).isNull(), r -> assertThat(r.value()).isNull());

            await().atMost(Duration.ofSeconds(30)).until(() -> tags.poll().containsKey("s1/1/7"));
            assertThat(TopicJson.read(tags.poll().get("s1/1/7").value(), dev.kafkatorio.protocol.TagUpdate.class).text())
                    .isEqualTo("Iron mine");

            produce(List.of(
                    rawRecord(config, "s1", session, 5, mapPacket(5, PacketType.ENTITIES, new dev.kafkatorio.protocol.Entities(1,
                            new dev.kafkatorio.protocol.EntityChange[] {
                                entityChange("mined", 1, "assembling-machine-2", "assembling-machine", 4.5, 4.5, 0)}))),
                    rawRecord(config, "s1", session, 6, mapPacket(6, PacketType.TAG,
                            new dev.kafkatorio.protocol.MapTag("removed", 7, 1, 10, -4, "", "", "player", 1)))));

            await().atMost(Duration.ofSeconds(30)).until(() -> {
                Integer p = tiles.pixel("s1/1/3/0/0", 30, 30);
                return p != null && p >>> 24 == 0;
            });
            assertThat(tiles.pixel("s1/1/3/0/0", 81, 28)).isEqualTo(0xFFCCA147); // the belt stays
            await().atMost(Duration.ofSeconds(30)).until(() -> tags.isTombstone("s1/1/7"));

            await().atMost(Duration.ofSeconds(30)).until(() -> changes.poll().size() >= 6);
            assertThat(changes.poll()).allSatisfy(r -> assertThat(r.key()).isEqualTo("s1"));
            assertThat(changes.values())
                    .extracting(c -> c.event(), c -> c.unit(), c -> c.player(), c -> c.cx(), c -> c.seq(), c -> c.index())
                    .containsExactlyInAnyOrder(
                            tuple("built", 1L, 1, 0, 4L, 0), tuple("built", 2L, 1, 0, 4L, 1), tuple("built", 3L, 1, 0, 4L, 2),
                            tuple("built", 4L, 1, 0, 4L, 3), tuple("built", 5L, 1, 0, 4L, 4), tuple("mined", 1L, 1, 0, 5L, 0));
            assertThat(changes.values()).filteredOn(c -> c.event().equals("mined")).singleElement().satisfies(c -> {
                assertThat(c.name()).isEqualTo("assembling-machine-2");
                assertThat(c.x()).isEqualTo(4.5);
                assertThat(c.tick()).isEqualTo(105);
                assertThat(c.receivedAt()).isEqualTo(5);
            });
        } finally {
            cancel(job);
        }
    }

    private static dev.kafkatorio.protocol.EntityChange entityChange(
            String event, long unit, String name, String type, double x, double y, int dir) {
        return new dev.kafkatorio.protocol.EntityChange(
                event, unit, name, type, x, y, dir, "player", "normal", 1, "player", 0, 0, "");
    }

    @Test
    void shouldCopyRecordsUnchangedInThePassThroughBaseline() throws Exception {
        JobConfig config = freshConfig();
        String out = config.topic(config.passThroughTopic());
        kafka.createTopic(out, PARALLELISM, false);
        produce(List.of(
                rawRecord(config, "s1", "1.1", 11, heartbeat(1, 1)),
                rawRecord(config, "s2", "1.1", 12, "{not json either}")));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flinkConfig());
        KafkatorioPipeline.buildPassThrough(env, config);
        JobClient job = env.executeAsync("kafkatorio-pass-through-it");
        try (TileReader copies = new TileReader(out)) {
            await().atMost(Duration.ofSeconds(90)).until(() -> copies.poll().size() >= 2);
            ConsumerRecord<String, byte[]> s2 = copies.poll().get("s2");
            assertThat(new String(s2.value(), StandardCharsets.UTF_8)).isEqualTo("{not json either}");
            assertThat(new String(s2.headers().lastHeader(KafkaHeaders.RECEIVED_AT).value(), StandardCharsets.UTF_8))
                    .isEqualTo("12");
            assertThat(new String(copies.poll().get("s1").value(), StandardCharsets.UTF_8)).isEqualTo(heartbeat(1, 1));
        } finally {
            cancel(job);
        }
    }
}
