package dev.kafkatorio.flink.map;

import java.util.ArrayList;
import java.util.List;

/**
 * Footprint geometry: an entity's rectangle in z=3 pixels (8 per tile) from its centre and rotated
 * size, and the chunks that rectangle overlaps. Pixel edges are rounded from the game's 1/256-tile
 * positions, so a 3×3 machine at (4.5, −7.5) covers pixels 24..48 × −72..−48 exactly.
 */
public final class EntityFootprints {

    /** Tiles per chunk edge. */
    public static final int CHUNK = ChunkTiles.SIZE;
    /** Pixels per tile at z=3. */
    public static final int SCALE = TileRenderer.SCALE;
    /** A footprint is at most one chunk wide: it then overlaps at most the owner's 8 neighbours. */
    public static final int MAX_SIZE = CHUNK;

    private EntityFootprints() {}

    /**
     * The footprint size {@code [w, h]} of a prototype of {@code w × h} tiles facing {@code direction}
     * (16-way {@code defines.direction}): east (4) and west (12) swap width and height; unknown or
     * zero sizes count as 1 tile, sizes over one chunk are capped.
     */
    public static int[] size(int width, int height, int direction) {
        int w = clamp(width);
        int h = clamp(height);
        return Math.floorMod(direction, 8) == 4 ? new int[] {h, w} : new int[] {w, h};
    }

    private static int clamp(int v) {
        return Math.max(1, Math.min(MAX_SIZE, v));
    }

    /** The chunk coordinate of a map coordinate. */
    public static int chunkOf(double v) {
        return Math.floorDiv((int) Math.floor(v), CHUNK);
    }

    /** {@code [x0, y0, x1, y1]}: the footprint in absolute z=3 pixels, end exclusive. */
    public static long[] pixelRect(double x, double y, int width, int height) {
        long x0 = Math.round((x - width / 2.0) * SCALE);
        long y0 = Math.round((y - height / 2.0) * SCALE);
        return new long[] {x0, y0, x0 + (long) width * SCALE, y0 + (long) height * SCALE};
    }

    /** The pixel rectangle of an entity. */
    public static long[] pixelRect(ChunkEntity e) {
        return pixelRect(e.x(), e.y(), e.width(), e.height());
    }

    /** Every chunk {@code [cx, cy]} the footprint overlaps, row by row. */
    public static List<int[]> chunks(double x, double y, int width, int height) {
        long[] r = pixelRect(x, y, width, height);
        int px = CHUNK * SCALE;
        int cx0 = (int) Math.floorDiv(r[0], px);
        int cx1 = (int) Math.floorDiv(r[2] - 1, px);
        int cy0 = (int) Math.floorDiv(r[1], px);
        int cy1 = (int) Math.floorDiv(r[3] - 1, px);
        List<int[]> out = new ArrayList<>();
        for (int cy = cy0; cy <= cy1; cy++) {
            for (int cx = cx0; cx <= cx1; cx++) {
                out.add(new int[] {cx, cy});
            }
        }
        return out;
    }

    /** The chunks an entity's footprint overlaps. */
    public static List<int[]> chunks(ChunkEntity e) {
        return chunks(e.x(), e.y(), e.width(), e.height());
    }
}
