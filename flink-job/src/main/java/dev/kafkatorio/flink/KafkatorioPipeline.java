package dev.kafkatorio.flink;

import dev.kafkatorio.flink.entities.ChangeLog;
import dev.kafkatorio.flink.entities.ChunkEntitiesRecord;
import dev.kafkatorio.flink.entities.EntityEvent;
import dev.kafkatorio.flink.entities.EntityEvents;
import dev.kafkatorio.flink.entities.EntityStateFunction;
import dev.kafkatorio.flink.io.JsonRecordSerializer;
import dev.kafkatorio.flink.io.PassThroughRecord;
import dev.kafkatorio.flink.io.PassThroughSerde;
import dev.kafkatorio.flink.io.TileRecordSerializer;
import dev.kafkatorio.flink.io.RawPacket;
import dev.kafkatorio.flink.io.RawPacketDeserializer;
import dev.kafkatorio.flink.packets.DecodedPacket;
import dev.kafkatorio.flink.packets.PacketDecoder;
import dev.kafkatorio.flink.packets.PacketKeys;
import dev.kafkatorio.flink.packets.SessionDedupFunction;
import dev.kafkatorio.flink.players.PlayerUpdateFunction;
import dev.kafkatorio.flink.servers.ServerStatusFunction;
import dev.kafkatorio.flink.surfaces.SurfaceEvent;
import dev.kafkatorio.flink.surfaces.SurfaceFunction;
import dev.kafkatorio.flink.surfaces.SurfaceRecord;
import dev.kafkatorio.flink.tags.TagFunction;
import dev.kafkatorio.flink.tags.TagRecord;
import dev.kafkatorio.flink.tiles.ChunkEvent;
import dev.kafkatorio.flink.tiles.ChunkEvents;
import dev.kafkatorio.flink.tiles.ChunkStateFunction;
import dev.kafkatorio.flink.tiles.GameChartFunction;
import dev.kafkatorio.flink.tiles.MapControl;
import dev.kafkatorio.flink.tiles.PngEncodeFunction;
import dev.kafkatorio.flink.tiles.PyramidLevelFunction;
import dev.kafkatorio.flink.tiles.TileImage;
import dev.kafkatorio.flink.tiles.TileKeys;
import dev.kafkatorio.flink.tiles.TilePng;
import dev.kafkatorio.protocol.ChangeRecord;
import dev.kafkatorio.protocol.DeadLetter;
import dev.kafkatorio.protocol.Keys;
import dev.kafkatorio.protocol.PacketType;
import dev.kafkatorio.protocol.PlayerUpdate;
import dev.kafkatorio.protocol.ServerStatus;
import dev.kafkatorio.protocol.TileScheme;
import dev.kafkatorio.protocol.Topics;
import dev.kafkatorio.protocol.WsMessages.Layer;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSource;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The Kafkatorio topology, built in one place for the submitted job, the local stack and tests.
 *
 * <pre>
 * packets ─▶ kafka-packets-source ─▶ packet-decoder ─┬─▶ (dead letters) ─▶ dead-letters-sink
 *                                                     └─▶ keyBy server/session ─▶ session-dedup
 *   session-dedup ─┬─▶ player-packets ─▶ keyBy server/index ─▶ player-state ─▶ players-sink
 *                  ├─▶ keyBy server ─▶ server-status ─▶ servers-sink
 *                  ├─▶ chunk-events ─┬─▶ keyBy chunk ─▶ chunk-state (+ map-control broadcast) ─┐
 *                  │                 └─▶ keyBy chunk ─▶ chart-state (+ map-control broadcast) ─┤ z=3
 *                  │     ┌──────────────────────────────────────────────────────────────────────┘
 *                  │     └▶ keyBy parent ─▶ pyramid-z2 ─▶ keyBy parent ─▶ pyramid-z1 … ─▶ pyramid-zm6
 *                  │        (every level's output) ─▶ tile-png ─▶ terrain-tiles-sink / chart-tiles-sink
 *                  ├─▶ surface-packets + chunk-state's ±1 ─▶ keyBy server/surface ─▶ surface-state ─▶ surfaces-sink
 *                  ├─▶ entity-packets ─▶ entity-events (+ broadcast: sizes) ─▶ keyBy chunk ─▶ entity-state
 *                  │     (+ broadcast: colours) ─▶ z=3 entities layer into the pyramid ─▶ entity-tiles-sink
 *                  │     └▶ (side output) ─▶ chunk-entities-sink
 *                  ├─▶ change-log ─▶ changes-sink
 *                  └─▶ tag-packets ─▶ keyBy server/surface/id ─▶ tag-state ─▶ tags-sink
 * </pre>
 *
 * <p>State backend and checkpointing come from the Flink configuration of the caller, not from here.
 * Uids are part of the savepoint contract: never change them.
 */
public final class KafkatorioPipeline {

    /** Operator uids (stable across releases: savepoints map state by them). */
    public static final String UID_SOURCE = "kafka-packets-source";
    public static final String UID_DECODER = "packet-decoder";
    public static final String UID_DEDUP = "session-dedup";
    public static final String UID_PLAYER_STATE = "player-state";
    public static final String UID_SERVER_STATUS = "server-status";
    public static final String UID_PLAYERS_SINK = "players-sink";
    public static final String UID_SERVERS_SINK = "servers-sink";
    public static final String UID_DEAD_LETTERS_SINK = "dead-letters-sink";
    public static final String UID_CHUNK_EVENTS = "chunk-events";
    public static final String UID_CHUNK_STATE = "chunk-state";
    public static final String UID_CHART_STATE = "chart-state";
    public static final String UID_TILE_PNG = "tile-png";
    public static final String UID_TERRAIN_TILES_SINK = "terrain-tiles-sink";
    public static final String UID_CHART_TILES_SINK = "chart-tiles-sink";
    public static final String UID_SURFACE_STATE = "surface-state";
    public static final String UID_SURFACES_SINK = "surfaces-sink";
    public static final String UID_ENTITY_EVENTS = "entity-events";
    public static final String UID_ENTITY_STATE = "entity-state";
    public static final String UID_ENTITY_TILES_SINK = "entity-tiles-sink";
    public static final String UID_CHUNK_ENTITIES_SINK = "chunk-entities-sink";
    public static final String UID_CHANGE_LOG = "change-log";
    public static final String UID_CHANGES_SINK = "changes-sink";
    public static final String UID_TAG_STATE = "tag-state";
    public static final String UID_TAGS_SINK = "tags-sink";
    public static final String UID_PASS_THROUGH_SOURCE = "pass-through-source";
    public static final String UID_PASS_THROUGH_SINK = "pass-through-sink";

    /** Network buffer timeout: flush after at most this many ms for low end-to-end latency. */
    public static final long BUFFER_TIMEOUT_MS = 5;

    /** Key of a dead letter that has no server id. */
    public static final String UNKNOWN_SERVER_KEY = "unknown";

    private KafkatorioPipeline() {}

    private static void configure(StreamExecutionEnvironment env, JobConfig config) {
        Configuration pipelineConfig = new Configuration();
        // an accidental Kryo type fails here, at job build time, not in production
        pipelineConfig.set(PipelineOptions.GENERIC_TYPES, false);
        env.configure(pipelineConfig);
        env.setBufferTimeout(BUFFER_TIMEOUT_MS);
        if (config.parallelism() > 0) {
            env.setParallelism(config.parallelism());
        }
    }

    /**
     * The benchmark baseline: reads the packets topic as {@link #build} does and writes every record
     * unchanged (key, value, headers, timestamp) to {@code config.passThroughTopic()} with the same
     * exactly-once sink settings as the tile sinks. The caller executes it.
     */
    public static void buildPassThrough(StreamExecutionEnvironment env, JobConfig config) {
        configure(env, config);
        KafkaSource<PassThroughRecord> source = KafkaSource.<PassThroughRecord>builder()
                .setProperties(config.kafkaClientProperties())
                .setBootstrapServers(config.bootstrapServers())
                .setGroupId(config.groupId())
                .setTopics(config.topic(Topics.PACKETS))
                .setStartingOffsets(startingOffsets(config))
                .setDeserializer(new PassThroughSerde.Deserializer())
                .build();
        DataStreamSource<PassThroughRecord> raw =
                env.fromSource(source, WatermarkStrategy.noWatermarks(), "pass-through-source");
        raw.uid(UID_PASS_THROUGH_SOURCE).name("pass-through-source");
        if (config.sourceParallelism() > 0) {
            raw.setParallelism(config.sourceParallelism());
        }
        raw.sinkTo(exactlyOnceSink(config, "pass-through", new PassThroughSerde.Serializer(config.topic(config.passThroughTopic()))))
                .uid(UID_PASS_THROUGH_SINK)
                .name("pass-through-sink");
    }

    /** Adds the whole topology to {@code env}; the caller executes it. */
    public static void build(StreamExecutionEnvironment env, JobConfig config) {
        configure(env, config);

        DataStreamSource<RawPacket> raw =
                env.fromSource(packetSource(config), WatermarkStrategy.noWatermarks(), "kafka-packets");
        raw.uid(UID_SOURCE).name("kafka-packets");
        if (config.sourceParallelism() > 0) {
            raw.setParallelism(config.sourceParallelism());
        }

        SingleOutputStreamOperator<DecodedPacket> decoded =
                raw.process(new PacketDecoder()).uid(UID_DECODER).name("packet-decoder");

        DataStream<DecodedPacket> deduped =
                decoded.keyBy(new PacketKeys.BySession(), Types.STRING)
                        .process(new SessionDedupFunction())
                        .uid(UID_DEDUP)
                        .name("session-dedup");

        deduped.filter(new IsPlayerPacket())
                .name("player-packets")
                .keyBy(new PacketKeys.ByPlayer(), Types.STRING)
                .process(new PlayerUpdateFunction())
                .uid(UID_PLAYER_STATE)
                .name("player-state")
                .sinkTo(sink(config, Topics.PLAYERS, new PlayerKey()))
                .uid(UID_PLAYERS_SINK)
                .name("players-sink");

        deduped.keyBy(new PacketKeys.ByServer(), Types.STRING)
                .process(new ServerStatusFunction())
                .uid(UID_SERVER_STATUS)
                .name("server-status")
                .sinkTo(sink(config, Topics.SERVERS, new ServerKey()))
                .uid(UID_SERVERS_SINK)
                .name("servers-sink");

        decoded.getSideOutput(PacketDecoder.DEAD_LETTERS)
                .sinkTo(sink(config, Topics.DEAD_LETTERS, new DeadLetterKey()))
                .uid(UID_DEAD_LETTERS_SINK)
                .name("dead-letters-sink");

        buildMap(deduped, config);
    }

    /** The map part: chunk and chart state, the tile pyramid, tile and surface sinks. */
    private static void buildMap(DataStream<DecodedPacket> deduped, JobConfig config) {
        DataStream<ChunkEvent> chunkEvents =
                deduped.flatMap(new ChunkEvents()).uid(UID_CHUNK_EVENTS).name("chunk-events");
        BroadcastStream<DecodedPacket> mapControl =
                deduped.filter(new MapControl.IsMapControl()).name("map-control-packets").broadcast(MapControl.COLOURS);

        SingleOutputStreamOperator<TileImage> terrain =
                chunkEvents.filter(new IsTerrainEvent()).name("terrain-events")
                        .keyBy(new TileKeys.ByChunk(), Types.STRING)
                        .connect(mapControl)
                        .process(new ChunkStateFunction())
                        .uid(UID_CHUNK_STATE)
                        .name("chunk-state");
        SingleOutputStreamOperator<TileImage> chart =
                chunkEvents.filter(new IsChartEvent()).name("chart-events")
                        .keyBy(new TileKeys.ByChunk(), Types.STRING)
                        .connect(mapControl)
                        .process(new GameChartFunction())
                        .uid(UID_CHART_STATE)
                        .name("chart-state");

        SingleOutputStreamOperator<TileImage> entities =
                deduped.filter(new IsEntityPacket()).name("entity-packets")
                        .connect(mapControl)
                        .process(new EntityEvents())
                        .uid(UID_ENTITY_EVENTS)
                        .name("entity-events")
                        .keyBy(new ByEntityChunk(), Types.STRING)
                        .connect(mapControl)
                        .process(new EntityStateFunction())
                        .uid(UID_ENTITY_STATE)
                        .name("entity-state");
        entities.getSideOutput(EntityStateFunction.CHUNK_ENTITIES)
                .sinkTo(sink(config, Topics.CHUNK_ENTITIES, new ChunkEntitiesKey(), new ChunkEntitiesValue()))
                .uid(UID_CHUNK_ENTITIES_SINK)
                .name("chunk-entities-sink");

        // every rendering operator is followed by a chained tile-png step: PNG for the sink, and the
        // tile halved + packed (a few KiB) for the next level, so no 256 KiB image is shuffled
        SingleOutputStreamOperator<TilePng> terrainPngs = encode(terrain, UID_TILE_PNG, "tile-png");
        SingleOutputStreamOperator<TilePng> chartPngs = encode(chart, UID_TILE_PNG + "-chart", "tile-png-chart");
        SingleOutputStreamOperator<TilePng> entityPngs = encode(entities, UID_TILE_PNG + "-entities", "tile-png-entities");
        List<DataStream<TilePng>> levelPngs = new ArrayList<>();

        // the pyramid: a fixed chain of levels (Flink 2.x has no iterations); all layers share it
        DataStream<TileImage> level = terrainPngs.getSideOutput(PngEncodeFunction.TO_PARENT).union(
                chartPngs.getSideOutput(PngEncodeFunction.TO_PARENT), entityPngs.getSideOutput(PngEncodeFunction.TO_PARENT));
        for (int z = TileScheme.MAX_ZOOM - 1; z >= TileScheme.MIN_ZOOM; z--) {
            SingleOutputStreamOperator<TileImage> rendered = level.keyBy(new TileKeys.ByParent(), Types.STRING)
                    .process(new PyramidLevelFunction(z))
                    .uid(PyramidLevelFunction.uid(z))
                    .name(PyramidLevelFunction.uid(z));
            String pngUid = UID_TILE_PNG + "-" + PyramidLevelFunction.uid(z).substring("pyramid-".length());
            SingleOutputStreamOperator<TilePng> encoded = encode(rendered, pngUid, pngUid);
            levelPngs.add(encoded);
            level = encoded.getSideOutput(PngEncodeFunction.TO_PARENT);
        }
        @SuppressWarnings("unchecked")
        DataStream<TilePng>[] upper = levelPngs.toArray(new DataStream[0]);
        DataStream<TilePng> pngs = terrainPngs.union(chartPngs, entityPngs).union(upper);
        pngs.filter(new IsLayer(Layer.TERRAIN)).name("terrain-tiles")
                .sinkTo(tileSink(config, Layer.TERRAIN))
                .uid(UID_TERRAIN_TILES_SINK)
                .name("terrain-tiles-sink");
        pngs.filter(new IsLayer(Layer.CHART)).name("chart-tiles")
                .sinkTo(tileSink(config, Layer.CHART))
                .uid(UID_CHART_TILES_SINK)
                .name("chart-tiles-sink");
        pngs.filter(new IsLayer(Layer.ENTITIES)).name("entity-tiles")
                .sinkTo(tileSink(config, Layer.ENTITIES))
                .uid(UID_ENTITY_TILES_SINK)
                .name("entity-tiles-sink");

        deduped.flatMap(new ChangeLog()).uid(UID_CHANGE_LOG).name("change-log")
                .sinkTo(sink(config, Topics.CHANGES, new ChangeKey()))
                .uid(UID_CHANGES_SINK)
                .name("changes-sink");

        deduped.filter(new IsTagPacket()).name("tag-packets")
                .keyBy(new TagFunction.ByTag(), Types.STRING)
                .process(new TagFunction())
                .uid(UID_TAG_STATE)
                .name("tag-state")
                .sinkTo(sink(config, Topics.TAGS, new TagKey(), new TagValue()))
                .uid(UID_TAGS_SINK)
                .name("tags-sink");

        deduped.filter(new IsSurfacePacket()).name("surface-packets")
                .map(new ToSurfaceEvent()).name("surface-events")
                .union(terrain.getSideOutput(ChunkStateFunction.SURFACE_CHUNKS))
                .keyBy(new SurfaceFunction.BySurface(), Types.STRING)
                .process(new SurfaceFunction())
                .uid(UID_SURFACE_STATE)
                .name("surface-state")
                .sinkTo(sink(config, Topics.SURFACES, new SurfaceKey(), new SurfaceValue()))
                .uid(UID_SURFACES_SINK)
                .name("surfaces-sink");
    }

    /** The chained tile-png step after a rendering operator (see {@link PngEncodeFunction}). */
    private static SingleOutputStreamOperator<TilePng> encode(DataStream<TileImage> tiles, String uid, String name) {
        return tiles.process(new PngEncodeFunction()).uid(uid).name(name);
    }

    /** A tile topic's exactly-once sink; its transactional ids are {@code <prefix>-<layer>-…}. */
    static KafkaSink<TilePng> tileSink(JobConfig config, Layer layer) {
        return exactlyOnceSink(config, layer.wireName(), new TileRecordSerializer(config.topic(layer.topic())));
    }

    /**
     * An exactly-once sink: Kafka transactions committed on checkpoints (readers use {@code
     * isolation.level=read_committed}); {@code transaction.timeout.ms} from the config, since the
     * client default (1 h) exceeds the broker's default maximum (15 min) and the job would
     * restart-loop.
     */
    static <T> KafkaSink<T> exactlyOnceSink(
            JobConfig config, String name, org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema<T> serializer) {
        Properties props = config.kafkaClientProperties();
        props.setProperty("transaction.timeout.ms", Long.toString(config.transactionTimeout().toMillis()));
        return KafkaSink.<T>builder()
                .setKafkaProducerConfig(props)
                .setBootstrapServers(config.bootstrapServers())
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(config.transactionalIdPrefix() + "-" + name)
                .setRecordSerializer(serializer)
                .build();
    }

    private static OffsetsInitializer startingOffsets(JobConfig config) {
        return switch (config.startingOffsets()) {
            case COMMITTED_OR_EARLIEST -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
            case EARLIEST -> OffsetsInitializer.earliest();
            case LATEST -> OffsetsInitializer.latest();
        };
    }

    static KafkaSource<RawPacket> packetSource(JobConfig config) {
        OffsetsInitializer start = startingOffsets(config);
        return KafkaSource.<RawPacket>builder()
                .setProperties(config.kafkaClientProperties())
                .setBootstrapServers(config.bootstrapServers())
                .setGroupId(config.groupId())
                .setTopics(config.topic(Topics.PACKETS))
                .setStartingOffsets(start)
                .setDeserializer(new RawPacketDeserializer())
                .build();
    }

    /** An at-least-once sink: every output topic is last-write-wins per key or an append-only log. */
    static <T> KafkaSink<T> sink(JobConfig config, String topic, SerializableFunction<T, String> keyOf) {
        return KafkaSink.<T>builder()
                .setKafkaProducerConfig(config.kafkaClientProperties())
                .setBootstrapServers(config.bootstrapServers())
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setRecordSerializer(new JsonRecordSerializer<>(config.topic(topic), keyOf))
                .build();
    }

    /** An at-least-once sink whose value is {@code valueOf(element)}, a tombstone when that is null. */
    static <T> KafkaSink<T> sink(
            JobConfig config, String topic, SerializableFunction<T, String> keyOf, SerializableFunction<T, Object> valueOf) {
        return KafkaSink.<T>builder()
                .setKafkaProducerConfig(config.kafkaClientProperties())
                .setBootstrapServers(config.bootstrapServers())
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setRecordSerializer(new JsonRecordSerializer<>(config.topic(topic), keyOf, valueOf))
                .build();
    }

    /** Passes chunk events of the terrain layer. */
    static final class IsTerrainEvent implements FilterFunction<ChunkEvent> {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean filter(ChunkEvent e) {
            return e.forTerrain();
        }
    }

    /** Passes chunk events of the chart layer. */
    static final class IsChartEvent implements FilterFunction<ChunkEvent> {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean filter(ChunkEvent e) {
            return e.forChart();
        }
    }

    /** Passes the tiles of one layer. */
    static final class IsLayer implements FilterFunction<TilePng> {
        private static final long serialVersionUID = 1L;
        private final Layer layer;

        IsLayer(Layer layer) {
            this.layer = layer;
        }

        @Override
        public boolean filter(TilePng t) {
            return t.layer() == layer;
        }
    }

    /** Passes the packets that change entity footprints: entities, chunk-entities, chunks-deleted. */
    static final class IsEntityPacket implements FilterFunction<DecodedPacket> {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean filter(DecodedPacket p) {
            return p.entities() != null || p.chunkEntities() != null || p.chunksDeleted() != null;
        }
    }

    /** Passes tag packets. */
    static final class IsTagPacket implements FilterFunction<DecodedPacket> {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean filter(DecodedPacket p) {
            return p.tag() != null;
        }
    }

    /** Keys entity events by their target chunk. */
    static final class ByEntityChunk implements org.apache.flink.api.java.functions.KeySelector<EntityEvent, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(EntityEvent e) {
            return e.chunkKey();
        }
    }

    /** Kafka key of a chunk's entities: {@link Keys#chunk}. */
    static final class ChunkEntitiesKey implements SerializableFunction<ChunkEntitiesRecord, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String apply(ChunkEntitiesRecord r) {
            return Keys.chunk(r.server(), r.surface(), r.cx(), r.cy());
        }
    }

    /** Kafka value of a chunk's entities, or a tombstone. */
    static final class ChunkEntitiesValue implements SerializableFunction<ChunkEntitiesRecord, Object> {
        private static final long serialVersionUID = 1L;

        @Override
        public Object apply(ChunkEntitiesRecord r) {
            return r.update();
        }
    }

    /** Kafka key of a change record: {@link Keys#server}. */
    static final class ChangeKey implements SerializableFunction<ChangeRecord, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String apply(ChangeRecord r) {
            return Keys.server(r.server());
        }
    }

    /** Kafka key of a map tag: {@link Keys#tag}. */
    static final class TagKey implements SerializableFunction<TagRecord, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String apply(TagRecord r) {
            return Keys.tag(r.server(), r.surface(), r.id());
        }
    }

    /** Kafka value of a map tag, or a tombstone. */
    static final class TagValue implements SerializableFunction<TagRecord, Object> {
        private static final long serialVersionUID = 1L;

        @Override
        public Object apply(TagRecord r) {
            return r.update();
        }
    }

    /** Passes surface packets. */
    static final class IsSurfacePacket implements FilterFunction<DecodedPacket> {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean filter(DecodedPacket p) {
            return p.surface() != null;
        }
    }

    /** A surface packet as a {@link SurfaceEvent}. */
    static final class ToSurfaceEvent implements MapFunction<DecodedPacket, SurfaceEvent> {
        private static final long serialVersionUID = 1L;

        @Override
        public SurfaceEvent map(DecodedPacket p) {
            return SurfaceEvent.of(p.server(), p.surface());
        }
    }

    /** Kafka key of a surface: {@link Keys#surface}. */
    static final class SurfaceKey implements SerializableFunction<SurfaceRecord, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String apply(SurfaceRecord r) {
            return Keys.surface(r.server(), r.surface());
        }
    }

    /** Kafka value of a surface: its update, or a tombstone. */
    static final class SurfaceValue implements SerializableFunction<SurfaceRecord, Object> {
        private static final long serialVersionUID = 1L;

        @Override
        public Object apply(SurfaceRecord r) {
            return r.update();
        }
    }

    /** Passes player packets only. */
    static final class IsPlayerPacket implements FilterFunction<DecodedPacket> {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean filter(DecodedPacket packet) {
            return packet.is(PacketType.PLAYER) && packet.player() != null;
        }
    }

    /** Kafka key of a player update. */
    static final class PlayerKey implements SerializableFunction<PlayerUpdate, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String apply(PlayerUpdate update) {
            return Keys.player(update.server(), update.index());
        }
    }

    /** Kafka key of a server status. */
    static final class ServerKey implements SerializableFunction<ServerStatus, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String apply(ServerStatus status) {
            return Keys.server(status.server());
        }
    }

    /** Kafka key of a dead letter: its server if valid, else {@value #UNKNOWN_SERVER_KEY}. */
    static final class DeadLetterKey implements SerializableFunction<DeadLetter, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String apply(DeadLetter letter) {
            return Keys.SERVER_ID.matcher(letter.server()).matches() ? Keys.server(letter.server()) : UNKNOWN_SERVER_KEY;
        }
    }
}
