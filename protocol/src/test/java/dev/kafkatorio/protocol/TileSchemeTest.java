package dev.kafkatorio.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TileSchemeTest {

    @Test
    void shouldCoverOneChunkPerTileAtZoom3AndEightByEightAtZoom0() {
        assertThat(TileScheme.gameTilesPerMapTile(3)).isEqualTo(32);
        assertThat(TileScheme.gameTilesPerMapTile(0)).isEqualTo(256);
        assertThat(TileScheme.gameTilesPerMapTile(-6)).isEqualTo(16384);
    }

    @Test
    void shouldFloorNegativeCoordinates() {
        assertThat(TileScheme.mapTileOf(3, -0.5)).isEqualTo(-1);
        assertThat(TileScheme.mapTileOf(3, 31.99)).isZero();
        assertThat(TileScheme.mapTileOf(0, -257)).isEqualTo(-2);
        assertThat(TileScheme.chunkOf(-1)).isEqualTo(-1);
        assertThat(TileScheme.chunkOf(32)).isEqualTo(1);
        assertThat(TileScheme.parentIndex(-1)).isEqualTo(-1);
        assertThat(TileScheme.parentIndex(-3)).isEqualTo(-2);
        assertThat(TileScheme.parentIndex(3)).isEqualTo(1);
    }

    @Test
    void shouldRejectZoomOutsideTheChain() {
        assertThatThrownBy(() -> TileScheme.gameTilesPerMapTile(4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TileScheme.gameTilesPerMapTile(-7)).isInstanceOf(IllegalArgumentException.class);
    }
}
