package dev.kafkatorio.tiles.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TileCachingTest {

    private static final String E = "0123456789abcdef0123456789abcdef";
    private static final String OTHER = "ffffffffffffffffffffffffffffffff";

    @Test
    void shouldServeLiveUrlsWithRevalidation() {
        assertThat(TileCaching.decide(E, null, List.of())).isEqualTo(new TileCaching.Decision(200, "no-cache"));
    }

    @Test
    void shouldAnswerNotModifiedWhenIfNoneMatchListsTheEtag() {
        assertThat(TileCaching.decide(E, "\"" + E + "\"", List.of()).status()).isEqualTo(304);
        assertThat(TileCaching.decide(E, "\"x\", W/\"" + E + "\"", List.of()).status()).isEqualTo(304);
        assertThat(TileCaching.decide(E, "*", List.of()).status()).isEqualTo(304);
        assertThat(TileCaching.decide(E, "\"" + OTHER + "\"", List.of()).status()).isEqualTo(200);
        assertThat(TileCaching.decide(E, E, List.of()).status()).as("unquoted is not an entity tag").isEqualTo(200);
        assertThat(TileCaching.decide(E, "", List.of()).status()).isEqualTo(200);
    }

    @Test
    void shouldMarkOnlyTheCurrentVersionImmutable() {
        assertThat(TileCaching.decide(E, null, List.of(E)))
                .isEqualTo(new TileCaching.Decision(200, "public, max-age=31536000, immutable"));
        assertThat(TileCaching.decide(E, "\"" + E + "\"", List.of(E)))
                .isEqualTo(new TileCaching.Decision(304, "public, max-age=31536000, immutable"));
        // A stale version gets the current bytes, never cached for good under the old URL.
        assertThat(TileCaching.decide(E, null, List.of(OTHER))).isEqualTo(new TileCaching.Decision(200, "no-cache"));
        assertThat(TileCaching.decide(E, null, List.of(E, OTHER)).cacheControl()).isEqualTo("no-cache");
        assertThat(TileCaching.decide(E, null, List.of("")).cacheControl()).isEqualTo("no-cache");
    }

    @Test
    void shouldNotStoreMissingTiles() {
        assertThat(TileCaching.decide(null, "*", List.of(E))).isEqualTo(new TileCaching.Decision(404, "no-store"));
        assertThat(TileCaching.etagHeader(E)).isEqualTo("\"" + E + "\"");
    }
}
