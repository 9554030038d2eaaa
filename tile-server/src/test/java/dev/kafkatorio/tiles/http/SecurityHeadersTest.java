package dev.kafkatorio.tiles.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.jetty.http.HttpFields;
import org.junit.jupiter.api.Test;

class SecurityHeadersTest {

    @Test
    void shouldBuildAStrictCspThatLetsThePageReachItsOwnSocket() {
        String csp = SecurityHeaders.contentSecurityPolicy("Localhost", 8080);
        assertThat(csp).isEqualTo("default-src 'none'; script-src 'self'; style-src 'self';"
                + " img-src 'self' data:; manifest-src 'self'; base-uri 'none'; form-action 'none';"
                + " frame-ancestors 'none'; connect-src 'self' ws://localhost:8080 wss://localhost:8080");
        assertThat(SecurityHeaders.contentSecurityPolicy("map.example", -1))
                .endsWith("connect-src 'self' ws://map.example wss://map.example");
    }

    @Test
    void shouldFallBackToSelfForAuthoritiesCspCannotName() {
        for (String host : new String[] {null, "[::1]", "a;b", "a b", "x'y", "*"}) {
            assertThat(SecurityHeaders.contentSecurityPolicy(host, 8080)).as(String.valueOf(host))
                    .isEqualTo(SecurityHeaders.CSP_SELF_ONLY)
                    .endsWith("connect-src 'self'");
        }
    }

    @Test
    void shouldPutEveryHeader() {
        HttpFields.Mutable h = HttpFields.build();
        SecurityHeaders.apply(h, "127.0.0.1", 1234);
        assertThat(h.get("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(h.get("X-Frame-Options")).isEqualTo("DENY");
        assertThat(h.get("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(h.get("Cross-Origin-Opener-Policy")).isEqualTo("same-origin");
        assertThat(h.get("Content-Security-Policy")).contains("ws://127.0.0.1:1234");
        SecurityHeaders.applyStatic(h); // keeps the request's CSP
        assertThat(h.getValuesList("Content-Security-Policy")).hasSize(1).allMatch(v -> v.contains("ws://127.0.0.1:1234"));
        assertThat(h.getValuesList("X-Content-Type-Options")).hasSize(1);
    }
}
