package dev.kafkatorio.tiles.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class OriginPolicyTest {

    private final OriginPolicy policy = new OriginPolicy(List.of("https://Map.Example.com", "http://localhost:5173"));

    @Test
    void shouldAllowNonBrowserClientsWithoutOrigin() {
        assertThat(policy.allows(null, "tiles:8080")).isTrue();
    }

    @Test
    void shouldAllowSameOrigin() {
        assertThat(policy.allows("http://127.0.0.1:8080", "127.0.0.1:8080")).isTrue();
        assertThat(policy.allows("http://TILES.local", "tiles.local")).isTrue();
        assertThat(policy.allows("https://tiles.local", "tiles.local")).isTrue(); // TLS proxy in front
        assertThat(policy.allows("http://[::1]:8080", "[::1]:8080")).isTrue();
    }

    @Test
    void shouldRejectAForeignOrigin() {
        assertThat(policy.allows("http://evil.example:8080", "127.0.0.1:8080")).isFalse();
        assertThat(policy.allows("http://127.0.0.1:9999", "127.0.0.1:8080")).isFalse();
        assertThat(policy.allows("http://127.0.0.1", "127.0.0.1:8080")).isFalse();
    }

    @Test
    void shouldRejectOpaqueAndMalformedOrigins() {
        assertThat(policy.allows("null", "127.0.0.1:8080")).isFalse();
        assertThat(policy.allows("file://", "127.0.0.1:8080")).isFalse();
        assertThat(policy.allows("not a url", "127.0.0.1:8080")).isFalse();
        assertThat(policy.allows("http://127.0.0.1:8080", null)).isFalse();
    }

    @Test
    void shouldAllowListedOriginsWhateverTheHost() {
        assertThat(policy.allows("https://map.example.com", "tiles.internal:8080")).isTrue();
        assertThat(policy.allows("https://map.example.com:443", "tiles.internal:8080")).isTrue();
        assertThat(policy.allows("http://localhost:5173", "127.0.0.1:8080")).isTrue();
        assertThat(policy.allows("http://map.example.com", "tiles.internal:8080")).isFalse();
    }

    @Test
    void shouldNormaliseOrRefuseConfiguredOrigins() {
        assertThat(OriginPolicy.normaliseOrigin("HTTPS://Map.Example.com:443/")).isEqualTo("https://map.example.com");
        assertThat(OriginPolicy.normaliseOrigin("http://h:8080")).isEqualTo("http://h:8080");
        assertThatThrownBy(() -> OriginPolicy.normaliseOrigin("map.example.com"))
                .hasMessageContaining("scheme://host[:port]");
        assertThatThrownBy(() -> OriginPolicy.normaliseOrigin("https://map.example.com/app"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
