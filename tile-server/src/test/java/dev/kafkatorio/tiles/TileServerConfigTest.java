package dev.kafkatorio.tiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TileServerConfigTest {

    private static TileServerConfig.Builder valid() {
        return TileServerConfig.builder().bootstrapServers("127.0.0.1:9092");
    }

    @Test
    void shouldApplyDefaults() {
        TileServerConfig c = valid().build();
        assertThat(c.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(c.port()).isEqualTo(8080);
        assertThat(c.topicPrefix()).isEmpty();
        assertThat(c.allowedOrigins()).isEmpty();
        assertThat(c.maxPendingPerClient()).isEqualTo(TileServerConfig.DEFAULT_MAX_PENDING_PER_CLIENT);
        assertThat(c.slowClientTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.dataDir()).isEqualTo(Path.of("tile-data"));
        assertThat(c.cacheMaxBytes()).isEqualTo(64L << 20);
        assertThat(c.allowedHosts()).isEmpty();
        assertThat(c.idleTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.requestHeaderTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.maxConnections()).isEqualTo(1024);
    }

    @Test
    void shouldRequireAllowedHostsOnAWildcardBind() {
        assertThatThrownBy(() -> valid().bindAddress("0.0.0.0").build())
                .hasMessageContaining("--allowed-hosts").hasMessageContaining("DNS rebinding");
        assertThatThrownBy(() -> valid().bindAddress("::").build()).hasMessageContaining("--allowed-hosts");
        assertThat(valid().bindAddress("0.0.0.0").allowedHost("Map.Example.com").build().allowedHosts())
                .containsExactly("map.example.com");
        assertThat(valid().bindAddress("0.0.0.0").allowedHost("*").build().allowedHosts()).containsExactly("*");
        assertThat(valid().bindAddress("192.168.1.5").build().allowedHosts()).isEmpty();
        assertThat(valid().allowedHosts(java.util.List.of("a.example:8443", "[::1]:1")).build().allowedHosts())
                .containsExactly("a.example:8443", "[::1]:1");
    }

    @Test
    void shouldRejectBadHardeningValuesWithFixItMessages() {
        assertThatThrownBy(() -> valid().allowedHost("https://map.example.com").build())
                .hasMessageContaining("host:port");
        assertThatThrownBy(() -> valid().bindAddress("127.0.0.1:80").build()).hasMessageContaining("--port");
        assertThatThrownBy(() -> valid().idleTimeout(Duration.ZERO).build())
                .hasMessageContaining("--idle-timeout").hasMessageContaining("PT30S");
        assertThatThrownBy(() -> valid().idleTimeout(null).build()).hasMessageContaining("--idle-timeout");
        assertThatThrownBy(() -> valid().requestHeaderTimeout(Duration.ofSeconds(-1)).build())
                .hasMessageContaining("--request-header-timeout").hasMessageContaining("PT10S");
        assertThatThrownBy(() -> valid().requestHeaderTimeout(Duration.ofDays(2)).build())
                .hasMessageContaining("longer than a day");
        assertThatThrownBy(() -> valid().maxConnections(0).build()).hasMessageContaining("--max-connections");
        TileServerConfig c = valid().idleTimeout(Duration.ofSeconds(5)).requestHeaderTimeout(Duration.ofSeconds(2))
                .maxConnections(10).build();
        assertThat(c.toString()).contains("idleTimeout=PT5S", "requestHeaderTimeout=PT2S", "maxConnections=10");
    }

    @Test
    void shouldCheckDataDirAndCacheSize(@TempDir Path dir) throws Exception {
        assertThat(valid().dataDir(dir).cacheMaxBytes(0).build().dataDir()).isEqualTo(dir);
        Path file = Files.writeString(dir.resolve("f"), "x");
        assertThatThrownBy(() -> valid().dataDir(file).build()).hasMessageContaining("--data-dir");
        assertThatThrownBy(() -> valid().dataDir(null).build()).hasMessageContaining("--data-dir");
        assertThatThrownBy(() -> valid().cacheMaxBytes(-1).build()).hasMessageContaining("0 to disable");
    }

    @Test
    void shouldRequireBootstrapServersWithAHint() {
        assertThatThrownBy(() -> TileServerConfig.builder().build()).hasMessageContaining("--bootstrap-servers");
        assertThatThrownBy(() -> valid().bootstrapServers("kafka").build()).hasMessageContaining("host:port");
    }

    @Test
    void shouldRejectBadValuesWithFixItMessages() {
        assertThatThrownBy(() -> valid().port(70000).build()).hasMessageContaining("0 for an ephemeral port");
        assertThatThrownBy(() -> valid().maxPendingPerClient(0).build()).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> valid().slowClientTimeout(Duration.ZERO).build()).hasMessageContaining("positive");
        assertThatThrownBy(() -> valid().topicPrefix("a/b").build()).hasMessageContaining("A-Z a-z 0-9");
        assertThatThrownBy(() -> valid().allowedOrigin("example.com").build()).hasMessageContaining("scheme://");
        assertThatThrownBy(() -> valid().kafkaProperty("bootstrap.servers", "x:1").build())
                .hasMessageContaining("--bootstrap-servers");
    }

    @Test
    void shouldNormaliseAllowedOrigins() {
        assertThat(valid().allowedOrigin("HTTPS://Map.Example.com").build().allowedOrigins())
                .containsExactly("https://map.example.com");
    }

    @Test
    void shouldReadKafkaSecuritySettingsFromAPropertiesFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, "security.protocol=SASL_SSL\nsasl.mechanism=PLAIN\n");

        TileServerConfig c = valid().kafkaConfigFile(file).build();

        assertThat(c.kafkaProperties()).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "PLAIN");
        assertThat(c.toString()).doesNotContain("PLAIN");
    }

    @Test
    void shouldExplainAMissingKafkaConfigFile(@TempDir Path dir) {
        assertThatThrownBy(() -> valid().kafkaConfigFile(dir.resolve("nope.properties")))
                .hasMessageContaining("--kafka-config");
    }
}
