package dev.kafkatorio.flink.entities;

import dev.kafkatorio.protocol.ChunkEntitiesUpdate;

/**
 * Output of {@link EntityStateFunction} for the chunk-entities topic: the entities whose position
 * lies in the chunk, or {@code null} (a tombstone) when there are none or the chunk was deleted.
 *
 * @param server server id
 * @param surface surface index
 * @param cx chunk x
 * @param cy chunk y
 * @param update the value to write, {@code null} for a tombstone
 */
public record ChunkEntitiesRecord(String server, int surface, int cx, int cy, ChunkEntitiesUpdate update) {}
