package dev.kafkatorio.flink.map;

import dev.kafkatorio.protocol.PacketCodec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The entity footprints that overlap one chunk, by {@linkplain ChunkEntity#id() id}: the chunk's own
 * entities (position inside it) and "foreign" footprints of neighbours' entities that reach into it.
 * Iteration order is by id, so encoding and rendering are deterministic. Not thread-safe.
 *
 * <p>At most {@link #MAX_SIZE} footprints: a change that would exceed it throws {@link
 * IllegalStateException} and leaves the set as it was (input decides how many distinct ids arrive,
 * and the set is Flink state, rendered on every change).
 */
public final class ChunkEntitySet {

    /**
     * Most footprints one chunk keeps: twice the largest snapshot the protocol accepts (its own
     * entities plus its neighbours' reaching in).
     */
    public static final int MAX_SIZE = 2 * PacketCodec.MAX_CHUNK_ENTITIES;

    private final TreeMap<String, ChunkEntity> byId = new TreeMap<>();

    /** Adds or replaces the entity with the same id; whether anything changed. */
    public boolean put(ChunkEntity e) {
        String id = e.id();
        if (byId.size() >= MAX_SIZE && !byId.containsKey(id)) {
            throw new IllegalStateException("the chunk already holds " + MAX_SIZE + " footprints, the most it keeps");
        }
        return !e.equals(byId.put(id, e));
    }

    /** Adds a footprint read back from state, without the cap (state older than the cap may hold more). */
    void load(ChunkEntity e) {
        byId.put(e.id(), e);
    }

    /** Removes the entity with this id; whether it was there. */
    public boolean remove(String id) {
        return byId.remove(id) != null;
    }

    /**
     * Replaces every entity owned by chunk {@code (ownerCx, ownerCy)} with {@code owned} (the
     * reconciliation snapshot of that chunk, restricted to footprints overlapping this one); whether
     * anything changed.
     */
    public boolean replaceOwnedBy(int ownerCx, int ownerCy, Collection<ChunkEntity> owned) {
        TreeMap<String, ChunkEntity> after = new TreeMap<>(byId);
        after.values().removeIf(e -> e.ownedBy(ownerCx, ownerCy));
        for (ChunkEntity e : owned) {
            after.put(e.id(), e);
            if (after.size() > MAX_SIZE) {
                throw new IllegalStateException("the chunk would hold more than " + MAX_SIZE + " footprints");
            }
        }
        if (after.equals(byId)) {
            return false;
        }
        byId.clear();
        byId.putAll(after);
        return true;
    }

    /** Every footprint, by id. */
    public Collection<ChunkEntity> all() {
        return byId.values();
    }

    /** The entities whose position lies in chunk {@code (cx, cy)}, by id. */
    public List<ChunkEntity> ownedBy(int cx, int cy) {
        List<ChunkEntity> out = new ArrayList<>();
        for (ChunkEntity e : byId.values()) {
            if (e.ownedBy(cx, cy)) {
                out.add(e);
            }
        }
        return out;
    }

    public int size() {
        return byId.size();
    }

    public boolean isEmpty() {
        return byId.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChunkEntitySet s && byId.equals(s.byId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(byId);
    }

    @Override
    public String toString() {
        return "ChunkEntitySet" + byId.values();
    }
}
