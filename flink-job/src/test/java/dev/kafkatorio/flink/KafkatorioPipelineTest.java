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
                        "players-sink", "servers-sink", "dead-letters-sink");
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
