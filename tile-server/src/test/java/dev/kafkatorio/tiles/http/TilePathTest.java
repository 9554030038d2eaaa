package dev.kafkatorio.tiles.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafkatorio.protocol.TileKey;
import dev.kafkatorio.protocol.WsMessages.Layer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TilePathTest {

    @Test
    void shouldParseTerrainAndChartTilesWithSignedCoordinates() {
        assertThat(TilePath.parse("/tiles/s1/1/3/0/0.png"))
                .isEqualTo(new TilePath.Tile(Layer.TERRAIN, new TileKey("s1", 1, 3, 0, 0)));
        assertThat(TilePath.parse("/tiles/nauvis.a_b-c/2/-6/-1/-42.png"))
                .isEqualTo(new TilePath.Tile(Layer.TERRAIN, new TileKey("nauvis.a_b-c", 2, -6, -1, -42)));
        assertThat(TilePath.parse("/chart-tiles/s1/7/0/12/-3.png"))
                .isEqualTo(new TilePath.Tile(Layer.CHART, new TileKey("s1", 7, 0, 12, -3)));
        assertThat(TilePath.parse("/tiles/s/2147483647/-2/" + Long.MIN_VALUE + "/" + Long.MAX_VALUE + ".png"))
                .isEqualTo(new TilePath.Tile(Layer.TERRAIN,
                        new TileKey("s", Integer.MAX_VALUE, -2, Long.MIN_VALUE, Long.MAX_VALUE)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/tiles", "/tiles/", "/chart-tiles", "/tiles/s1", "/tiles/s1/1/0/0", "/tiles/s1/1/0/0/0/0.png",
        "/tiles/s1/1/0/0/0", "/tiles/s1/1/0/0/0.jpg", "/tiles/s1/1/0/0/0.PNG", "/tiles/s1/1/0/0/.png",
        "/tiles/s1/1/0/0/0.png.png", "/tiles//1/0/0/0.png", "/tiles/bad!id/1/0/0/0.png",
        "/tiles/xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx/1/0/0/0.png",
        "/tiles/s1/0/0/0/0.png", "/tiles/s1/-1/0/0/0.png", "/tiles/s1/+1/0/0/0.png", "/tiles/s1/01/0/0/0.png",
        "/tiles/s1/x/0/0/0.png", "/tiles/s1/2147483648/0/0/0.png",
        "/tiles/s1/1/4/0/0.png", "/tiles/s1/1/-7/0/0.png", "/tiles/s1/1/99999999999/0/0.png",
        "/tiles/s1/1/a/0/0.png", "/tiles/s1/1/1.5/0/0.png", "/tiles/s1/1/-0/0/0.png",
        "/tiles/s1/1/0/x/0.png", "/tiles/s1/1/0/+1/0.png", "/tiles/s1/1/0/00/0.png", "/tiles/s1/1/0/-0/0.png",
        "/tiles/s1/1/0/9223372036854775808/0.png", "/tiles/s1/1/0/-9223372036854775809/0.png",
        "/tiles/s1/1/0/0/y.png", "/tiles/s1/1/0/0/1e3.png", "/tiles/s1/1/0/0/0x1.png",
        "/tiles/s1/1/0/0/99999999999999999999.png", "/tiles/s1/1/0/0/ 1.png", "/tiles/s1/1/0/0/0.png/",
        "/chart-tiles/s1/1/0/0/0", "/chart-tiles/s1/0/0/0/0.png"
    })
    void shouldRejectMalformedTilePathsAsBadRequests(String path) {
        assertThat(TilePath.parse(path)).as(path).isInstanceOf(TilePath.Bad.class);
    }

    @Test
    void shouldNotClaimOtherPaths() {
        assertThat(TilePath.parse("/tilesx/s1/1/0/0/0.png")).isEqualTo(new TilePath.NotTiles());
        assertThat(TilePath.parse("/api/servers")).isEqualTo(new TilePath.NotTiles());
        assertThat(TilePath.parse(null)).isEqualTo(new TilePath.NotTiles());
    }
}
