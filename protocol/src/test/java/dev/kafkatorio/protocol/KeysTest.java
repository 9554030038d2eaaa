package dev.kafkatorio.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KeysTest {

    @Test
    void shouldBuildKeysFromParts() {
        assertThat(Keys.player("nauvis-1", 7)).isEqualTo("nauvis-1/7");
        assertThat(Keys.tile("s", 1, -6, -3, 4)).isEqualTo("s/1/-6/-3/4");
    }

    @Test
    void shouldRejectServerIdsThatWouldBreakKeys() {
        assertThat(Keys.requireServerId("my_server.eu-1")).isEqualTo("my_server.eu-1");
        assertThatThrownBy(() -> Keys.requireServerId("a/b")).hasMessageContaining("A-Z a-z 0-9");
        assertThatThrownBy(() -> Keys.requireServerId("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Keys.requireServerId(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Keys.requireServerId("x".repeat(65))).isInstanceOf(IllegalArgumentException.class);
    }
}
