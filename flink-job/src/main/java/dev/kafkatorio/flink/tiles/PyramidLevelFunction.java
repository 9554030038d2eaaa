package dev.kafkatorio.flink.tiles;

import dev.kafkatorio.flink.map.Downsampler;
import dev.kafkatorio.flink.map.QuadrantCodec;
import dev.kafkatorio.flink.map.TileRenderer;
import java.util.Arrays;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * One level {@code z} of the tile pyramid: receives tiles of level {@code z+1}, keyed by the level-z
 * tile they fall in ({@link TileKeys.ByParent}: {@code <layer>/<server>/<surface>/<x>/<y>}), and
 * emits level-z tiles, which go both to the tile sink and to level {@code z-1}.
 *
 * <p>State per tile: {@code quadrants} — the 128×128 RGBA halves of its up to four children, as
 * {@link QuadrantCodec} bytes (64 KiB raw, a few KiB deflated), keyed 0..3 ({@link Downsampler#quadrantOf}); a child that arrives identical to the stored
 * half changes nothing, a deleted or fully transparent child removes its quadrant. The first change
 * registers a processing-time timer {@link #COALESCE_MS} later ({@code render-at}); the timer
 * assembles the tile once. When no quadrant is left the timer emits a tombstone: the state is then
 * empty and no timer remains (state has an end).
 */
public final class PyramidLevelFunction extends KeyedProcessFunction<String, TileImage, TileImage> {

    private static final long serialVersionUID = 1L;

    /** Delay between a tile's first child change and its render. */
    public static final long COALESCE_MS = RenderTimer.COALESCE_MS;

    private final int z;

    private transient MapState<Integer, byte[]> quadrants;
    private transient RenderTimer renderAt;
    private transient Counter renders;

    /** The level this instance renders. */
    public PyramidLevelFunction(int z) {
        this.z = z;
    }

    /** The stable uid of level {@code z}: {@code pyramid-z2} … {@code pyramid-z0}, {@code pyramid-zm1} … {@code pyramid-zm6}. */
    public static String uid(int z) {
        return "pyramid-z" + (z < 0 ? "m" + -z : Integer.toString(z));
    }

    static MapStateDescriptor<Integer, byte[]> quadrantsDescriptor() {
        return new MapStateDescriptor<>("quadrants", Types.INT, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
    }

    @Override
    public void open(OpenContext openContext) {
        quadrants = getRuntimeContext().getMapState(quadrantsDescriptor());
        renderAt = new RenderTimer(getRuntimeContext().getState(RenderTimer.descriptor()));
        renders = getRuntimeContext().getMetricGroup().counter("renders");
    }

    @Override
    public void processElement(TileImage child, Context ctx, Collector<TileImage> out) throws Exception {
        if (child.z() != z + 1) {
            throw new IllegalStateException("level " + z + " got a tile of level " + child.z() + ": topology bug");
        }
        int q = Downsampler.quadrantOf(child.x(), child.y());
        // the topology sends the small form (halved and packed upstream); a full tile is halved here
        byte[] packed = PngEncodeFunction.forParent(child).half();
        if (packed == null) {
            if (!quadrants.contains(q)) {
                return;
            }
            quadrants.remove(q);
        } else {
            // equal packed bytes ⇔ equal pixels (deterministic codec); a codec change between
            // versions only costs one redundant render
            if (Arrays.equals(quadrants.get(q), packed)) {
                return; // nothing visible changed at this level, so nothing above changes either
            }
            quadrants.put(q, packed);
        }
        renderAt.schedule(ctx.timerService());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<TileImage> out) throws Exception {
        renderAt.fired();
        byte[] tile = null;
        for (int q = 0; q < 4; q++) {
            byte[] half = quadrants.get(q);
            if (half != null) {
                if (tile == null) {
                    tile = new byte[TileRenderer.RGBA_BYTES];
                }
                Downsampler.place(tile, q, QuadrantCodec.decode(half));
            }
        }
        if (tile == null) {
            quadrants.clear();
        } else {
            renders.inc();
        }
        out.collect(TileKeys.tileImage(ctx.getCurrentKey(), z, tile));
    }
}
