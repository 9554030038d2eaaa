package dev.kafkatorio.flink.map;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Renders one chunk as a z=3 map tile: 256×256 RGBA bytes (row by row, 4 bytes per pixel), 8×8
 * pixels per game tile. Terrain: each cell in its tile's map colour, and a cell holding a resource
 * in the resource's map colour instead (the game's map draws resources over the ground the same
 * way). Chart: the game's own 32×32 pixels scaled up by nearest neighbour.
 */
public final class TileRenderer {

    /** Pixels per tile edge. */
    public static final int PIXELS = 256;
    /** Pixels per game tile edge at z=3. */
    public static final int SCALE = PIXELS / ChunkTiles.SIZE;
    /** Bytes of one RGBA tile. */
    public static final int RGBA_BYTES = PIXELS * PIXELS * 4;

    private TileRenderer() {}

    /** The terrain tile of a chunk. Unknown names are drawn {@link ColorTable#UNKNOWN} and counted there. */
    public static byte[] renderTerrain(ChunkTiles chunk, ColorTable colors) {
        String[] tiles = chunk.tilesRowMajor();
        String[] ores = chunk.oresRowMajor();
        Map<String, Integer> tileRgb = new HashMap<>();
        Map<String, Integer> oreRgb = new HashMap<>();
        int[] rgb = new int[ChunkTiles.CELLS];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = ores[i] != null
                    ? oreRgb.computeIfAbsent(ores[i], colors::resource)
                    : tileRgb.computeIfAbsent(tiles[i], colors::tile);
        }
        return upscale(rgb);
    }

    /** The chart tile of a chunk from its 2048 RGB565 bytes ({@link GameChartDecoder}). */
    public static byte[] renderChart(byte[] rgb565) {
        return upscale(GameChartDecoder.toRgb(rgb565));
    }

    /** 32×32 opaque {@code 0xRRGGBB} cells → 256×256 RGBA, each cell an 8×8 block. */
    static byte[] upscale(int[] cells) {
        byte[] out = new byte[RGBA_BYTES];
        byte[] row = new byte[SCALE * 4];
        for (int cy = 0; cy < ChunkTiles.SIZE; cy++) {
            for (int cx = 0; cx < ChunkTiles.SIZE; cx++) {
                int c = cells[cy * ChunkTiles.SIZE + cx];
                for (int p = 0; p < SCALE; p++) {
                    row[4 * p] = (byte) (c >> 16);
                    row[4 * p + 1] = (byte) (c >> 8);
                    row[4 * p + 2] = (byte) c;
                    row[4 * p + 3] = (byte) 0xFF;
                }
                for (int py = 0; py < SCALE; py++) {
                    System.arraycopy(row, 0, out, ((cy * SCALE + py) * PIXELS + cx * SCALE) * 4, row.length);
                }
            }
        }
        return out;
    }

    /** {@code 0xAARRGGBB} of pixel {@code (px, py)} of an RGBA tile (for tests and tools). */
    public static int argbAt(byte[] rgba, int px, int py) {
        int i = (py * PIXELS + px) * 4;
        return (rgba[i + 3] & 0xFF) << 24 | (rgba[i] & 0xFF) << 16 | (rgba[i + 1] & 0xFF) << 8 | (rgba[i + 2] & 0xFF);
    }

    /** Whether every pixel is fully transparent. */
    public static boolean isTransparent(byte[] rgba) {
        for (int i = 3; i < rgba.length; i += 4) {
            if (rgba[i] != 0) {
                return false;
            }
        }
        return true;
    }

    static boolean sameImage(byte[] a, byte[] b) {
        return Arrays.equals(a, b);
    }
}
