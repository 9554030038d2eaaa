package dev.kafkatorio.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TileKeyTest {

    @Test
    void shouldRoundTripSignedKeys() {
        TileKey k = new TileKey("srv", 2, -6, -3, 7);
        assertThat(k.key()).isEqualTo("srv/2/-6/-3/7");
        assertThat(TileKey.parse(k.key())).isEqualTo(k);
    }

    @Test
    void shouldFindParentWithFloorDivision() {
        assertThat(new TileKey("s", 1, 3, -1, 3).parent()).isEqualTo(new TileKey("s", 1, 2, -1, 1));
    }

    @Test
    void shouldRejectMalformedKeys() {
        assertThatThrownBy(() -> TileKey.parse("s/1/3/0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TileKey.parse("s/1/4/0/0")).hasMessageContaining("zoom");
        assertThatThrownBy(() -> TileKey.parse("s/0/3/0/0")).hasMessageContaining("surface");
        assertThatThrownBy(() -> TileKey.parse("s/1/3/a/0")).hasMessageContaining("non-integer");
        assertThatThrownBy(() -> TileKey.parse("s s/1/3/0/0")).hasMessageContaining("invalid server id");
    }
}
