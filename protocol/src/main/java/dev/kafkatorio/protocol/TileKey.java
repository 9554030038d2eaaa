package dev.kafkatorio.protocol;

/**
 * The address of one map tile: {@code <server>/<surface>/<z>/<x>/<y>} as a Kafka key, and {@code
 * /tiles/<server>/<surface>/<z>/<x>/<y>.png} as a URL.
 */
public record TileKey(String server, int surface, int z, long x, long y) {

    /** The Kafka key. */
    public String key() {
        return Keys.tile(server, surface, z, x, y);
    }

    /** The tile one zoom level out that contains this one. */
    public TileKey parent() {
        return new TileKey(server, surface, z - 1, TileScheme.parentIndex(x), TileScheme.parentIndex(y));
    }

    /**
     * Parses a Kafka key.
     *
     * @throws IllegalArgumentException with a reason if the key is malformed
     */
    public static TileKey parse(String key) {
        String[] parts = key == null ? new String[0] : key.split("/", -1);
        if (parts.length != 5) {
            throw new IllegalArgumentException("tile key must be <server>/<surface>/<z>/<x>/<y>, got '" + key + "'");
        }
        Keys.requireServerId(parts[0]);
        try {
            int surface = Integer.parseInt(parts[1]);
            int z = Integer.parseInt(parts[2]);
            if (surface < 1 || z < TileScheme.MIN_ZOOM || z > TileScheme.MAX_ZOOM) {
                throw new IllegalArgumentException("tile key '" + key + "' has surface < 1 or zoom outside "
                        + TileScheme.MIN_ZOOM + ".." + TileScheme.MAX_ZOOM);
            }
            return new TileKey(parts[0], surface, z, Long.parseLong(parts[3]), Long.parseLong(parts[4]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("tile key '" + key + "' has a non-integer part", e);
        }
    }
}
