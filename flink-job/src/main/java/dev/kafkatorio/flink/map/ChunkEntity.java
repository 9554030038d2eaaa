package dev.kafkatorio.flink.map;

import dev.kafkatorio.protocol.EntityState;

/**
 * One entity footprint as a chunk keeps it: what the protocol says about the entity plus its footprint
 * size in tiles, already rotated ({@link EntityFootprints#size}). Also a Flink POJO (a record of
 * plain fields).
 *
 * @param unit {@code unit_number}, 0 for trees, rocks, cliffs (identified by name + position)
 * @param name prototype name
 * @param type prototype type
 * @param x centre x, game tiles (kept at the game's 1/256 precision)
 * @param y centre y
 * @param direction {@code defines.direction} (16-way), 0 if none
 * @param force force name, {@code ""} if unknown
 * @param quality quality name, {@code ""} if none
 * @param width footprint width in tiles after rotation (≥ 1)
 * @param height footprint height in tiles after rotation (≥ 1)
 */
public record ChunkEntity(
        long unit, String name, String type, double x, double y, int direction, String force, String quality,
        int width, int height) {

    /** An entity with its position rounded to the game's 1/256 tile, as the state keeps it. */
    public static ChunkEntity of(
            long unit, String name, String type, double x, double y, int direction, String force, String quality,
            int width, int height) {
        return new ChunkEntity(unit, name, type, fixed(x) / 256.0, fixed(y) / 256.0, Math.floorMod(direction, 16),
                force == null ? "" : force, quality == null ? "" : quality, width, height);
    }

    /**
     * The entity's identity within a surface: its unit number, or {@code name@x,y} for entities
     * without one (positions printed at the game's 1/256 precision, so the same entity always gets
     * the same id).
     */
    public String id() {
        return id(unit, name, x, y);
    }

    /** {@link #id()} of an entity given by its parts. */
    public static String id(long unit, String name, double x, double y) {
        return unit > 0 ? Long.toString(unit) : name + "@" + fixed(x) + "," + fixed(y);
    }

    /** A position in 1/256 tile units (the game's {@code MapPosition} precision). */
    static long fixed(double v) {
        return Math.round(v * 256);
    }

    /** The chunk x that contains the position (the owning chunk). */
    public int ownerCx() {
        return EntityFootprints.chunkOf(x);
    }

    /** The chunk y that contains the position. */
    public int ownerCy() {
        return EntityFootprints.chunkOf(y);
    }

    /** Whether the position lies in chunk {@code (cx, cy)}. */
    public boolean ownedBy(int cx, int cy) {
        return ownerCx() == cx && ownerCy() == cy;
    }

    /** The protocol form (for the chunk-entities topic). */
    public EntityState toState() {
        return new EntityState(unit, name, type, x, y, direction, force, quality);
    }
}
