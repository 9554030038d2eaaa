package dev.kafkatorio.flink.tiles;

import dev.kafkatorio.flink.map.GameChartDecoder;
import dev.kafkatorio.flink.map.TileRenderer;
import dev.kafkatorio.flink.packets.DecodedPacket;
import dev.kafkatorio.flink.packets.RateLimitedCounter;
import dev.kafkatorio.protocol.WsMessages.Layer;
import java.util.Arrays;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the game's own chart of each chunk (2048 RGB565 bytes) and renders its z=3 chart tile
 * (nearest-neighbour ×8). Keyed by {@code <server>/<surface>/<cx>/<cy>}; broadcast input {@link
 * MapControl} (only surface deletion/clearing matters here). Renders are coalesced by a
 * processing-time timer {@link #COALESCE_MS} after the first change; an unchanged chart does
 * nothing. A chart that does not decode is counted ({@code badCharts}, WARN at most every 10 s) and
 * ignored.
 *
 * <p>State per chunk: {@code chart} (2048 B) and {@code render-at}; cleared with a tombstone on
 * {@code chunks-deleted} or when the surface is deleted/cleared.
 */
public final class GameChartFunction extends KeyedBroadcastProcessFunction<String, ChunkEvent, DecodedPacket, TileImage> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(GameChartFunction.class);

    /** Delay between a chunk's first chart change and its render. */
    public static final long COALESCE_MS = RenderTimer.COALESCE_MS;

    static ValueStateDescriptor<byte[]> chartDescriptor() {
        return new ValueStateDescriptor<>("chart", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
    }

    private transient ValueState<byte[]> chart;
    private transient RenderTimer renderAt;
    private transient Counter renders;
    private transient Counter badCharts;
    private transient RateLimitedCounter warnLimit;

    @Override
    public void open(OpenContext openContext) {
        chart = getRuntimeContext().getState(chartDescriptor());
        renderAt = new RenderTimer(getRuntimeContext().getState(RenderTimer.descriptor()));
        renders = getRuntimeContext().getMetricGroup().counter("renders");
        badCharts = getRuntimeContext().getMetricGroup().counter("badCharts");
        warnLimit = new RateLimitedCounter(10_000);
    }

    @Override
    public void processElement(ChunkEvent e, ReadOnlyContext ctx, Collector<TileImage> out) throws Exception {
        byte[] old = chart.value();
        if (e.deleted()) {
            renderAt.cancel(ctx.timerService());
            if (old != null) {
                chart.clear();
                out.collect(TileKeys.Chunk.parse(ctx.getCurrentKey()).image(Layer.CHART, null));
            }
            return;
        }
        if (e.chart() == null) {
            return;
        }
        byte[] pixels;
        try {
            pixels = GameChartDecoder.inflate(e.chart().data());
        } catch (IllegalArgumentException ex) {
            badCharts.inc();
            long skipped = warnLimit.tryAcquire(System.currentTimeMillis());
            if (skipped >= 0) {
                LOG.warn("Ignored the chart of {}: {} ({} more since the last warning)", ctx.getCurrentKey(), ex.getMessage(), skipped);
            }
            return;
        }
        if (Arrays.equals(old, pixels)) {
            return;
        }
        chart.update(pixels);
        renderAt.schedule(ctx.timerService());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<TileImage> out) throws Exception {
        renderAt.fired();
        byte[] pixels = chart.value();
        if (pixels != null) {
            renders.inc();
            out.collect(TileKeys.Chunk.parse(ctx.getCurrentKey()).image(Layer.CHART, TileRenderer.renderChart(pixels)));
        }
    }

    @Override
    public void processBroadcastElement(DecodedPacket p, Context ctx, Collector<TileImage> out) throws Exception {
        if (MapControl.clearsSurface(p)) {
            String prefix = TileKeys.surfacePrefix(p.server(), p.surface().index());
            ctx.applyToKeyedState(chartDescriptor(), (key, state) -> {
                if (state.value() != null && key.startsWith(prefix)) {
                    state.clear();
                    out.collect(TileKeys.Chunk.parse(key).image(Layer.CHART, null));
                }
            });
        }
    }
}
