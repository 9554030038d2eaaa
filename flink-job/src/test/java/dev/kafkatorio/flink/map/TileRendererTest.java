package dev.kafkatorio.flink.map;

import static dev.kafkatorio.flink.map.TileRenderer.argbAt;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TileRendererTest {

    private static int opaque(int rgb) {
        return 0xFF000000 | rgb;
    }

    @Test
    void shouldPaintEachTileInItsGameMapColour() {
        ChunkTiles chunk = ChunkTiles.filled("grass-1");
        chunk.setTile(1, 0, "water");
        chunk.setTile(31, 31, "sand-1");
        chunk.setTile(2, 0, "deepwater");
        ColorTable colors = ColorTable.fallback();

        byte[] rgba = TileRenderer.renderTerrain(chunk, colors);

        assertThat(rgba).hasSize(256 * 256 * 4);
        assertThat(argbAt(rgba, 0, 0)).isEqualTo(opaque(MapTestData.tileHex("grass-1")));
        assertThat(argbAt(rgba, 7, 7)).isEqualTo(opaque(MapTestData.tileHex("grass-1")));
        assertThat(argbAt(rgba, 8, 0)).isEqualTo(opaque(MapTestData.tileHex("water")));
        assertThat(argbAt(rgba, 15, 7)).isEqualTo(opaque(MapTestData.tileHex("water")));
        assertThat(argbAt(rgba, 16, 3)).isEqualTo(opaque(MapTestData.tileHex("deepwater")));
        assertThat(argbAt(rgba, 255, 255)).isEqualTo(opaque(MapTestData.tileHex("sand-1")));
        assertThat(argbAt(rgba, 248, 248)).isEqualTo(opaque(MapTestData.tileHex("sand-1")));
        assertThat(colors.drainUnknownLookups()).isZero();
    }

    @Test
    void shouldDrawResourcesOverTheGroundInTheirMapColour() {
        ChunkTiles chunk = ChunkTiles.filled("sand-1");
        chunk.setOre(3, 4, "iron-ore", 500);
        chunk.setOre(4, 4, "copper-ore", 500);
        chunk.setOre(5, 4, "coal", 10);

        byte[] rgba = TileRenderer.renderTerrain(chunk, ColorTable.fallback());

        assertThat(argbAt(rgba, 3 * 8 + 4, 4 * 8 + 4)).isEqualTo(opaque(MapTestData.resourceHex("iron-ore")));
        assertThat(argbAt(rgba, 4 * 8, 4 * 8 + 7)).isEqualTo(opaque(MapTestData.resourceHex("copper-ore")));
        assertThat(argbAt(rgba, 5 * 8 + 1, 4 * 8)).isEqualTo(0xFF000000); // coal is black on the map
        assertThat(argbAt(rgba, 6 * 8, 4 * 8)).isEqualTo(opaque(MapTestData.tileHex("sand-1")));
    }

    @Test
    void shouldPaintUnknownNamesMagentaAndCountThem() {
        ChunkTiles chunk = ChunkTiles.filled("modded-tile");
        chunk.setTile(0, 0, "grass-1");
        ColorTable colors = ColorTable.fallback();

        byte[] rgba = TileRenderer.renderTerrain(chunk, colors);

        assertThat(argbAt(rgba, 100, 100)).isEqualTo(opaque(ColorTable.UNKNOWN));
        assertThat(colors.drainUnknownLookups()).isEqualTo(1); // once per render and name
        assertThat(colors.drainUnknownLookups()).isZero();
    }

    @Test
    void shouldPreferTheServersPrototypeColours() {
        ColorTable colors = ColorTable.withOverrides(
                new String[] {"grass-1", "modded-tile"}, new String[] {"#374a0f", "#010203"},
                new String[] {"iron-ore"}, new String[] {"#688ca7"});
        ChunkTiles chunk = ChunkTiles.filled("grass-1");
        chunk.setTile(1, 0, "modded-tile");
        chunk.setTile(2, 0, "water");
        chunk.setOre(3, 0, "iron-ore", 1);

        byte[] rgba = TileRenderer.renderTerrain(chunk, colors);

        assertThat(argbAt(rgba, 0, 0)).isEqualTo(opaque(0x374a0f));
        assertThat(argbAt(rgba, 8, 0)).isEqualTo(opaque(0x010203));
        assertThat(argbAt(rgba, 16, 0)).isEqualTo(opaque(MapTestData.tileHex("water"))); // not sent: fallback
        assertThat(argbAt(rgba, 24, 0)).isEqualTo(opaque(0x688ca7));
    }

    @Test
    void shouldScaleTheGameChartUpByNearestNeighbour() {
        byte[] chart = new byte[2048];
        chart[0] = (byte) 0xFF; // cell (0,0) = 0xFFFF white, little-endian
        chart[1] = (byte) 0xFF;
        chart[2 * 33] = 0x00; // cell (1,1) = 0xF800 red
        chart[2 * 33 + 1] = (byte) 0xF8;

        byte[] rgba = TileRenderer.renderChart(chart);

        assertThat(argbAt(rgba, 0, 0)).isEqualTo(0xFFFFFFFF);
        assertThat(argbAt(rgba, 7, 7)).isEqualTo(0xFFFFFFFF);
        assertThat(argbAt(rgba, 8, 8)).isEqualTo(0xFFFF0000);
        assertThat(argbAt(rgba, 15, 15)).isEqualTo(0xFFFF0000);
        assertThat(argbAt(rgba, 16, 16)).isEqualTo(0xFF000000);
    }
}
