package dev.kafkatorio.flink.map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Test fixtures: the game's colour file read independently of {@link ColorTable}, and sample chunks. */
public final class MapTestData {

    private static JsonNode colors;

    private MapTestData() {}

    private static synchronized JsonNode colors() {
        if (colors == null) {
            try (InputStream in = MapTestData.class.getClassLoader().getResourceAsStream(ColorTable.FALLBACK_RESOURCE)) {
                colors = new ObjectMapper().readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return colors;
    }

    /** {@code 0xRRGGBB} of a tile from its {@code hex} field in map-colors-2.0.77.json. */
    public static int tileHex(String name) {
        return Integer.parseInt(colors().get("tiles").get(name).get("hex").asText().substring(1), 16);
    }

    /** {@code 0xRRGGBB} of a resource from its {@code hex} field. */
    public static int resourceHex(String name) {
        return Integer.parseInt(colors().get("resources").get(name).get("hex").asText().substring(1), 16);
    }

    /**
     * A chunk shaped like real Nauvis ground: patches of four grass variants and dirt along smooth
     * noisy borders (~150–200 runs), with a corner of iron ore.
     */
    public static ChunkTiles noisyChunk(long seed, boolean withOre) {
        String[] names = {"grass-1", "grass-2", "grass-3", "grass-4", "dirt-1"};
        ChunkTiles chunk = ChunkTiles.filled("grass-1");
        java.util.Random random = new java.util.Random(seed);
        double fx = 0.15 + random.nextDouble() * 0.1;
        double fy = 0.12 + random.nextDouble() * 0.1;
        double phase = random.nextDouble() * 6;
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                double v = Math.sin(x * fx + phase) + Math.cos(y * fy - phase) + 0.6 * Math.sin((x + y) * 0.35)
                        + (random.nextDouble() < 0.04 ? 1.5 : 0);
                int idx = (int) Math.floor((v + 2.6) / 5.2 * names.length);
                chunk.setTile(x, y, names[Math.max(0, Math.min(names.length - 1, idx))]);
                if (withOre && x < 6 && y < 6) {
                    chunk.setOre(x, y, "iron-ore", 300 + 37L * (x * 7 + y * 13 % 11));
                }
            }
        }
        return chunk;
    }
}
