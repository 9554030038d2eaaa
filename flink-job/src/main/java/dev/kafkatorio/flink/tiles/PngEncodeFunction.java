package dev.kafkatorio.flink.tiles;

import dev.kafkatorio.flink.map.Downsampler;
import dev.kafkatorio.flink.map.PngEncoder;
import dev.kafkatorio.flink.map.QuadrantCodec;
import dev.kafkatorio.flink.map.TileRenderer;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Encodes a rendered tile as PNG with its content hash (a deleted tile stays a tombstone) and, on
 * the side output {@link #TO_PARENT}, the tile halved and packed for the next pyramid level
 * ({@link TileImage}'s small form). Chained right after the operator that rendered the tile, so no
 * 256 KiB image crosses a network shuffle. Stateless.
 */
public final class PngEncodeFunction extends ProcessFunction<TileImage, TilePng> {

    private static final long serialVersionUID = 1L;

    /** The tile's quadrant for its parent level: {@code half} set, or both pixel fields {@code null}. */
    public static final OutputTag<TileImage> TO_PARENT = new OutputTag<>("to-parent") {};

    @Override
    public void processElement(TileImage t, Context ctx, Collector<TilePng> out) {
        out.collect(encode(t));
        ctx.output(TO_PARENT, forParent(t));
    }

    /** The PNG record of a full tile or tombstone. */
    public static TilePng encode(TileImage t) {
        byte[] png = t.rgba() == null ? null : PngEncoder.encode(t.rgba());
        return new TilePng(t.layer(), t.server(), t.surface(), t.z(), t.x(), t.y(), png,
                png == null ? null : PngEncoder.contentHash(png));
    }

    /** The small form of a tile for its parent level (already small: unchanged). */
    public static TileImage forParent(TileImage t) {
        if (t.rgba() == null) {
            return t;
        }
        byte[] half = Downsampler.halve(t.rgba());
        byte[] packed = TileRenderer.isTransparent(half) ? null : QuadrantCodec.encode(half);
        return new TileImage(t.layer(), t.server(), t.surface(), t.z(), t.x(), t.y(), null, packed);
    }
}
