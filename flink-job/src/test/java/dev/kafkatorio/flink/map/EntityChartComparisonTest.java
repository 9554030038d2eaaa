package dev.kafkatorio.flink.map;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * How close our terrain + entities layers come to the game's own chart: the factory chunk over noisy
 * Nauvis ground, rendered at z=3, composited, box-filtered to one pixel per tile, rounded to RGB565
 * like the chart, against a synthetic chart made from the same colours the way the game charts a
 * tile (the colour of the entity covering the tile's centre, a tree blended over the ground, else
 * the ground). The figures go into the README; the bound only catches broken rendering.
 */
class EntityChartComparisonTest {

    @Test
    void shouldComeCloseToTheGamesChartOfTheSameChunk() {
        ChunkTiles terrain = MapTestData.noisyChunk(42, true);
        ChunkEntitySet entities = EntityTestData.factoryChunk();
        EntityColors colours = EntityColors.of(EntityTestData.prototypes(), "player");

        byte[] ours = EntityRenderer.composite(
                TileRenderer.renderTerrain(terrain, ColorTable.fallback()), EntityRenderer.render(0, 0, entities, colours));
        int[] oursPerTile = GameChartDecoder.toRgb(rgb565(boxPerTile(ours)));
        int[] chart = GameChartDecoder.toRgb(rgb565(syntheticChart(terrain, entities, colours)));

        int within8 = 0;
        int within16 = 0;
        double distance = 0;
        for (int i = 0; i < chart.length; i++) {
            int max = 0;
            double sq = 0;
            for (int shift = 0; shift <= 16; shift += 8) {
                int d = Math.abs((oursPerTile[i] >> shift & 0xFF) - (chart[i] >> shift & 0xFF));
                max = Math.max(max, d);
                sq += d * d;
            }
            within8 += max <= 8 ? 1 : 0;
            within16 += max <= 16 ? 1 : 0;
            distance += Math.sqrt(sq);
        }
        double pct8 = 100.0 * within8 / chart.length;
        double pct16 = 100.0 * within16 / chart.length;
        double mean = distance / chart.length;
        System.out.printf("entities vs game chart (1 px per tile, RGB565): %.1f %% within 8/channel, %.1f %% within 16, "
                + "mean RGB distance %.2f%n", pct8, pct16, mean);
        assertThat(pct8).isGreaterThanOrEqualTo(90.0);
        assertThat(mean).isLessThan(8.0);
    }

    /** 256×256 RGBA (opaque) → 32×32 {@code 0xRRGGBB} by the mean of each 8×8 block. */
    static int[] boxPerTile(byte[] rgba) {
        int[] out = new int[ChunkTiles.CELLS];
        for (int ty = 0; ty < 32; ty++) {
            for (int tx = 0; tx < 32; tx++) {
                int[] sum = new int[3];
                for (int y = 0; y < 8; y++) {
                    for (int x = 0; x < 8; x++) {
                        int p = TileRenderer.argbAt(rgba, tx * 8 + x, ty * 8 + y);
                        sum[0] += p >> 16 & 0xFF;
                        sum[1] += p >> 8 & 0xFF;
                        sum[2] += p & 0xFF;
                    }
                }
                out[ty * 32 + tx] = (sum[0] + 32) / 64 << 16 | (sum[1] + 32) / 64 << 8 | (sum[2] + 32) / 64;
            }
        }
        return out;
    }

    /** What the game charts per tile: the opaque entity at the tile's centre, else tree over ground, else ground. */
    static int[] syntheticChart(ChunkTiles terrain, ChunkEntitySet entities, EntityColors colours) {
        int[] out = new int[ChunkTiles.CELLS];
        String[] tiles = terrain.tilesRowMajor();
        String[] ores = terrain.oresRowMajor();
        ColorTable table = ColorTable.fallback();
        for (int i = 0; i < out.length; i++) {
            int ground = ores[i] != null ? table.resource(ores[i]) : table.tile(tiles[i]);
            double cx = i % 32 + 0.5;
            double cy = i / 32 + 0.5;
            int top = 0;
            for (ChunkEntity e : entities.all()) {
                boolean covers = Math.abs(cx - e.x()) < e.width() / 2.0 && Math.abs(cy - e.y()) < e.height() / 2.0;
                int c = colours.color(e);
                if (covers && (c >>> 24 == 255 || top >>> 24 < 255)) {
                    top = c;
                }
            }
            int a = top >>> 24;
            int rgb = 0;
            for (int shift = 0; shift <= 16; shift += 8) {
                int blended = ((top >> shift & 0xFF) * a + (ground >> shift & 0xFF) * (255 - a) + 127) / 255;
                rgb |= blended << shift;
            }
            out[i] = rgb;
        }
        return out;
    }

    /** {@code 0xRRGGBB} cells → 2048 little-endian RGB565 bytes, truncating as the chart does. */
    static byte[] rgb565(int[] rgb) {
        byte[] out = new byte[rgb.length * 2];
        for (int i = 0; i < rgb.length; i++) {
            int v = (rgb[i] >> 19 & 0x1F) << 11 | (rgb[i] >> 10 & 0x3F) << 5 | (rgb[i] >> 3 & 0x1F);
            out[2 * i] = (byte) v;
            out[2 * i + 1] = (byte) (v >> 8);
        }
        return out;
    }
}
