package dev.kafkatorio.flink.tags;

import dev.kafkatorio.protocol.TagUpdate;

/**
 * Output of {@link TagFunction}: a map tag as it stands, or {@code null} (a tombstone) when removed.
 *
 * @param server server id
 * @param surface surface index
 * @param id tag number
 * @param update the value to write, {@code null} for a tombstone
 */
public record TagRecord(String server, int surface, long id, TagUpdate update) {}
