package dev.kafkatorio.flink.entities;

import dev.kafkatorio.flink.map.ChunkEntity;
import dev.kafkatorio.flink.map.EntityFootprints;
import dev.kafkatorio.flink.packets.DecodedPacket;
import dev.kafkatorio.flink.tiles.MapControl;
import dev.kafkatorio.protocol.ChunkEntities;
import dev.kafkatorio.protocol.EntityChange;
import dev.kafkatorio.protocol.EntityPrototype;
import dev.kafkatorio.protocol.EntityState;
import dev.kafkatorio.protocol.Prototypes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import dev.kafkatorio.flink.packets.RateLimitedCounter;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits entity packets into per-chunk {@link EntityEvent}s, cutting every footprint at chunk borders
 * so each chunk knows all footprints that overlap it. Footprint sizes come from the server's entity
 * prototypes (broadcast {@link MapControl#COLOURS}; unknown names count as 1×1 until the prototypes
 * arrive; east/west facing swaps width and height).
 *
 * <ul>
 *   <li>built, cloned: PUT to every overlapped chunk; rotated, flipped, upgraded: the same plus REMOVE
 *       from chunks the old orientation or size may have overlapped but the new one does not;
 *       teleported: REMOVE from the chunks around {@code from}, then PUT.
 *   <li>mined, died, destroyed, depleted: REMOVE from every chunk a footprint of that size could
 *       overlap in any orientation.
 *   <li>chunk-entities of chunk C: REPLACE (owner C) to C and its 8 neighbours, each with the
 *       entities whose footprint overlaps it (possibly none, which drops stale foreign copies).
 *   <li>chunks-deleted: CLEAR the chunk and REPLACE (owner C, nothing) in its neighbours.
 * </ul>
 *
 * Stateless apart from the broadcast prototypes (replaced per server, never cleared: one entry per
 * server ever seen).
 *
 * <p>Bounded: every footprint is at most one chunk wide ({@link EntityFootprints#MAX_SIZE}), so one
 * change yields at most 4 PUTs and 4 REMOVEs, a snapshot 9 REPLACEs, a deleted chunk 9 events; chunks
 * off the map are never addressed. A change that fails anyway is skipped and counted ({@code
 * badEntityChanges}, WARN at most every 10 s), never allowed to fail the job.
 */
public final class EntityEvents extends BroadcastProcessFunction<DecodedPacket, DecodedPacket, EntityEvent> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(EntityEvents.class);

    private transient Map<String, Map<String, EntityPrototype>> sizeCache;
    private transient Counter badChanges;
    private transient RateLimitedCounter warnLimit;

    @Override
    public void open(OpenContext openContext) {
        sizeCache = new HashMap<>();
        badChanges = getRuntimeContext().getMetricGroup().counter("badEntityChanges");
        warnLimit = new RateLimitedCounter(10_000);
    }

    @Override
    public void processElement(DecodedPacket p, ReadOnlyContext ctx, Collector<EntityEvent> out) throws Exception {
        if (p.entities() != null) {
            Map<String, EntityPrototype> protos = prototypes(p.server(), ctx.getBroadcastState(MapControl.COLOURS));
            for (EntityChange c : p.entities().changes()) {
                try {
                    changes(p.server(), p.entities().surface(), c, protos, out);
                } catch (RuntimeException e) {
                    bad(p, e);
                }
            }
        } else if (p.chunkEntities() != null) {
            Map<String, EntityPrototype> protos = prototypes(p.server(), ctx.getBroadcastState(MapControl.COLOURS));
            try {
                snapshot(p.server(), p.chunkEntities(), protos, out);
            } catch (RuntimeException e) {
                bad(p, e);
            }
        } else if (p.chunksDeleted() != null) {
            int surface = p.chunksDeleted().surface();
            int[] chunks = p.chunksDeleted().chunks();
            for (int i = 0; i + 1 < chunks.length; i += 2) {
                int cx = chunks[i];
                int cy = chunks[i + 1];
                out.collect(EntityEvent.clear(p.server(), surface, cx, cy));
                for (int[] n : neighbours(cx, cy, false)) {
                    out.collect(EntityEvent.replace(p.server(), surface, n[0], n[1], cx, cy, new ChunkEntity[0]));
                }
            }
        }
    }

    private void bad(DecodedPacket p, RuntimeException e) {
        badChanges.inc();
        long skipped = warnLimit.tryAcquire(System.currentTimeMillis());
        if (skipped >= 0) {
            LOG.warn("Skipped an entity change of {} at {}: {} ({} more since the last warning)", p.server(), p.source(),
                    e.toString(), skipped);
        }
    }

    /** The events of one lifecycle change (public for tests and tools). */
    public static void changes(
            String server, int surface, EntityChange c, Map<String, EntityPrototype> protos, Collector<EntityEvent> out) {
        ChunkEntity e = entity(c.unit(), c.name(), c.type(), c.x(), c.y(), c.direction(), c.force(), c.quality(), protos);
        int reach = reach(protos.get(c.name()));
        if (EntityChange.GONE.contains(c.event())) {
            for (int[] chunk : EntityFootprints.chunks(e.x(), e.y(), reach, reach)) {
                out.collect(EntityEvent.remove(server, surface, chunk, e.id()));
            }
            return;
        }
        List<int[]> now = EntityFootprints.chunks(e);
        Set<Long> covered = new LinkedHashSet<>();
        for (int[] chunk : now) {
            covered.add(pack(chunk));
        }
        if ("teleported".equals(c.event())) {
            String oldId = ChunkEntity.id(c.unit(), c.name(), c.fromX(), c.fromY());
            for (int[] chunk : EntityFootprints.chunks(c.fromX(), c.fromY(), reach, reach)) {
                if (!oldId.equals(e.id()) || !covered.contains(pack(chunk))) {
                    out.collect(EntityEvent.remove(server, surface, chunk, oldId));
                }
            }
        } else if (!"built".equals(c.event()) && !"cloned".equals(c.event())) {
            int previous = c.previousName().isEmpty() ? reach : Math.max(reach, reach(protos.get(c.previousName())));
            for (int[] chunk : EntityFootprints.chunks(e.x(), e.y(), previous, previous)) {
                if (!covered.contains(pack(chunk))) {
                    out.collect(EntityEvent.remove(server, surface, chunk, e.id()));
                }
            }
        }
        for (int[] chunk : now) {
            out.collect(EntityEvent.put(server, surface, chunk, e));
        }
    }

    /** The events of a reconciliation snapshot. */
    public static void snapshot(
            String server, ChunkEntities snap, Map<String, EntityPrototype> protos, Collector<EntityEvent> out) {
        List<ChunkEntity> all = new ArrayList<>();
        for (EntityState s : snap.entities()) {
            all.add(entity(s.unit(), s.name(), s.type(), s.x(), s.y(), s.direction(), s.force(), s.quality(), protos));
        }
        for (int[] target : neighbours(snap.cx(), snap.cy(), true)) {
            List<ChunkEntity> overlapping = new ArrayList<>();
            for (ChunkEntity e : all) {
                for (int[] chunk : EntityFootprints.chunks(e)) {
                    if (chunk[0] == target[0] && chunk[1] == target[1]) {
                        overlapping.add(e);
                        break;
                    }
                }
            }
            out.collect(EntityEvent.replace(server, snap.surface(), target[0], target[1], snap.cx(), snap.cy(),
                    overlapping.toArray(new ChunkEntity[0])));
        }
    }

    static ChunkEntity entity(
            long unit, String name, String type, double x, double y, int dir, String force, String quality,
            Map<String, EntityPrototype> protos) {
        EntityPrototype proto = protos.get(name);
        int[] size = EntityFootprints.size(proto == null ? 1 : proto.width(), proto == null ? 1 : proto.height(), dir);
        return ChunkEntity.of(unit, name, type, x, y, dir, force, quality, size[0], size[1]);
    }

    /** The side of a square that holds the footprint in every orientation. */
    private static int reach(EntityPrototype proto) {
        return proto == null ? 1 : EntityFootprints.size(Math.max(proto.width(), proto.height()), 1, 0)[0];
    }

    private static long pack(int[] chunk) {
        return (long) chunk[0] << 32 | (chunk[1] & 0xFFFFFFFFL);
    }

    /** The (up to) 8 neighbours on the map of a chunk, with the chunk itself first if {@code withSelf}. */
    private static List<int[]> neighbours(int cx, int cy, boolean withSelf) {
        List<int[]> out = new ArrayList<>(9);
        if (withSelf) {
            out.add(new int[] {cx, cy});
        }
        for (int dy = -1; dy <= 1; dy++) {
            for (int dx = -1; dx <= 1; dx++) {
                if ((dx != 0 || dy != 0) && EntityFootprints.onMap((long) cx + dx, (long) cy + dy)) {
                    out.add(new int[] {cx + dx, cy + dy});
                }
            }
        }
        return out;
    }

    private Map<String, EntityPrototype> prototypes(String server, ReadOnlyBroadcastState<String, Prototypes> state)
            throws Exception {
        Map<String, EntityPrototype> byName = sizeCache.get(server);
        if (byName == null) {
            byName = byName(state.get(server));
            sizeCache.put(server, byName);
        }
        return byName;
    }

    /** Entity prototypes by name ({@code null}: none). */
    public static Map<String, EntityPrototype> byName(Prototypes p) {
        Map<String, EntityPrototype> byName = new HashMap<>();
        if (p != null && p.entities() != null) {
            for (EntityPrototype e : p.entities()) {
                byName.put(e.name(), e);
            }
        }
        return byName;
    }

    @Override
    public void processBroadcastElement(DecodedPacket p, Context ctx, Collector<EntityEvent> out) throws Exception {
        if (p.prototypes() != null) {
            ctx.getBroadcastState(MapControl.COLOURS).put(p.server(), p.prototypes());
            sizeCache.remove(p.server());
        }
    }
}
