package dev.kafkatorio.flink.map;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The entity footprints that overlap one chunk, by {@linkplain ChunkEntity#id() id}: the chunk's own
 * entities (position inside it) and "foreign" footprints of neighbours' entities that reach into it.
 * Iteration order is by id, so encoding and rendering are deterministic. Not thread-safe.
 */
public final class ChunkEntitySet {

    private final TreeMap<String, ChunkEntity> byId = new TreeMap<>();

    /** Adds or replaces the entity with the same id; whether anything changed. */
    public boolean put(ChunkEntity e) {
        return !e.equals(byId.put(e.id(), e));
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
        TreeMap<String, ChunkEntity> before = new TreeMap<>(byId);
        byId.values().removeIf(e -> e.ownedBy(ownerCx, ownerCy));
        for (ChunkEntity e : owned) {
            byId.put(e.id(), e);
        }
        return !before.equals(byId);
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
