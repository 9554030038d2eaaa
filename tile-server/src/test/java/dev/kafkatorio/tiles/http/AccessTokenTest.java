package dev.kafkatorio.tiles.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AccessTokenTest {

    @Test
    void shouldGrantEverythingWhenNoTokenIsConfigured() {
        AccessToken off = AccessToken.of(null);
        assertThat(off.enabled()).isFalse();
        assertThat(off.check(null)).isEqualTo(AccessToken.Check.GRANTED);
        assertThat(off.check("whatever")).isEqualTo(AccessToken.Check.GRANTED);
        assertThat(AccessToken.of("  ").enabled()).isFalse();
    }

    @Test
    void shouldTellMissingFromWrongTokens() {
        AccessToken on = AccessToken.of("s3cret-token");
        assertThat(on.check("s3cret-token")).isEqualTo(AccessToken.Check.GRANTED);
        assertThat(on.check(null)).isEqualTo(AccessToken.Check.MISSING);
        assertThat(on.check("")).isEqualTo(AccessToken.Check.MISSING);
        assertThat(on.check("s3cret-toke")).isEqualTo(AccessToken.Check.WRONG);
        assertThat(on.check("s3cret-token ")).isEqualTo(AccessToken.Check.WRONG);
        assertThat(on.toString()).doesNotContain("s3cret");
    }

    @Test
    void shouldReadBearerHeaders() {
        assertThat(AccessToken.bearer("Bearer abc")).isEqualTo("abc");
        assertThat(AccessToken.bearer("bearer  abc ")).isEqualTo("abc");
        assertThat(AccessToken.bearer("Basic abc")).isNull();
        assertThat(AccessToken.bearer("Bearer ")).isNull();
        assertThat(AccessToken.bearer(null)).isNull();
    }
}
