package dev.kafkatorio.flink.surfaces;

import dev.kafkatorio.protocol.SurfaceUpdate;

/**
 * Output of {@link SurfaceFunction}: the surface's latest {@link SurfaceUpdate}, or {@code null}
 * (a tombstone) when the surface was deleted.
 *
 * @param server server id
 * @param surface surface index
 * @param update the value to write, {@code null} for a tombstone
 */
public record SurfaceRecord(String server, int surface, SurfaceUpdate update) {}
