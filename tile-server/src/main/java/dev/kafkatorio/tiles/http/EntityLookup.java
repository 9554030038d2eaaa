package dev.kafkatorio.tiles.http;

import dev.kafkatorio.protocol.ChunkEntitiesUpdate;
import dev.kafkatorio.protocol.EntityState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * "What is here?": the entities near a game point. The tile server knows entity positions (their
 * centres), not their footprints, so an entity counts as "here" when its centre lies within {@link
 * #RADIUS} tiles of the point on both axes (a square) — that covers every footprint up to 5×5 tiles
 * (e.g. a 3×3 assembler clicked anywhere on it, a 5×5 oil refinery from its centre tile out), at the
 * cost of also listing small neighbours. Results are sorted nearest first, so the entity under the
 * cursor leads. The square may reach into the neighbouring chunks, which are read as well. Pure
 * logic: no store or Jetty types.
 */
public final class EntityLookup {

    /** Half the side of the square searched around the point, in tiles. */
    public static final double RADIUS = 2.5;
    public static final int CHUNK_TILES = 32;

    private EntityLookup() {}

    /** Chunk index of a game coordinate. */
    public static int chunk(double coordinate) {
        return (int) Math.floor(coordinate / CHUNK_TILES);
    }

    /** Tile index of a game coordinate. */
    public static long tile(double coordinate) {
        return (long) Math.floor(coordinate);
    }

    /** The chunk range {cx0, cy0, cx1, cy1} the search square around (x, y) touches. */
    public static int[] chunkRange(double x, double y) {
        return new int[] {chunk(x - RADIUS), chunk(y - RADIUS), chunk(x + RADIUS), chunk(y + RADIUS)};
    }

    /** The entities of {@code chunks} whose centre is within {@link #RADIUS} of (x, y), nearest first. */
    public static List<EntityState> near(List<ChunkEntitiesUpdate> chunks, double x, double y) {
        List<EntityState> out = new ArrayList<>();
        for (ChunkEntitiesUpdate c : chunks) {
            if (c.entities() == null) {
                continue;
            }
            for (EntityState e : c.entities()) {
                if (e != null && Math.abs(e.x() - x) <= RADIUS && Math.abs(e.y() - y) <= RADIUS) {
                    out.add(e);
                }
            }
        }
        out.sort(Comparator.comparingDouble((EntityState e) -> Math.hypot(e.x() - x, e.y() - y))
                .thenComparing(EntityState::name, Comparator.nullsLast(Comparator.naturalOrder())));
        return out;
    }
}
