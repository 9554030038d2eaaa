package dev.kafkatorio.flink.entities;

import dev.kafkatorio.flink.tiles.RenderTimer;

import dev.kafkatorio.flink.map.ChunkEntity;
import dev.kafkatorio.flink.map.ChunkEntitySet;
import dev.kafkatorio.flink.map.EntityCodec;
import dev.kafkatorio.flink.map.EntityColors;
import dev.kafkatorio.flink.map.EntityRenderer;
import dev.kafkatorio.flink.map.TileRenderer;
import dev.kafkatorio.flink.packets.DecodedPacket;
import dev.kafkatorio.flink.packets.RateLimitedCounter;
import dev.kafkatorio.flink.tiles.MapControl;
import dev.kafkatorio.flink.tiles.TileImage;
import dev.kafkatorio.flink.tiles.TileKeys;
import dev.kafkatorio.protocol.ChunkEntitiesUpdate;
import dev.kafkatorio.protocol.EntityState;
import dev.kafkatorio.protocol.Prototypes;
import dev.kafkatorio.protocol.WsMessages.Layer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
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
 * Keeps the entity footprints overlapping each chunk and renders the chunk's z=3 tile of the
 * entities layer. Keyed by {@code <server>/<surface>/<cx>/<cy>} (as terrain); input {@link
 * EntityEvent}s from {@link EntityEvents}; broadcast {@link MapControl} (a server's entity colours;
 * surface deleted/cleared).
 *
 * <ul>
 *   <li>PUT/REMOVE/REPLACE change the set; a change that leaves the bytes equal does nothing.
 *   <li>Renders are coalesced like terrain: the first change registers a processing-time timer
 *       {@link #COALESCE_MS} later; the timer emits the tile (a tombstone when nothing visible is
 *       left) and, on side output {@link #CHUNK_ENTITIES}, the chunk's own entities (a tombstone when
 *       it owns none).
 *   <li>CLEAR (chunks-deleted) and a surface deleted/cleared: state cleared, both tombstones at once.
 *   <li>new entity colours of a server: its chunks whose colours changed are re-rendered at once.
 * </ul>
 *
 * <p>State per chunk: {@code entities} ({@link EntityCodec} bytes, ~10 B per footprint; cleared when
 * the set becomes empty, on deletion and surface deletion) and {@code render-at} (≤ 1 timer, cleared
 * when it fires or the chunk is deleted). Metrics {@code renders}, {@code badEntityEvents}.
 */
public final class EntityStateFunction
        extends KeyedBroadcastProcessFunction<String, EntityEvent, DecodedPacket, TileImage> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(EntityStateFunction.class);

    /** Delay between a chunk's first change and its render. */
    public static final long COALESCE_MS = RenderTimer.COALESCE_MS;

    /** The chunk's own entities for the chunk-entities topic. */
    public static final OutputTag<ChunkEntitiesRecord> CHUNK_ENTITIES =
            new OutputTag<>("chunk-entities", TypeInformation.of(ChunkEntitiesRecord.class));

    static ValueStateDescriptor<byte[]> entitiesDescriptor() {
        return new ValueStateDescriptor<>("entities", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
    }

    static ValueStateDescriptor<Long> renderAtDescriptor() {
        return RenderTimer.descriptor();
    }

    private final String viewingForce;

    private transient ValueState<byte[]> entities;
    private transient RenderTimer renderAt;
    private transient Map<String, EntityColors> colourCache;
    private transient Counter renders;
    private transient Counter badEvents;
    private transient RateLimitedCounter warnLimit;
    private transient RateLimitedCounter infoLimit;

    /** Colours as seen by the {@linkplain EntityColors#DEFAULT_VIEWING_FORCE default} force. */
    public EntityStateFunction() {
        this(EntityColors.DEFAULT_VIEWING_FORCE);
    }

    /** Colours as seen by {@code viewingForce} (its entities are friendly, other forces enemies). */
    public EntityStateFunction(String viewingForce) {
        this.viewingForce = viewingForce;
    }

    @Override
    public void open(OpenContext openContext) {
        entities = getRuntimeContext().getState(entitiesDescriptor());
        renderAt = new RenderTimer(getRuntimeContext().getState(renderAtDescriptor()));
        colourCache = new HashMap<>();
        renders = getRuntimeContext().getMetricGroup().counter("renders");
        badEvents = getRuntimeContext().getMetricGroup().counter("badEntityEvents");
        warnLimit = new RateLimitedCounter(10_000);
        infoLimit = new RateLimitedCounter(10_000);
    }

    @Override
    public void processElement(EntityEvent e, ReadOnlyContext ctx, Collector<TileImage> out) throws Exception {
        byte[] old = entities.value();
        if (e.op() == EntityEvent.Op.CLEAR) {
            renderAt.cancel(ctx.timerService());
            if (old != null) {
                entities.clear();
                tombstones(TileKeys.Chunk.parse(ctx.getCurrentKey()), out, ctx);
            }
            return;
        }
        byte[] updated;
        try {
            ChunkEntitySet set = old == null ? new ChunkEntitySet() : EntityCodec.decode(old, e.cx(), e.cy());
            boolean changed = switch (e.op()) {
                case PUT -> {
                    boolean any = false;
                    for (ChunkEntity entity : e.entities()) {
                        any |= set.put(entity);
                    }
                    yield any;
                }
                case REMOVE -> set.remove(e.id());
                case REPLACE -> set.replaceOwnedBy(e.ownerCx(), e.ownerCy(), Arrays.asList(e.entities()));
                default -> false;
            };
            if (!changed) {
                return;
            }
            updated = set.isEmpty() ? null : EntityCodec.encode(set, e.cx(), e.cy());
        } catch (RuntimeException ex) {
            // the protocol codec validated the packet; a failure here is a bug, not a reason to crash-loop
            badEvents.inc();
            if (warnLimit.tryAcquire(System.currentTimeMillis()) >= 0) {
                LOG.warn("Cannot apply {} to {}: {}", e, ctx.getCurrentKey(), ex.toString());
            }
            return;
        }
        if (updated == null) {
            entities.clear();
        } else {
            entities.update(updated);
        }
        renderAt.schedule(ctx.timerService());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<TileImage> out) throws Exception {
        if (!renderAt.pending()) {
            return; // the surface was deleted meanwhile (broadcast cannot delete timers)
        }
        renderAt.fired();
        TileKeys.Chunk key = TileKeys.Chunk.parse(ctx.getCurrentKey());
        byte[] bytes = entities.value();
        if (bytes == null) {
            tombstones(key, out, ctx); // the last footprint went
            return;
        }
        ChunkEntitySet set = EntityCodec.decode(bytes, key.cx(), key.cy());
        out.collect(render(key, set, colours(key.server(), ctx.getBroadcastState(MapControl.COLOURS))));
        ctx.output(CHUNK_ENTITIES, chunkEntities(key, set));
    }

    private TileImage render(TileKeys.Chunk key, ChunkEntitySet set, EntityColors colours) {
        byte[] rgba = EntityRenderer.render(key.cx(), key.cy(), set, colours);
        renders.inc();
        return key.image(Layer.ENTITIES, TileRenderer.isTransparent(rgba) ? null : rgba);
    }

    /** The chunk-entities record: the chunk's own entities, or a tombstone if none. */
    static ChunkEntitiesRecord chunkEntities(TileKeys.Chunk key, ChunkEntitySet set) {
        List<ChunkEntity> own = set.ownedBy(key.cx(), key.cy());
        ChunkEntitiesUpdate update = own.isEmpty()
                ? null
                : new ChunkEntitiesUpdate(1, key.server(), key.surface(), key.cx(), key.cy(),
                        own.stream().map(ChunkEntity::toState).toArray(EntityState[]::new));
        return new ChunkEntitiesRecord(key.server(), key.surface(), key.cx(), key.cy(), update);
    }

    private static void tombstones(TileKeys.Chunk key, Collector<TileImage> out, Context ctx) {
        out.collect(key.image(Layer.ENTITIES, null));
        ctx.output(CHUNK_ENTITIES, new ChunkEntitiesRecord(key.server(), key.surface(), key.cx(), key.cy(), null));
    }

    private static void tombstones(TileKeys.Chunk key, Collector<TileImage> out, ReadOnlyContext ctx) {
        out.collect(key.image(Layer.ENTITIES, null));
        ctx.output(CHUNK_ENTITIES, new ChunkEntitiesRecord(key.server(), key.surface(), key.cx(), key.cy(), null));
    }

    private EntityColors colours(String server, ReadOnlyBroadcastState<String, Prototypes> state) throws Exception {
        EntityColors table = colourCache.get(server);
        if (table == null) {
            Prototypes p = state.get(server);
            table = EntityColors.of(p == null ? null : p.entities(), viewingForce);
            colourCache.put(server, table);
        }
        return table;
    }

    @Override
    public void processBroadcastElement(DecodedPacket p, Context ctx, Collector<TileImage> out) throws Exception {
        if (p.prototypes() != null) {
            Prototypes old = ctx.getBroadcastState(MapControl.COLOURS).get(p.server());
            if (old != null && Arrays.equals(old.entities(), p.prototypes().entities())) {
                return;
            }
            ctx.getBroadcastState(MapControl.COLOURS).put(p.server(), p.prototypes());
            EntityColors before = EntityColors.of(old == null ? null : old.entities(), viewingForce);
            EntityColors after = EntityColors.of(p.prototypes().entities(), viewingForce);
            colourCache.put(p.server(), after);
            String prefix = p.server() + "/";
            int[] rerendered = {0};
            ctx.applyToKeyedState(entitiesDescriptor(), (key, state) -> {
                byte[] bytes = state.value();
                if (bytes != null && key.startsWith(prefix)) {
                    TileKeys.Chunk chunk = TileKeys.Chunk.parse(key);
                    ChunkEntitySet set = EntityCodec.decode(bytes, chunk.cx(), chunk.cy());
                    if (set.all().stream().anyMatch(e -> before.color(e) != after.color(e))) {
                        out.collect(render(chunk, set, after));
                        rerendered[0]++;
                    }
                }
            });
            long skipped = infoLimit.tryAcquire(System.currentTimeMillis()); // prototypes are input: bounded log
            if (skipped >= 0) {
                LOG.info("New entity colours for server {}: re-rendered {} chunks on this subtask ({} more colour changes since the last line)", p.server(), rerendered[0], skipped);
            }
        } else if (MapControl.clearsSurface(p)) {
            String prefix = TileKeys.surfacePrefix(p.server(), p.surface().index());
            java.util.Set<String> pending = new java.util.TreeSet<>();
            ctx.applyToKeyedState(renderAtDescriptor(), (key, state) -> {
                if (state.value() != null && key.startsWith(prefix)) {
                    state.clear(); // its timer, when it fires, finds no render-at and does nothing
                    pending.add(key);
                }
            });
            ctx.applyToKeyedState(entitiesDescriptor(), (key, state) -> {
                if (state.value() != null && key.startsWith(prefix)) {
                    state.clear();
                    pending.add(key);
                }
            });
            for (String key : pending) { // chunks with footprints, or emptied but not yet re-rendered
                tombstones(TileKeys.Chunk.parse(key), out, ctx);
            }
        }
    }
}
