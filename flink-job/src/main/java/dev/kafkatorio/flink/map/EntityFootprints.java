package dev.kafkatorio.flink.map;

import dev.kafkatorio.protocol.PacketCodec;
import java.util.ArrayList;
import java.util.List;

/**
 * Footprint geometry: an entity's rectangle in z=3 pixels (8 per tile) from its centre and rotated
 * size, and the chunks that rectangle overlaps. Pixel edges are rounded from the game's 1/256-tile
 * positions, so a 3×3 machine at (4.5, −7.5) covers pixels 24..48 × −72..−48 exactly.
 *
 * <p>Bounded whatever the input: sizes are clamped to 1..{@link #MAX_SIZE} tiles, so a footprint
 * overlaps at most 2×2 chunks, and only chunks on the map ({@code |cx|, |cy| ≤}
 * {@link PacketCodec#MAX_CHUNK_COORD}) are returned; a position off the map or not finite overlaps
 * none (the protocol codec already rejects such packets; this is the second line of defence).
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

    /** The chunk coordinate of a map coordinate (saturated, never wrapped, for values off the map). */
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

    /**
     * Every chunk {@code [cx, cy]} on the map the footprint overlaps, row by row: at most 4 (sizes are
     * clamped to {@link #MAX_SIZE}), none for a position off the map.
     */
    public static List<int[]> chunks(double x, double y, int width, int height) {
        double limit = PacketCodec.MAX_COORD + MAX_SIZE;
        if (!(Math.abs(x) <= limit && Math.abs(y) <= limit)) { // also false for NaN
            return List.of();
        }
        long[] r = pixelRect(x, y, clamp(width), clamp(height));
        long px = CHUNK * SCALE;
        long max = PacketCodec.MAX_CHUNK_COORD;
        long cx0 = Math.max(-max, Math.floorDiv(r[0], px));
        long cx1 = Math.min(max, Math.floorDiv(r[2] - 1, px));
        long cy0 = Math.max(-max, Math.floorDiv(r[1], px));
        long cy1 = Math.min(max, Math.floorDiv(r[3] - 1, px));
        List<int[]> out = new ArrayList<>(4);
        for (long cy = cy0; cy <= cy1; cy++) { // ≤ 2 rows × 2 columns: a footprint is at most one chunk wide
            for (long cx = cx0; cx <= cx1; cx++) {
                out.add(new int[] {(int) cx, (int) cy});
            }
        }
        return out;
    }

    /** Whether chunk {@code (cx, cy)} is on the map ({@link PacketCodec#MAX_CHUNK_COORD}). */
    public static boolean onMap(long cx, long cy) {
        return Math.abs(cx) <= PacketCodec.MAX_CHUNK_COORD && Math.abs(cy) <= PacketCodec.MAX_CHUNK_COORD;
    }

    /** The chunks an entity's footprint overlaps. */
    public static List<int[]> chunks(ChunkEntity e) {
        return chunks(e.x(), e.y(), e.width(), e.height());
    }
}
