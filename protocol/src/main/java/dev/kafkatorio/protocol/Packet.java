package dev.kafkatorio.protocol;

/**
 * One decoded packet: the envelope every packet shares plus its typed body.
 *
 * @param version protocol version of the packet ({@code v})
 * @param type packet type
 * @param tick game tick at which the mod produced it
 * @param seq sequence number, increasing within a console session
 * @param payload the type-specific body
 */
public record Packet(int version, PacketType type, long tick, long seq, Payload payload) {}
