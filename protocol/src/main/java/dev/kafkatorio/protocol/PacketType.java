package dev.kafkatorio.protocol;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The packet types of protocol version 1, with their names on the wire. */
public enum PacketType {
    /** First packet of every console session: the mod was initialised or a save was loaded. */
    SESSION_START("session-start"),
    /** A player's state after something happened to them (joined, moved, died, ...). */
    PLAYER("player"),
    /** Sent every few seconds while the game runs, so the map can tell "live" from "offline". */
    HEARTBEAT("heartbeat"),
    /** A surface's metadata: snapshot, created, renamed, deleted or cleared. */
    SURFACE("surface"),
    /** Map colours of tile and resource prototypes, read from the running game. */
    PROTOTYPES("prototypes"),
    /** The terrain of one charted chunk (palette + run lengths) with its resources. */
    CHUNK("chunk"),
    /** The game's own chart pixels of one chunk (RGB565). */
    CHART("chart"),
    /** Tiles changed by building or mining. */
    TILES("tiles"),
    /** Chunks deleted from a surface. */
    CHUNKS_DELETED("chunks-deleted"),
    /** Entity lifecycle events (built, mined, died, rotated, ...), batched per tick window. */
    ENTITIES("entities"),
    /** Every entity of one chunk: the reconciliation snapshot. */
    CHUNK_ENTITIES("chunk-entities"),
    /** A map tag added, modified or removed. */
    TAG("tag");

    private static final Map<String, PacketType> BY_WIRE_NAME =
            Arrays.stream(values()).collect(Collectors.toMap(t -> t.wireName, Function.identity()));

    private final String wireName;

    PacketType(String wireName) {
        this.wireName = wireName;
    }

    /** The name in the packet's {@code type} field. */
    public String wireName() {
        return wireName;
    }

    /** The type with this wire name, or {@code null} if the name is unknown. */
    public static PacketType fromWireName(String name) {
        return BY_WIRE_NAME.get(name);
    }
}
