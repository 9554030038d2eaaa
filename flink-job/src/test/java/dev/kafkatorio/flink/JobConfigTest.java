package dev.kafkatorio.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class JobConfigTest {

    @Test
    void shouldApplyDefaults() {
        JobConfig config = JobConfig.builder().bootstrapServers("localhost:9092").build();
        assertThat(config.groupId()).isEqualTo("kafkatorio-job");
        assertThat(config.topicPrefix()).isEmpty();
        assertThat(config.startingOffsets()).isEqualTo(JobConfig.StartingOffsets.COMMITTED_OR_EARLIEST);
        assertThat(config.parallelism()).isZero();
        assertThat(config.topic("kafkatorio.players.v1")).isEqualTo("kafkatorio.players.v1");
    }

    @Test
    void shouldRejectBadValuesWithFixItMessages() {
        assertThatThrownBy(() -> JobConfig.builder().build()).hasMessageContaining("--bootstrap-servers");
        assertThatThrownBy(() -> JobConfig.builder().bootstrapServers("localhost").build())
                .hasMessageContaining("use host:port");
        assertThatThrownBy(() -> JobConfig.builder().bootstrapServers("h:1").topicPrefix("a/b").build())
                .hasMessageContaining("topic prefix");
        assertThatThrownBy(() -> JobConfig.builder().bootstrapServers("h:1").groupId(" ").build())
                .hasMessageContaining("--group-id");
        assertThatThrownBy(() -> JobConfig.builder().bootstrapServers("h:1").kafkaProperty("group.id", "x").build())
                .hasMessageContaining("use --group-id");
        assertThatThrownBy(() -> JobConfig.builder().bootstrapServers("h:1").parallelism(-1).build())
                .hasMessageContaining("parallelism");
    }

    @Test
    void shouldParseOptionsAndKafkaConfigFile(@TempDir Path dir) throws Exception {
        Path props = dir.resolve("client.properties");
        Files.writeString(props, "security.protocol=SASL_SSL\nsasl.jaas.config=secret stuff\n");
        KafkatorioJob job = new KafkatorioJob();
        new CommandLine(job)
                .parseArgs(
                        "--bootstrap-servers", "k1:9092,k2:9092", "--topic-prefix", "dev.", "--kafka-config",
                        props.toString(), "--starting-offsets", "LATEST", "--parallelism", "2");
        JobConfig config = job.toConfig();

        assertThat(config.bootstrapServers()).isEqualTo("k1:9092,k2:9092");
        assertThat(config.topic("kafkatorio.players.v1")).isEqualTo("dev.kafkatorio.players.v1");
        assertThat(config.kafkaProperties()).containsEntry("security.protocol", "SASL_SSL");
        assertThat(config.startingOffsets()).isEqualTo(JobConfig.StartingOffsets.LATEST);
        assertThat(config.parallelism()).isEqualTo(2);
        assertThat(config.toString()).doesNotContain("secret stuff");
    }

    @Test
    void shouldExplainAMissingKafkaConfigFile(@TempDir Path dir) {
        assertThatThrownBy(() -> JobConfig.loadProperties(dir.resolve("nope.properties")))
                .hasMessageContaining("not found");
    }
}
