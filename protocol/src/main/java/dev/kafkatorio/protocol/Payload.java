package dev.kafkatorio.protocol;

/** The type-specific body of a packet (its {@code data} object). */
public sealed interface Payload permits SessionStart, PlayerState, Heartbeat, SurfaceInfo, Prototypes, ChunkTerrain, GameChart,
                TileChanges, ChunksDeleted, Entities, ChunkEntities, MapTag {}
