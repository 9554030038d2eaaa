package dev.kafkatorio.pipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kafkatorio.protocol.Topics;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class PipeConfigTest {

    static PipeConfig.Builder valid() {
        return PipeConfig.builder().bootstrapServers("localhost:9092").serverId("srv-1");
    }

    @Test
    void shouldBuildWithDefaults() {
        PipeConfig c = valid().build();
        assertThat(c.topic()).isEqualTo(Topics.PACKETS);
        assertThat(c.queueCapacity()).isEqualTo(PipeConfig.DEFAULT_QUEUE_CAPACITY);
        Properties p = c.effectiveProducerProperties();
        assertThat(p.getProperty("acks")).isEqualTo("all");
        assertThat(p.getProperty("enable.idempotence")).isEqualTo("true");
        assertThat(p.getProperty("compression.type")).isEqualTo("lz4");
        assertThat(p.getProperty("linger.ms")).isEqualTo("5");
        assertThat(p.getProperty("bootstrap.servers")).isEqualTo("localhost:9092");
    }

    @Test
    void shouldMergeUserPropertiesOverTheDefaultsButKeepBootstrapAndSerializers() {
        Properties user = new Properties();
        user.setProperty("security.protocol", "SASL_SSL");
        user.setProperty("sasl.jaas.config", "secret-password");
        user.setProperty("linger.ms", "20");
        user.setProperty("bootstrap.servers", "elsewhere:1");
        user.setProperty("value.serializer", "x");
        PipeConfig c = valid().producerProperties(user).topicPrefix("dev.").build();
        user.setProperty("linger.ms", "99"); // the config took a copy
        Properties p = c.effectiveProducerProperties();
        assertThat(p.getProperty("security.protocol")).isEqualTo("SASL_SSL");
        assertThat(p.getProperty("linger.ms")).isEqualTo("20");
        assertThat(p.getProperty("bootstrap.servers")).isEqualTo("localhost:9092");
        assertThat(p.getProperty("value.serializer")).contains("ByteArraySerializer");
        assertThat(c.topic()).isEqualTo("dev." + Topics.PACKETS);
        assertThat(c.toString()).doesNotContain("secret-password");
    }

    @Test
    void shouldRejectBadConfigWithAHowToFixMessage() {
        assertThatThrownBy(() -> PipeConfig.builder().serverId("a").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--bootstrap-servers");
        assertThatThrownBy(() -> PipeConfig.builder().bootstrapServers(" ").serverId("a").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--bootstrap-servers");
        assertThatThrownBy(() -> valid().serverId("a/b").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("use 1-64 characters");
        assertThatThrownBy(() -> valid().serverId(null).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("server id");
        assertThatThrownBy(() -> valid().queueCapacity(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
        assertThatThrownBy(() -> valid().topicPrefix("bad prefix").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("topic prefix");
    }
}
