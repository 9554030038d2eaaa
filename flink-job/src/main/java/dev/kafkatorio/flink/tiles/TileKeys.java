package dev.kafkatorio.flink.tiles;

import dev.kafkatorio.protocol.TileScheme;
import dev.kafkatorio.protocol.WsMessages.Layer;
import org.apache.flink.api.java.functions.KeySelector;

/**
 * Keys of the map operators, as strings of protocol ids joined by {@code /} (a server id never
 * contains {@code /}): chunks {@code <server>/<surface>/<cx>/<cy>}, pyramid tiles {@code
 * <layer>/<server>/<surface>/<x>/<y>} (the level is the operator's).
 */
public final class TileKeys {

    private TileKeys() {}

    /** Key of a chunk's state. */
    public static String chunk(String server, int surface, int cx, int cy) {
        return server + "/" + surface + "/" + cx + "/" + cy;
    }

    /** Key of a pyramid tile. */
    public static String tile(Layer layer, String server, int surface, long x, long y) {
        return layer.wireName() + "/" + server + "/" + surface + "/" + x + "/" + y;
    }

    /** The prefix shared by all chunk keys of a surface. */
    public static String surfacePrefix(String server, int surface) {
        return server + "/" + surface + "/";
    }

    /** A parsed chunk key. */
    public record Chunk(String server, int surface, int cx, int cy) {
        public static Chunk parse(String key) {
            String[] p = key.split("/", -1);
            return new Chunk(p[0], Integer.parseInt(p[1]), Integer.parseInt(p[2]), Integer.parseInt(p[3]));
        }

        /** This chunk's z=3 tile. */
        public TileImage image(Layer layer, byte[] rgba) {
            return new TileImage(layer, server, surface, TileScheme.MAX_ZOOM, cx, cy, rgba);
        }
    }

    /** The tile at level {@code z} named by a pyramid key. */
    public static TileImage tileImage(String key, int z, byte[] rgba) {
        String[] p = key.split("/", -1);
        Layer layer = null;
        for (Layer l : Layer.values()) {
            if (l.wireName().equals(p[0])) {
                layer = l;
            }
        }
        if (layer == null) {
            throw new IllegalArgumentException("unknown layer in pyramid key '" + key + "'");
        }
        return new TileImage(layer, p[1], Integer.parseInt(p[2]), z, Long.parseLong(p[3]), Long.parseLong(p[4]), rgba);
    }

    /** Keys chunk events by their chunk. */
    public static final class ByChunk implements KeySelector<ChunkEvent, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(ChunkEvent e) {
            return chunk(e.server(), e.surface(), e.cx(), e.cy());
        }
    }

    /** Keys a tile by its parent tile one level out (the tile it is downsampled into). */
    public static final class ByParent implements KeySelector<TileImage, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(TileImage t) {
            return tile(t.layer(), t.server(), t.surface(), TileScheme.parentIndex(t.x()), TileScheme.parentIndex(t.y()));
        }
    }
}
