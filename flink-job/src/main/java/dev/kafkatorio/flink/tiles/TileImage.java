package dev.kafkatorio.flink.tiles;

import dev.kafkatorio.protocol.TileKey;
import dev.kafkatorio.protocol.WsMessages.Layer;

/**
 * One rendered map tile of a layer, before PNG encoding: 256×256 RGBA bytes, or {@code null} when
 * the tile is gone (a tombstone for the tile topics).
 *
 * <p>Between pyramid levels the topology ships the small form instead ({@link PngEncodeFunction}'s
 * side output): {@code rgba} {@code null} and {@code half} the tile already halved to the 128×128
 * quadrant it fills in its parent, as {@link dev.kafkatorio.flink.map.QuadrantCodec} bytes (a few
 * KiB instead of 256 KiB); both {@code null} = gone or fully transparent.
 *
 * @param layer terrain or chart
 * @param server server id
 * @param surface surface index
 * @param z zoom level, 3 (one chunk) down to -6
 * @param x tile x at {@code z}
 * @param y tile y at {@code z}
 * @param rgba 256×256 RGBA pixels, row by row; {@code null} = deleted (or the small form)
 * @param half packed 128×128 quadrant for the parent level, or {@code null}
 */
public record TileImage(Layer layer, String server, int surface, int z, long x, long y, byte[] rgba, byte[] half) {

    /** A full tile ({@code rgba}) or a deletion ({@code null}). */
    public TileImage(Layer layer, String server, int surface, int z, long x, long y, byte[] rgba) {
        this(layer, server, surface, z, x, y, rgba, null);
    }

    /** The tile's address (its Kafka key is {@code tileKey().key()}). */
    public TileKey tileKey() {
        return new TileKey(server, surface, z, x, y);
    }

    /** Whether this is a deletion (or, in the small form, a transparent tile: the same to the parent). */
    public boolean deleted() {
        return rgba == null && half == null;
    }

    @Override
    public String toString() {
        return "TileImage[" + layer.wireName() + " " + tileKey().key()
                + (deleted() ? " deleted]" : rgba == null ? " half]" : "]");
    }
}
