package dev.kafkatorio.protocol;

/**
 * Value of the {@link Topics#CHUNK_ENTITIES} topic: every entity whose position lies in one chunk,
 * as the job knows it (for "what is here?" lookups). Key: {@link Keys#chunk}; a tombstone when the
 * chunk has no entities left or was deleted.
 */
public record ChunkEntitiesUpdate(int v, String server, int surface, int cx, int cy, EntityState[] entities) {}
