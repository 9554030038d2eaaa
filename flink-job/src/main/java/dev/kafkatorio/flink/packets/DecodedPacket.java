package dev.kafkatorio.flink.packets;

import dev.kafkatorio.protocol.Heartbeat;
import dev.kafkatorio.protocol.Packet;
import dev.kafkatorio.protocol.PacketType;
import dev.kafkatorio.protocol.PlayerState;
import dev.kafkatorio.protocol.SessionStart;

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
        String source) {

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
                source);
    }

    /** Whether this is a packet of the given type. */
    public boolean is(PacketType packetType) {
        return packetType.wireName().equals(type);
    }
}
