package dev.kafkatorio.protocol;

/**
 * Body of a {@code chunk-entities} packet: every entity whose position lies in one chunk (resources
 * excluded: they come with the terrain). Sent by the mod's periodic reconciliation when a chunk's
 * digest differs from the digest it last exported (so a missed event heals itself), and on backfill.
 * The receiver replaces what it knew about that chunk. Wire form: {@code {"surface":1,"cx":0,"cy":0,
 * "digest":"8f2e0c11","entities":[EntityState...]}}.
 *
 * @param surface surface index
 * @param cx chunk x
 * @param cy chunk y
 * @param digest the mod's digest of the chunk's entities
 * @param entities the entities whose position is in the chunk
 */
public record ChunkEntities(int surface, int cx, int cy, String digest, EntityState[] entities) implements Payload {}
