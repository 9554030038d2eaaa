package dev.kafkatorio.protocol;

/**
 * The map's tile scheme: 256-pixel tiles; at zoom {@code z} one game tile is {@code 2^z} pixels, so
 * {@code z=3} is one chunk (32×32 game tiles) per map tile and {@code z=-6} is 512×512 chunks per map
 * tile. Tile {@code (z,x,y)} covers game tiles {@code [x·256/2^z, (x+1)·256/2^z)} on x and the same
 * on y; y points south; x and y are signed. The web map uses Leaflet {@code CRS.Simple} with
 * {@code L.transformation(1,0,1,0)}, latitude = game y, longitude = game x.
 */
public final class TileScheme {

    public static final int TILE_PIXELS = 256;
    public static final int CHUNK_TILES = 32;
    public static final int MAX_ZOOM = 3;
    public static final int MIN_ZOOM = -6;

    private TileScheme() {}

    /** Game tiles covered by one map tile along one axis at zoom {@code z}. */
    public static long gameTilesPerMapTile(int z) {
        checkZoom(z);
        return z >= 0 ? TILE_PIXELS >> z : (long) TILE_PIXELS << -z;
    }

    /** The map tile index containing game coordinate {@code game} (x or y) at zoom {@code z}. */
    public static long mapTileOf(int z, double game) {
        return (long) Math.floor(game / gameTilesPerMapTile(z));
    }

    /** The chunk index containing game coordinate {@code game}. */
    public static long chunkOf(double game) {
        return (long) Math.floor(game / CHUNK_TILES);
    }

    /** The parent tile index one zoom level out (z-1). */
    public static long parentIndex(long index) {
        return Math.floorDiv(index, 2);
    }

    private static void checkZoom(int z) {
        if (z < MIN_ZOOM || z > MAX_ZOOM) {
            throw new IllegalArgumentException("zoom " + z + " outside " + MIN_ZOOM + ".." + MAX_ZOOM);
        }
    }
}
