package dev.kafkatorio.flink.tiles;

import dev.kafkatorio.flink.map.PngEncoder;
import org.apache.flink.api.common.functions.MapFunction;

/** Encodes a rendered tile as PNG with its content hash; a deleted tile stays a tombstone. Stateless. */
public final class PngEncodeFunction implements MapFunction<TileImage, TilePng> {

    private static final long serialVersionUID = 1L;

    @Override
    public TilePng map(TileImage t) {
        byte[] png = t.rgba() == null ? null : PngEncoder.encode(t.rgba());
        return new TilePng(t.layer(), t.server(), t.surface(), t.z(), t.x(), t.y(), png,
                png == null ? null : PngEncoder.contentHash(png));
    }
}
