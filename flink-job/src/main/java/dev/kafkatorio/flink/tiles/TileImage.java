package dev.kafkatorio.flink.tiles;

import dev.kafkatorio.protocol.TileKey;
import dev.kafkatorio.protocol.WsMessages.Layer;

/**
 * One rendered map tile of a layer, before PNG encoding: 256×256 RGBA bytes, or {@code null} when
 * the tile is gone (a tombstone for the tile topics).
 *
 * @param layer terrain or chart
 * @param server server id
 * @param surface surface index
 * @param z zoom level, 3 (one chunk) down to -6
 * @param x tile x at {@code z}
 * @param y tile y at {@code z}
 * @param rgba 256×256 RGBA pixels, row by row; {@code null} = deleted
 */
public record TileImage(Layer layer, String server, int surface, int z, long x, long y, byte[] rgba) {

    /** The tile's address (its Kafka key is {@code tileKey().key()}). */
    public TileKey tileKey() {
        return new TileKey(server, surface, z, x, y);
    }

    /** Whether this is a deletion. */
    public boolean deleted() {
        return rgba == null;
    }

    @Override
    public String toString() {
        return "TileImage[" + layer.wireName() + " " + tileKey().key() + (rgba == null ? " deleted]" : "]");
    }
}
