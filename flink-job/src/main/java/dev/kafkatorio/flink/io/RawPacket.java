package dev.kafkatorio.flink.io;

/**
 * One record of the packets topic as read, before decoding; never rejected at this stage.
 *
 * @param server value of the {@code kafkatorio.server} header, {@code null} if absent
 * @param session value of the {@code kafkatorio.session} header, {@code null} if absent
 * @param receivedAt when kafka-pipe read the line, epoch ms (the record timestamp if the header is
 *     absent or unreadable)
 * @param payload the record value as text (invalid UTF-8 replaced by U+FFFD, {@code ""} for none)
 * @param framingError why the bytes cannot be used as a packet (kafka-pipe's framing-error header,
 *     or invalid UTF-8), {@code null} if none
 * @param source where it was read: {@code topic/partition/offset}
 * @param gap for a kafka-pipe gap record (header {@code kafkatorio.gap}): the number of packets it
 *     dropped, -1 if the header is unreadable; {@code null} for an ordinary packet record
 */
public record RawPacket(
        String server, String session, long receivedAt, String payload, String framingError, String source, Long gap) {

    /** An ordinary packet record (not a gap report). */
    public RawPacket(String server, String session, long receivedAt, String payload, String framingError, String source) {
        this(server, session, receivedAt, payload, framingError, source, null);
    }
}
