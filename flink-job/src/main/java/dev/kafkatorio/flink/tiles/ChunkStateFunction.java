package dev.kafkatorio.flink.tiles;

import dev.kafkatorio.flink.map.ChunkCodec;
import dev.kafkatorio.flink.map.ChunkTiles;
import dev.kafkatorio.flink.map.ColorTable;
import dev.kafkatorio.flink.map.TileRenderer;
import dev.kafkatorio.flink.packets.DecodedPacket;
import dev.kafkatorio.flink.packets.RateLimitedCounter;
import dev.kafkatorio.flink.surfaces.SurfaceEvent;
import dev.kafkatorio.protocol.Prototypes;
import dev.kafkatorio.protocol.WsMessages.Layer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the terrain of each chunk and renders its z=3 terrain tile. Keyed by {@code
 * <server>/<surface>/<cx>/<cy>} ({@link TileKeys#chunk}); broadcast input {@link MapControl}.
 *
 * <ul>
 *   <li>{@code chunk}: replaces the chunk; {@code tiles}: applied to a known chunk (ignored and
 *       counted in {@code tileChangesWithoutChunk} before the chunk's terrain arrived); a change that
 *       leaves the stored bytes equal does nothing.
 *   <li>Renders are coalesced: the first change registers a processing-time timer {@link
 *       #COALESCE_MS} later and the timer renders the latest state once (a paused headless server runs
 *       no ticks, so game time cannot drive this).
 *   <li>{@code chunks-deleted} and a surface deleted/cleared: state cleared, tombstone emitted.
 *   <li>{@code prototypes}: the server's colours (broadcast state, fallback until then); when they
 *       change, every chunk of that server whose tiles/resources changed colour is re-rendered at once.
 * </ul>
 *
 * <p>State per chunk: {@code chunk} ({@link ChunkCodec} bytes, ~300 B) and {@code render-at} (pending
 * timer), both cleared on deletion; at most one timer per chunk. Side output {@link #SURFACE_CHUNKS}:
 * ±1 per chunk appearing/disappearing, for {@code SurfaceFunction}. Metrics {@code renders}, {@code
 * unknownColors}, {@code tileChangesWithoutChunk}, {@code badChunks}.
 */
public final class ChunkStateFunction extends KeyedBroadcastProcessFunction<String, ChunkEvent, DecodedPacket, TileImage> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ChunkStateFunction.class);

    /** Delay between a chunk's first change and its render. */
    public static final long COALESCE_MS = RenderTimer.COALESCE_MS;

    /** Chunks appearing (+1) and disappearing (-1), per surface. */
    public static final OutputTag<SurfaceEvent> SURFACE_CHUNKS =
            new OutputTag<>("surface-chunks", TypeInformation.of(SurfaceEvent.class));

    static ValueStateDescriptor<byte[]> chunkDescriptor() {
        return new ValueStateDescriptor<>("chunk", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
    }

    static ValueStateDescriptor<Long> renderAtDescriptor() {
        return RenderTimer.descriptor();
    }

    private transient ValueState<byte[]> chunk;
    private transient RenderTimer renderAt;
    private transient Map<String, ColorTable> colourCache;
    private transient Counter renders;
    private transient Counter unknownColors;
    private transient Counter tileChangesWithoutChunk;
    private transient Counter badChunks;
    private transient RateLimitedCounter warnLimit;
    private transient RateLimitedCounter infoLimit;

    @Override
    public void open(OpenContext openContext) {
        chunk = getRuntimeContext().getState(chunkDescriptor());
        renderAt = new RenderTimer(getRuntimeContext().getState(renderAtDescriptor()));
        colourCache = new HashMap<>();
        renders = getRuntimeContext().getMetricGroup().counter("renders");
        unknownColors = getRuntimeContext().getMetricGroup().counter("unknownColors");
        tileChangesWithoutChunk = getRuntimeContext().getMetricGroup().counter("tileChangesWithoutChunk");
        badChunks = getRuntimeContext().getMetricGroup().counter("badChunks");
        warnLimit = new RateLimitedCounter(10_000);
        infoLimit = new RateLimitedCounter(10_000);
    }

    @Override
    public void processElement(ChunkEvent e, ReadOnlyContext ctx, Collector<TileImage> out) throws Exception {
        byte[] old = chunk.value();
        if (e.deleted()) {
            renderAt.cancel(ctx.timerService());
            if (old != null) {
                chunk.clear();
                out.collect(TileKeys.Chunk.parse(ctx.getCurrentKey()).image(Layer.TERRAIN, null));
                ctx.output(SURFACE_CHUNKS, SurfaceEvent.chunkRemoved(e.server(), e.surface(), e.cx(), e.cy()));
            }
            return;
        }
        byte[] updated;
        try {
            if (e.terrain() != null) {
                updated = ChunkCodec.encode(ChunkTiles.of(e.terrain()));
            } else if (e.tiles() != null) {
                if (old == null) {
                    tileChangesWithoutChunk.inc();
                    return;
                }
                ChunkTiles tiles = ChunkCodec.decode(old);
                if (!tiles.apply(e.cx(), e.cy(), e.tiles())) {
                    return;
                }
                updated = ChunkCodec.encode(tiles);
            } else {
                return;
            }
        } catch (RuntimeException ex) {
            // the protocol codec validated the packet; a failure here is a bug, not a reason to crash-loop
            badChunks.inc();
            if (warnLimit.tryAcquire(System.currentTimeMillis()) >= 0) {
                LOG.warn("Cannot apply a chunk event to {}: {}", ctx.getCurrentKey(), ex.toString());
            }
            return;
        }
        if (Arrays.equals(old, updated)) {
            return; // e.g. the mod re-sent the chunk at a session start
        }
        chunk.update(updated);
        if (old == null) {
            ctx.output(SURFACE_CHUNKS, SurfaceEvent.chunkAdded(e.server(), e.surface(), e.cx(), e.cy()));
        }
        renderAt.schedule(ctx.timerService());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<TileImage> out) throws Exception {
        renderAt.fired();
        byte[] bytes = chunk.value();
        if (bytes == null) {
            return; // the surface was deleted meanwhile (broadcast cannot delete timers)
        }
        TileKeys.Chunk key = TileKeys.Chunk.parse(ctx.getCurrentKey());
        out.collect(render(key, ChunkCodec.decode(bytes), colours(key.server(), ctx.getBroadcastState(MapControl.COLOURS))));
    }

    private TileImage render(TileKeys.Chunk key, ChunkTiles tiles, ColorTable colours) {
        byte[] rgba = TileRenderer.renderTerrain(tiles, colours);
        renders.inc();
        unknownColors.inc(colours.drainUnknownLookups());
        return key.image(Layer.TERRAIN, rgba);
    }

    private ColorTable colours(String server, ReadOnlyBroadcastState<String, Prototypes> state) throws Exception {
        ColorTable table = colourCache.get(server);
        if (table == null) {
            table = table(state.get(server));
            colourCache.put(server, table);
        }
        return table;
    }

    private static ColorTable table(Prototypes p) {
        return p == null
                ? ColorTable.fallback()
                : ColorTable.withOverrides(p.tileNames(), p.tileColors(), p.resourceNames(), p.resourceColors());
    }

    @Override
    public void processBroadcastElement(DecodedPacket p, Context ctx, Collector<TileImage> out) throws Exception {
        if (p.prototypes() != null) {
            Prototypes old = ctx.getBroadcastState(MapControl.COLOURS).get(p.server());
            if (old != null && samePrototypes(old, p.prototypes())) {
                return;
            }
            ctx.getBroadcastState(MapControl.COLOURS).put(p.server(), p.prototypes());
            ColorTable before = table(old);
            ColorTable after = table(p.prototypes());
            colourCache.put(p.server(), after);
            String prefix = p.server() + "/";
            int[] rerendered = {0};
            ctx.applyToKeyedState(chunkDescriptor(), (key, state) -> {
                byte[] bytes = state.value();
                if (bytes != null && key.startsWith(prefix)) {
                    ChunkTiles tiles = ChunkCodec.decode(bytes);
                    boolean differs = coloursDiffer(tiles, before, after);
                    after.drainUnknownLookups(); // only renders count unknown names
                    if (differs) {
                        out.collect(render(TileKeys.Chunk.parse(key), tiles, after));
                        rerendered[0]++;
                    }
                }
            });
            before.drainUnknownLookups();
            long skipped = infoLimit.tryAcquire(System.currentTimeMillis()); // prototypes are input: bounded log
            if (skipped >= 0) {
                LOG.info("New map colours for server {}: re-rendered {} chunks on this subtask ({} more colour changes since the last line)", p.server(), rerendered[0], skipped);
            }
        } else if (MapControl.clearsSurface(p)) {
            String prefix = TileKeys.surfacePrefix(p.server(), p.surface().index());
            ctx.applyToKeyedState(chunkDescriptor(), (key, state) -> {
                if (state.value() != null && key.startsWith(prefix)) {
                    state.clear();
                    TileKeys.Chunk c = TileKeys.Chunk.parse(key);
                    out.collect(c.image(Layer.TERRAIN, null));
                    ctx.output(SURFACE_CHUNKS, SurfaceEvent.chunkRemoved(c.server(), c.surface(), c.cx(), c.cy()));
                }
            });
        }
    }

    private static boolean coloursDiffer(ChunkTiles tiles, ColorTable before, ColorTable after) {
        for (int y = 0; y < ChunkTiles.SIZE; y++) {
            for (int x = 0; x < ChunkTiles.SIZE; x++) {
                String ore = tiles.ore(x, y);
                boolean differs = ore != null
                        ? before.resource(ore) != after.resource(ore)
                        : before.tile(tiles.tile(x, y)) != after.tile(tiles.tile(x, y));
                if (differs) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean samePrototypes(Prototypes a, Prototypes b) {
        return Arrays.equals(a.tileNames(), b.tileNames()) && Arrays.equals(a.tileColors(), b.tileColors())
                && Arrays.equals(a.resourceNames(), b.resourceNames())
                && Arrays.equals(a.resourceColors(), b.resourceColors());
    }
}
