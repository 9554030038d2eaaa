package dev.kafkatorio.flink.map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Map colours of tiles and resources by prototype name, as {@code 0xRRGGBB}. The {@linkplain
 * #fallback() fallback} table is the game's 2.0.77 data ({@code kafkatorio/map-colors-2.0.77.json}:
 * tiles, tiles added in 2.1, resources); a server's {@code prototypes} packet overrides it name by
 * name ({@link #withOverrides}). A name known to neither gets {@link #UNKNOWN} and is counted.
 * Alpha in the game data (11 hidden refined-concrete tiles) is ignored: tiles are drawn opaque.
 * Not thread-safe (the unknown counter); one instance per operator subtask and server.
 */
public final class ColorTable {

    /** Colour of a name without a map colour: a loud magenta, easy to spot on the map. */
    public static final int UNKNOWN = 0xFF00DC;

    /** The classpath resource of the fallback table. */
    public static final String FALLBACK_RESOURCE = "kafkatorio/map-colors-2.0.77.json";

    private static volatile ColorTable fallbackPrototype;

    private final Map<String, Integer> tiles;
    private final Map<String, Integer> resources;
    private long unknownLookups;

    private ColorTable(Map<String, Integer> tiles, Map<String, Integer> resources) {
        this.tiles = tiles;
        this.resources = resources;
    }

    /** A fresh table with the game's own 2.0.77 colours. */
    public static ColorTable fallback() {
        ColorTable prototype = fallbackPrototype;
        if (prototype == null) {
            prototype = loadFallback();
            fallbackPrototype = prototype;
        }
        return new ColorTable(prototype.tiles, prototype.resources);
    }

    /**
     * The fallback table overridden by a server's colours ({@code #rrggbb}, parallel arrays as in the
     * protocol's {@code Prototypes}); malformed colours are skipped (the protocol codec rejects them).
     */
    public static ColorTable withOverrides(
            String[] tileNames, String[] tileColors, String[] resourceNames, String[] resourceColors) {
        ColorTable base = fallback();
        Map<String, Integer> tiles = new HashMap<>(base.tiles);
        Map<String, Integer> resources = new HashMap<>(base.resources);
        putAll(tiles, tileNames, tileColors);
        putAll(resources, resourceNames, resourceColors);
        return new ColorTable(Map.copyOf(tiles), Map.copyOf(resources));
    }

    private static void putAll(Map<String, Integer> into, String[] names, String[] colors) {
        if (names == null || colors == null) {
            return;
        }
        for (int i = 0; i < Math.min(names.length, colors.length); i++) {
            Integer rgb = parseHex(colors[i]);
            if (names[i] != null && rgb != null) {
                into.put(names[i], rgb);
            }
        }
    }

    /** {@code #rrggbb} → {@code 0xRRGGBB}, or {@code null} if malformed. */
    static Integer parseHex(String hex) {
        if (hex == null || hex.length() != 7 || hex.charAt(0) != '#') {
            return null;
        }
        try {
            return Integer.parseInt(hex.substring(1), 16);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The map colour of a tile, or {@link #UNKNOWN} (counted). */
    public int tile(String name) {
        return lookup(tiles, name);
    }

    /** The map colour of a resource entity, or {@link #UNKNOWN} (counted). */
    public int resource(String name) {
        return lookup(resources, name);
    }

    private int lookup(Map<String, Integer> map, String name) {
        Integer rgb = map.get(name);
        if (rgb == null) {
            unknownLookups++;
            return UNKNOWN;
        }
        return rgb;
    }

    /** Unknown-name lookups since the last call. */
    public long drainUnknownLookups() {
        long n = unknownLookups;
        unknownLookups = 0;
        return n;
    }

    private static ColorTable loadFallback() {
        try (InputStream in = ColorTable.class.getClassLoader().getResourceAsStream(FALLBACK_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(FALLBACK_RESOURCE + " is not on the classpath");
            }
            JsonNode root = new ObjectMapper().readTree(in);
            Map<String, Integer> tiles = new HashMap<>();
            readSection(root.get("tiles"), tiles);
            readSection(root.get("tiles_added_in_2_1"), tiles);
            Map<String, Integer> resources = new HashMap<>();
            readSection(root.get("resources"), resources);
            return new ColorTable(Map.copyOf(tiles), Map.copyOf(resources));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + FALLBACK_RESOURCE, e);
        }
    }

    private static void readSection(JsonNode section, Map<String, Integer> into) {
        if (section == null) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = section.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode rgb = e.getValue().get("rgb");
            into.put(e.getKey(), rgb.get(0).asInt() << 16 | rgb.get(1).asInt() << 8 | rgb.get(2).asInt());
        }
    }
}
