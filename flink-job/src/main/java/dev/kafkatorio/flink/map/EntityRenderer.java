package dev.kafkatorio.flink.map;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Renders the entities overlapping one chunk as its z=3 tile of the transparent entities layer, like
 * the game's map view: each footprint filled in its {@linkplain EntityColors map colour} (8 px per
 * tile, clipped to the chunk, so an entity crossing a chunk border is drawn on both sides); for
 * entities that belong to a force and are larger than one tile a 1-px outline {@link #darker} than the fill, so neighbouring
 * machines stay apart at z=3; a 2-px line from the centre toward {@code direction} on belts and
 * inserters, and along the track on rails. Neutral entities (trees, rocks, cliffs) get neither: trees
 * are translucent dots of the chart's tree colour, rocks and cliffs solid in their map colour.
 * Translucent colours are drawn first and composited, opaque ones over them in id order. Integer
 * arithmetic on pixels: equal input, equal bytes.
 */
public final class EntityRenderer {

    private static final int PX = TileRenderer.PIXELS;

    private static final Set<String> BELTS = Set.of(
            "transport-belt", "underground-belt", "splitter", "loader", "loader-1x1", "linked-belt", "lane-splitter",
            "inserter");
    private static final Set<String> RAILS = Set.of(
            "straight-rail", "curved-rail-a", "curved-rail-b", "half-diagonal-rail", "legacy-straight-rail",
            "legacy-curved-rail", "elevated-straight-rail", "elevated-curved-rail-a", "elevated-curved-rail-b",
            "elevated-half-diagonal-rail", "rail-ramp");

    private EntityRenderer() {}

    /** The entities tile of chunk {@code (cx, cy)}: 256×256 RGBA, transparent where there is nothing. */
    public static byte[] render(int cx, int cy, ChunkEntitySet entities, EntityColors colours) {
        byte[] out = new byte[TileRenderer.RGBA_BYTES];
        List<ChunkEntity> opaque = new ArrayList<>();
        for (ChunkEntity e : entities.all()) {
            int argb = colours.color(e);
            if (argb >>> 24 == 0) {
                continue;
            }
            if (argb >>> 24 < 255) {
                draw(out, cx, cy, e, argb);
            } else {
                opaque.add(e);
            }
        }
        for (ChunkEntity e : opaque) {
            draw(out, cx, cy, e, colours.color(e));
        }
        return out;
    }

    /** {@code argb} with each colour channel scaled by 3/4 (alpha kept). */
    public static int darker(int argb) {
        int r = (argb >> 16 & 0xFF) * 3 / 4;
        int g = (argb >> 8 & 0xFF) * 3 / 4;
        int b = (argb & 0xFF) * 3 / 4;
        return argb & 0xFF000000 | r << 16 | g << 8 | b;
    }

    private static void draw(byte[] out, int cx, int cy, ChunkEntity e, int argb) {
        long[] r = EntityFootprints.pixelRect(e);
        long ox = (long) cx * PX;
        long oy = (long) cy * PX;
        boolean owned = !e.force().isEmpty() && !"neutral".equals(e.force());
        // 1×1 entities (belts, pipes, poles) stay solid so lanes read as lanes; the mark shows direction
        boolean outlined = owned && e.width() > 1 && e.height() > 1;
        int edge = darker(argb);
        long x0 = Math.max(r[0], ox);
        long x1 = Math.min(r[2], ox + PX);
        long y0 = Math.max(r[1], oy);
        long y1 = Math.min(r[3], oy + PX);
        for (long y = y0; y < y1; y++) {
            for (long x = x0; x < x1; x++) {
                boolean border = outlined && (x == r[0] || x == r[2] - 1 || y == r[1] || y == r[3] - 1);
                put(out, (int) (x - ox), (int) (y - oy), border ? edge : argb);
            }
        }
        if (!owned) {
            return;
        }
        if (BELTS.contains(e.type())) {
            line(out, ox, oy, r, e.direction(), false, edge);
        } else if (RAILS.contains(e.type())) {
            line(out, ox, oy, r, e.direction(), true, edge);
        }
    }

    /** A 2-px line from the footprint's centre toward {@code direction} (and back, if {@code both}). */
    private static void line(byte[] out, long ox, long oy, long[] r, int direction, boolean both, int argb) {
        long mx = (r[0] + r[2]) / 2;
        long my = (r[1] + r[3]) / 2;
        long len = Math.min(r[2] - r[0], r[3] - r[1]) / 2 - 2;
        double angle = Math.floorMod(direction, 16) * StrictMath.PI / 8;
        double dx = StrictMath.sin(angle);
        double dy = -StrictMath.cos(angle);
        for (int sign = 1; sign >= (both ? -1 : 1); sign -= 2) {
            for (long t = 0; t <= len; t++) {
                long px = mx + Math.round(sign * dx * t);
                long py = my + Math.round(sign * dy * t);
                for (long y = py - 1; y <= py; y++) {
                    for (long x = px - 1; x <= px; x++) {
                        if (x >= r[0] && x < r[2] && y >= r[1] && y < r[3] && x >= ox && x < ox + PX && y >= oy
                                && y < oy + PX) {
                            put(out, (int) (x - ox), (int) (y - oy), argb);
                        }
                    }
                }
            }
        }
    }

    /** Draws {@code argb} over pixel {@code (x, y)} ("over" compositing; opaque colours replace). */
    static void put(byte[] rgba, int x, int y, int argb) {
        over(rgba, (y * PX + x) * 4, argb);
    }

    private static void over(byte[] rgba, int i, int argb) {
        int a = argb >>> 24;
        if (a == 255) {
            rgba[i] = (byte) (argb >> 16);
            rgba[i + 1] = (byte) (argb >> 8);
            rgba[i + 2] = (byte) argb;
            rgba[i + 3] = (byte) 0xFF;
            return;
        }
        if (a == 0) {
            return;
        }
        int da = rgba[i + 3] & 0xFF;
        int dw = da * (255 - a); // destination weight, ×255
        int outA255 = a * 255 + dw;
        for (int c = 0; c < 3; c++) {
            int src = argb >> (16 - 8 * c) & 0xFF;
            int dst = rgba[i + c] & 0xFF;
            rgba[i + c] = (byte) ((src * a * 255 + dst * dw + outA255 / 2) / outA255);
        }
        rgba[i + 3] = (byte) ((outA255 + 127) / 255);
    }

    /** {@code top} composited over {@code bottom} (both 256×256 RGBA), e.g. entities over terrain. */
    public static byte[] composite(byte[] bottom, byte[] top) {
        byte[] out = bottom.clone();
        for (int i = 0; i < out.length; i += 4) {
            int argb = (top[i + 3] & 0xFF) << 24 | (top[i] & 0xFF) << 16 | (top[i + 1] & 0xFF) << 8 | (top[i + 2] & 0xFF);
            over(out, i, argb);
        }
        return out;
    }
}
