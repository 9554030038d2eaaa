package dev.kafkatorio.pipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaPipeMainTest {

    @TempDir
    Path dir;

    @Test
    void shouldFailWithUsageErrorsWhenRequiredOptionsAreMissing() {
        assertThat(KafkaPipeMain.run("--server-id", "a")).isEqualTo(2);
        assertThat(KafkaPipeMain.run("--bootstrap-servers", "localhost:1")).isEqualTo(2);
    }

    @Test
    void shouldPrintHelpAndVersion() {
        assertThat(KafkaPipeMain.run("--help")).isZero();
        assertThat(KafkaPipeMain.run("--version")).isZero();
    }

    @Test
    void shouldFailAtStartUpOnBadConfig() {
        assertThat(KafkaPipeMain.run("--bootstrap-servers", "localhost:1", "--server-id", "no/slash")).isEqualTo(2);
        assertThat(KafkaPipeMain.run("--bootstrap-servers", "localhost:1", "--server-id", "a",
                "--producer-config", dir.resolve("missing.properties").toString())).isEqualTo(2);
        assertThat(KafkaPipeMain.run("--bootstrap-servers", "localhost:1", "--server-id", "a", "--loop")).isEqualTo(2);
        assertThat(KafkaPipeMain.run("--bootstrap-servers", "localhost:1", "--server-id", "a",
                "--replay", dir.resolve("missing.log").toString())).isEqualTo(2);
    }

    @Test
    void shouldLoadProducerConfigAndExplainUnreadableFiles() throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, "security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\n");
        assertThat(KafkaPipeMain.loadProducerConfig(file)).containsEntry("sasl.mechanism", "SCRAM-SHA-512");
        assertThat(KafkaPipeMain.loadProducerConfig(null)).isEmpty();
        assertThatThrownBy(() -> KafkaPipeMain.loadProducerConfig(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--producer-config")
                .hasMessageContaining("readable Kafka client .properties file");
    }
}
