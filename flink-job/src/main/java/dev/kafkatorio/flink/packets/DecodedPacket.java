package dev.kafkatorio.flink.packets;

import dev.kafkatorio.protocol.ChunkEntities;
import dev.kafkatorio.protocol.ChunkTerrain;
import dev.kafkatorio.protocol.ChunksDeleted;
import dev.kafkatorio.protocol.Entities;
import dev.kafkatorio.protocol.GameChart;
import dev.kafkatorio.protocol.Heartbeat;
import dev.kafkatorio.protocol.MapTag;
import dev.kafkatorio.protocol.Packet;
import dev.kafkatorio.protocol.PacketType;
import dev.kafkatorio.protocol.PlayerState;
import dev.kafkatorio.protocol.Prototypes;
import dev.kafkatorio.protocol.SessionStart;
import dev.kafkatorio.protocol.SurfaceInfo;
import dev.kafkatorio.protocol.TileChanges;

/**
 * A packet that decoded, with the record's envelope. Exactly one body field is set, matching {@code
 * type}; the bodies are concrete record types (no polymorphic field) so Flink serialises this as a
 * POJO with generic types disabled.
 *
 * @param server server id (from the record header)
 * @param session console session id (from the record header)
 * @param seq sequence number within the session
 * @param tick game tick
 * @param receivedAt when kafka-pipe read the line, epoch ms
 * @param type wire name of the packet type, e.g. {@code player}
 * @param player body of a {@code player} packet, else {@code null}
 * @param sessionStart body of a {@code session-start} packet, else {@code null}
 * @param heartbeat body of a {@code heartbeat} packet, else {@code null}
 * @param source where the record was read: {@code topic/partition/offset}
 * @param surface body of a {@code surface} packet, else {@code null}
 * @param prototypes body of a {@code prototypes} packet, else {@code null}
 * @param chunk body of a {@code chunk} packet, else {@code null}
 * @param chart body of a {@code chart} packet, else {@code null}
 * @param tiles body of a {@code tiles} packet, else {@code null}
 * @param chunksDeleted body of a {@code chunks-deleted} packet, else {@code null}
 * @param entities body of an {@code entities} packet (lifecycle events), else {@code null}
 * @param chunkEntities body of a {@code chunk-entities} packet (reconciliation snapshot), else {@code null}
 * @param tag body of a {@code tag} packet, else {@code null}
 */
public record DecodedPacket(
        String server,
        String session,
        long seq,
        long tick,
        long receivedAt,
        String type,
        PlayerState player,
        SessionStart sessionStart,
        Heartbeat heartbeat,
        String source,
        SurfaceInfo surface,
        Prototypes prototypes,
        ChunkTerrain chunk,
        GameChart chart,
        TileChanges tiles,
        ChunksDeleted chunksDeleted,
        Entities entities,
        ChunkEntities chunkEntities,
        MapTag tag) {

    /** A packet of the protocol before entities and tags: those bodies are {@code null}. */
    public DecodedPacket(
            String server, String session, long seq, long tick, long receivedAt, String type, PlayerState player,
            SessionStart sessionStart, Heartbeat heartbeat, String source, SurfaceInfo surface, Prototypes prototypes,
            ChunkTerrain chunk, GameChart chart, TileChanges tiles, ChunksDeleted chunksDeleted) {
        this(server, session, seq, tick, receivedAt, type, player, sessionStart, heartbeat, source, surface,
                prototypes, chunk, chart, tiles, chunksDeleted, null, null, null);
    }

    /** A packet of the first protocol types (session-start, player, heartbeat): the map bodies are {@code null}. */
    public DecodedPacket(
            String server, String session, long seq, long tick, long receivedAt, String type, PlayerState player,
            SessionStart sessionStart, Heartbeat heartbeat, String source) {
        this(server, session, seq, tick, receivedAt, type, player, sessionStart, heartbeat, source,
                null, null, null, null, null, null, null, null, null);
    }

    /** Combines a decoded packet with the envelope of the record it came from. */
    public static DecodedPacket of(String server, String session, long receivedAt, Packet packet, String source) {
        return new DecodedPacket(
                server,
                session,
                packet.seq(),
                packet.tick(),
                receivedAt,
                packet.type().wireName(),
                packet.payload() instanceof PlayerState p ? p : null,
                packet.payload() instanceof SessionStart s ? s : null,
                packet.payload() instanceof Heartbeat h ? h : null,
                source,
                packet.payload() instanceof SurfaceInfo s ? s : null,
                packet.payload() instanceof Prototypes p ? p : null,
                packet.payload() instanceof ChunkTerrain c ? c : null,
                packet.payload() instanceof GameChart g ? g : null,
                packet.payload() instanceof TileChanges t ? t : null,
                packet.payload() instanceof ChunksDeleted d ? d : null,
                packet.payload() instanceof Entities e ? e : null,
                packet.payload() instanceof ChunkEntities c ? c : null,
                packet.payload() instanceof MapTag t ? t : null);
    }

    /** Whether this is a packet of the given type. */
    public boolean is(PacketType packetType) {
        return packetType.wireName().equals(type);
    }
}
