package dev.kafkatorio.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Objects;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

class KafkatorioPipelineTest {

    private static StreamGraph graph() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, new Configuration());
        KafkatorioPipeline.build(env, JobConfig.builder().bootstrapServers("localhost:9092").build());
        return env.getStreamGraph();
    }

    @Test
    void shouldGiveEveryStatefulOperatorSourceAndSinkItsStableUid() {
        List<String> uids =
                graph().getStreamNodes().stream().map(StreamNode::getTransformationUID).filter(Objects::nonNull).toList();

        assertThat(uids)
                .contains(
                        "kafka-packets-source", "packet-decoder", "session-dedup", "player-state", "server-status",
                        "players-sink", "servers-sink", "dead-letters-sink", "chunk-state", "chart-state",
                        "pyramid-z2", "pyramid-z1", "pyramid-z0", "pyramid-zm1", "pyramid-zm2", "pyramid-zm3",
                        "pyramid-zm4", "pyramid-zm5", "pyramid-zm6", "terrain-tiles-sink", "chart-tiles-sink",
                        "surface-state", "surfaces-sink", "entity-events", "entity-state", "entity-tiles-sink",
                        "chunk-entities-sink", "change-log", "changes-sink", "tag-state", "tags-sink");
        assertThat(uids).doesNotHaveDuplicates();
    }

    @Test
    void shouldNameEveryOperator() {
        assertThat(graph().getStreamNodes())
                .extracting(StreamNode::getOperatorName)
                .allSatisfy(name -> assertThat(name).isNotBlank().doesNotStartWith("Map").doesNotStartWith("Filter"));
    }

    @Test
    void shouldBuildThePassThroughBaselineWithGenericTypesDisabled() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, new Configuration());
        KafkatorioPipeline.buildPassThrough(env, JobConfig.builder().bootstrapServers("localhost:9092").build());

        assertThat(env.getConfiguration().get(PipelineOptions.GENERIC_TYPES)).isFalse();
        assertThat(env.getStreamGraph().getStreamNodes())
                .extracting(StreamNode::getTransformationUID)
                .contains("pass-through-source", "pass-through-sink");
    }

    @Test
    void shouldSerialiseMapRecordsAsPojosWithoutKryo() {
        for (Class<?> type : List.of(
                dev.kafkatorio.flink.packets.DecodedPacket.class, dev.kafkatorio.flink.tiles.ChunkEvent.class,
                dev.kafkatorio.flink.tiles.TileImage.class, dev.kafkatorio.flink.tiles.TilePng.class,
                dev.kafkatorio.flink.surfaces.SurfaceEvent.class, dev.kafkatorio.flink.surfaces.SurfaceState.class,
                dev.kafkatorio.flink.io.PassThroughRecord.class, dev.kafkatorio.flink.entities.EntityEvent.class,
                dev.kafkatorio.flink.entities.ChunkEntitiesRecord.class, dev.kafkatorio.flink.tags.TagRecord.class,
                dev.kafkatorio.protocol.ChangeRecord.class, dev.kafkatorio.flink.map.ChunkEntity.class)) {
            org.apache.flink.api.common.typeinfo.TypeInformation<?> info =
                    org.apache.flink.api.common.typeinfo.TypeInformation.of(type);
            assertThat(info).as(type.getSimpleName()).isInstanceOf(org.apache.flink.api.java.typeutils.PojoTypeInfo.class);
            assertThat(info.toString()).as(type.getSimpleName()).doesNotContain("GenericType");
        }
    }

    @Test
    void shouldBuildWithGenericTypesDisabledAndALowBufferTimeout() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, new Configuration());
        KafkatorioPipeline.build(env, JobConfig.builder().bootstrapServers("localhost:9092").build());

        assertThat(env.getConfiguration().get(PipelineOptions.GENERIC_TYPES)).isFalse();
        assertThat(env.getBufferTimeout()).isEqualTo(KafkatorioPipeline.BUFFER_TIMEOUT_MS);
        // serializers of every edge are created here; a Kryo fallback would throw
        assertThat(env.getStreamGraph().getStreamNodes()).isNotEmpty();
    }
}
