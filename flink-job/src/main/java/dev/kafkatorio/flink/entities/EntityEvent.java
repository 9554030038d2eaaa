package dev.kafkatorio.flink.entities;

import dev.kafkatorio.flink.map.ChunkEntity;
import dev.kafkatorio.flink.tiles.TileKeys;

/**
 * Something that happened to the entity footprints of one chunk ({@code cx, cy}), split out of an
 * {@code entities}, {@code chunk-entities} or {@code chunks-deleted} packet by {@link EntityEvents}
 * so it can go to the chunk's key ({@link TileKeys#chunk}).
 *
 * @param server server id
 * @param surface surface index
 * @param cx chunk x of the chunk whose state changes
 * @param cy chunk y
 * @param op what to do
 * @param ownerCx for {@link Op#REPLACE}: the chunk whose entities are replaced (the snapshot's chunk)
 * @param ownerCy for {@link Op#REPLACE}
 * @param id for {@link Op#REMOVE}: the entity's id ({@link ChunkEntity#id()})
 * @param entities for {@link Op#PUT}: the footprint to add or replace; for {@link Op#REPLACE}: the
 *     owner's entities whose footprints overlap this chunk
 */
public record EntityEvent(
        String server, int surface, int cx, int cy, Op op, int ownerCx, int ownerCy, String id, ChunkEntity[] entities) {

    /** The operations on a chunk's entity set. */
    public enum Op {
        /** Add or replace one footprint (built, rotated, flipped, upgraded, cloned, teleported). */
        PUT,
        /** Remove one footprint by id (mined, died, destroyed, depleted; the old place of a teleport). */
        REMOVE,
        /** Replace every footprint owned by chunk {@code (ownerCx, ownerCy)} (a reconciliation snapshot). */
        REPLACE,
        /** Forget the chunk (chunks-deleted). */
        CLEAR
    }

    /** The state key of the target chunk. */
    public String chunkKey() {
        return TileKeys.chunk(server, surface, cx, cy);
    }

    static EntityEvent put(String server, int surface, int[] chunk, ChunkEntity e) {
        return new EntityEvent(server, surface, chunk[0], chunk[1], Op.PUT, 0, 0, e.id(), new ChunkEntity[] {e});
    }

    static EntityEvent remove(String server, int surface, int[] chunk, String id) {
        return new EntityEvent(server, surface, chunk[0], chunk[1], Op.REMOVE, 0, 0, id, new ChunkEntity[0]);
    }

    static EntityEvent replace(String server, int surface, int cx, int cy, int ownerCx, int ownerCy, ChunkEntity[] owned) {
        return new EntityEvent(server, surface, cx, cy, Op.REPLACE, ownerCx, ownerCy, "", owned);
    }

    static EntityEvent clear(String server, int surface, int cx, int cy) {
        return new EntityEvent(server, surface, cx, cy, Op.CLEAR, 0, 0, "", new ChunkEntity[0]);
    }

    @Override
    public String toString() {
        return "EntityEvent[" + op + " " + chunkKey() + " " + (op == Op.REMOVE ? id : java.util.Arrays.toString(entities)) + "]";
    }
}
