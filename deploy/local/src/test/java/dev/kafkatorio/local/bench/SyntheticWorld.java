package dev.kafkatorio.local.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Deterministic synthetic chunk packets for benchmarks: value-noise terrain with real tile names
 * and an ore patch here and there, as the mod would print them.
 */
public final class SyntheticWorld {

    public static final String[] TILES = {"deepwater", "water", "sand-1", "sand-2", "grass-1", "grass-2", "grass-3", "dry-dirt", "dirt-4", "red-desert-0"};
    static final String[] ORES = {"iron-ore", "copper-ore", "coal", "stone"};

    private SyntheticWorld() {}

    /** Chunk coordinates of a square of {@code n} chunks (rounded up to a square) around the origin. */
    public static List<int[]> square(int n) {
        int side = (int) Math.ceil(Math.sqrt(n));
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new int[] {i % side - side / 2, i / side - side / 2});
        }
        return out;
    }

    /** The JSON data object of a chunk packet for chunk (cx, cy). */
    public static String chunkData(int surface, int cx, int cy) {
        int[] tiles = new int[1024];
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                double v = noise((cx * 32 + x) / 48.0, (cy * 32 + y) / 48.0) * 0.7
                        + noise((cx * 32 + x) / 12.0, (cy * 32 + y) / 12.0) * 0.3;
                tiles[y * 32 + x] = Math.min(TILES.length - 1, (int) (v * TILES.length));
            }
        }
        int[] paletteOf = new int[TILES.length];
        java.util.Arrays.fill(paletteOf, -1);
        List<String> palette = new ArrayList<>();
        StringBuilder runs = new StringBuilder();
        int i = 0;
        while (i < 1024) {
            int t = tiles[i];
            int j = i;
            while (j < 1024 && tiles[j] == t) {
                j++;
            }
            if (paletteOf[t] < 0) {
                paletteOf[t] = palette.size();
                palette.add(TILES[t]);
            }
            if (runs.length() > 0) {
                runs.append(',');
            }
            runs.append(paletteOf[t]).append(',').append(j - i);
            i = j;
        }
        StringBuilder ores = new StringBuilder();
        String ore = null;
        if (Math.floorMod(cx * 7 + cy * 13, 9) == 0) {
            ore = ORES[Math.floorMod(cx + cy, ORES.length)];
            for (int y = 8; y < 24; y++) {
                for (int x = 8; x < 24; x++) {
                    if (ores.length() > 0) {
                        ores.append(',');
                    }
                    ores.append("0,").append(x).append(',').append(y).append(',').append(500 + (x * y) % 700);
                }
            }
        }
        StringBuilder json = new StringBuilder();
        json.append("{\"surface\":").append(surface).append(",\"cx\":").append(cx).append(",\"cy\":").append(cy)
                .append(",\"force\":\"player\",\"hash\":\"").append(Integer.toHexString((cx * 31 + cy) * 0x9e3779b1)).append("\",\"palette\":[");
        for (int p = 0; p < palette.size(); p++) {
            json.append(p == 0 ? "" : ",").append('"').append(palette.get(p)).append('"');
        }
        json.append("],\"runs\":[").append(runs).append("]");
        if (ore != null) {
            json.append(",\"ores\":{\"palette\":[\"").append(ore).append("\"],\"cells\":[").append(ores).append("]}");
        }
        return json.append('}').toString();
    }

    private static double noise(double x, double y) {
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        double fx = smooth(x - x0);
        double fy = smooth(y - y0);
        double a = lerp(hash(x0, y0), hash(x0 + 1, y0), fx);
        double b = lerp(hash(x0, y0 + 1), hash(x0 + 1, y0 + 1), fx);
        return lerp(a, b, fy);
    }

    private static double smooth(double t) {
        return t * t * (3 - 2 * t);
    }

    private static double lerp(double a, double b, double t) {
        return a + (b - a) * t;
    }

    private static double hash(int x, int y) {
        long h = x * 374761393L + y * 668265263L;
        h = (h ^ (h >>> 13)) * 1274126177L;
        return ((h ^ (h >>> 16)) & 0xffffff) / (double) 0x1000000;
    }
}
