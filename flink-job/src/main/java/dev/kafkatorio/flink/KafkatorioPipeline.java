package dev.kafkatorio.flink;

import dev.kafkatorio.flink.io.JsonRecordSerializer;
import dev.kafkatorio.flink.io.RawPacket;
import dev.kafkatorio.flink.io.RawPacketDeserializer;
import dev.kafkatorio.flink.packets.DecodedPacket;
import dev.kafkatorio.flink.packets.PacketDecoder;
import dev.kafkatorio.flink.packets.PacketKeys;
import dev.kafkatorio.flink.packets.SessionDedupFunction;
import dev.kafkatorio.flink.players.PlayerUpdateFunction;
import dev.kafkatorio.flink.servers.ServerStatusFunction;
import dev.kafkatorio.protocol.DeadLetter;
import dev.kafkatorio.protocol.Keys;
import dev.kafkatorio.protocol.PacketType;
import dev.kafkatorio.protocol.PlayerUpdate;
import dev.kafkatorio.protocol.ServerStatus;
import dev.kafkatorio.protocol.Topics;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
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
 *                  └─▶ keyBy server ─▶ server-status ─▶ servers-sink
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

    /** Network buffer timeout: flush after at most this many ms for low end-to-end latency. */
    public static final long BUFFER_TIMEOUT_MS = 5;

    /** Key of a dead letter that has no server id. */
    public static final String UNKNOWN_SERVER_KEY = "unknown";

    private KafkatorioPipeline() {}

    /** Adds the whole topology to {@code env}; the caller executes it. */
    public static void build(StreamExecutionEnvironment env, JobConfig config) {
        Configuration pipelineConfig = new Configuration();
        // an accidental Kryo type fails here, at job build time, not in production
        pipelineConfig.set(PipelineOptions.GENERIC_TYPES, false);
        env.configure(pipelineConfig);
        env.setBufferTimeout(BUFFER_TIMEOUT_MS);
        if (config.parallelism() > 0) {
            env.setParallelism(config.parallelism());
        }

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
    }

    static KafkaSource<RawPacket> packetSource(JobConfig config) {
        OffsetsInitializer start =
                switch (config.startingOffsets()) {
                    case COMMITTED_OR_EARLIEST -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
                    case EARLIEST -> OffsetsInitializer.earliest();
                    case LATEST -> OffsetsInitializer.latest();
                };
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
