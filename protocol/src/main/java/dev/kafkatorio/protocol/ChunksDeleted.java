package dev.kafkatorio.protocol;

/**
 * Body of a {@code chunks-deleted} packet: chunks removed from a surface ({@code on_chunk_deleted}).
 * Wire form: {@code {"surface":1,"chunks":[cx,cy,cx,cy,...]}}.
 *
 * @param surface surface index
 * @param chunks pairs {@code [cx, cy]}
 */
public record ChunksDeleted(int surface, int[] chunks) implements Payload {}
