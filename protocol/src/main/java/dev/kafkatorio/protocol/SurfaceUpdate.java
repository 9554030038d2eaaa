package dev.kafkatorio.protocol;

/**
 * Value of the {@link Topics#SURFACES} topic: one surface of one server with the bounds of its
 * charted chunks. A tombstone (null value) means the surface was deleted.
 *
 * @param v record version (1)
 * @param server server id
 * @param surface surface index
 * @param name surface name (user input: render as text)
 * @param kind {@code planet}, {@code platform} or {@code other}
 * @param planet planet name for planet surfaces, {@code ""} otherwise
 * @param chunks number of charted chunks known
 * @param minCx smallest charted chunk x (0 when there are no chunks)
 * @param minCy smallest charted chunk y
 * @param maxCx largest charted chunk x
 * @param maxCy largest charted chunk y
 */
public record SurfaceUpdate(
        int v, String server, int surface, String name, String kind, String planet, long chunks,
        int minCx, int minCy, int maxCx, int maxCy) {}
