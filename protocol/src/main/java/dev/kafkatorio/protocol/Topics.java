package dev.kafkatorio.protocol;

/**
 * Kafka topic names, defined once. A deployment may put a prefix in front of all of them
 * ({@link #prefixed}), e.g. to run two stacks on one cluster.
 */
public final class Topics {

    /** Raw packets from kafka-pipe: key {@link Keys#server}, value the packet JSON, {@link KafkaHeaders}. */
    public static final String PACKETS = "kafkatorio.packets.v1";

    /** Lines the job could not decode: key {@link Keys#server}, value {@link DeadLetter} JSON. */
    public static final String DEAD_LETTERS = "kafkatorio.dead-letters.v1";

    /** Latest state of each player (compacted): key {@link Keys#player}, value {@link PlayerUpdate} JSON. */
    public static final String PLAYERS = "kafkatorio.players.v1";

    /** Latest status of each server (compacted): key {@link Keys#server}, value {@link ServerStatus} JSON. */
    public static final String SERVERS = "kafkatorio.servers.v1";

    /**
     * Rendered terrain tiles (compacted): key {@link Keys#tile}, value 256×256 PNG, content hash in
     * header {@link KafkaHeaders#CONTENT_HASH}; a null value (tombstone) deletes the tile.
     */
    public static final String TILES = "kafkatorio.tiles.v1";

    /** The game's own chart rendered as tiles (compacted), same key, value and headers as {@link #TILES}. */
    public static final String CHART_TILES = "kafkatorio.chart-tiles.v1";

    /** Entities drawn as a transparent overlay layer (compacted), same key, value and headers as {@link #TILES}. */
    public static final String ENTITY_TILES = "kafkatorio.entity-tiles.v1";

    /** Entities per chunk (compacted): key {@link Keys#chunk}, value {@link ChunkEntitiesUpdate} JSON. */
    public static final String CHUNK_ENTITIES = "kafkatorio.chunk-entities.v1";

    /** The change log — who built or removed what, where, when: key {@link Keys#server}, {@link ChangeRecord} JSON. */
    public static final String CHANGES = "kafkatorio.changes.v1";

    /** Map tags (compacted): key {@link Keys#tag}, value {@link TagUpdate} JSON, tombstone when removed. */
    public static final String TAGS = "kafkatorio.tags.v1";

    /** Surfaces of each server (compacted): key {@link Keys#surface}, value {@link SurfaceUpdate} JSON. */
    public static final String SURFACES = "kafkatorio.surfaces.v1";

    /** Every topic with whether it is compacted (latest value per key) or deleted by time. */
    public static final java.util.List<Spec> ALL =
            java.util.List.of(
                    new Spec(PACKETS, false),
                    new Spec(DEAD_LETTERS, false),
                    new Spec(PLAYERS, true),
                    new Spec(SERVERS, true),
                    new Spec(TILES, true),
                    new Spec(CHART_TILES, true),
                    new Spec(SURFACES, true),
                    new Spec(ENTITY_TILES, true),
                    new Spec(CHUNK_ENTITIES, true),
                    new Spec(CHANGES, false),
                    new Spec(TAGS, true));

    private Topics() {}

    /** A topic and its cleanup policy. */
    public record Spec(String name, boolean compacted) {}

    /** The topic name with a deployment prefix ({@code ""} for none). */
    public static String prefixed(String prefix, String topic) {
        return prefix == null || prefix.isEmpty() ? topic : prefix + topic;
    }
}
