package dev.kafkatorio.flink.tiles;

import dev.kafkatorio.protocol.TileKey;
import dev.kafkatorio.protocol.WsMessages.Layer;

/**
 * A map tile as written to its layer's topic.
 *
 * @param layer terrain or chart (chooses the topic)
 * @param server server id
 * @param surface surface index
 * @param z zoom level
 * @param x tile x
 * @param y tile y
 * @param png PNG bytes, {@code null} for a tombstone
 * @param contentHash lowercase hex of the first 16 bytes of the PNG's SHA-256, {@code null} for a tombstone
 */
public record TilePng(Layer layer, String server, int surface, int z, long x, long y, byte[] png, String contentHash) {

    /** The tile's address. */
    public TileKey tileKey() {
        return new TileKey(server, surface, z, x, y);
    }

    @Override
    public String toString() {
        return "TilePng[" + layer.wireName() + " " + tileKey().key() + " " + (png == null ? "deleted" : contentHash) + "]";
    }
}
