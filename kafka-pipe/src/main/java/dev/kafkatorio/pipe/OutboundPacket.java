package dev.kafkatorio.pipe;

/**
 * One record on its way to Kafka: what the reader framed, before the sender turns it into a {@code
 * ProducerRecord}.
 *
 * @param session the console session id ({@code kafkatorio.session} header)
 * @param receivedAt epoch ms when the (last) line of the packet was read; header and record timestamp
 * @param value the packet JSON as UTF-8 (for framing errors: what could be recovered; empty for a gap)
 * @param framingError why the packet could not be framed, or {@code null} if it was
 * @param gap for a gap record: how many packets of this session were dropped before it; 0 otherwise
 */
public record OutboundPacket(String session, long receivedAt, byte[] value, String framingError, long gap) {

    /** A packet (not a gap record). */
    public OutboundPacket(String session, long receivedAt, byte[] value, String framingError) {
        this(session, receivedAt, value, framingError, 0);
    }

    /** A gap record: {@code dropped} packets of {@code session} were lost before this point. */
    static OutboundPacket gap(String session, long receivedAt, long dropped) {
        return new OutboundPacket(session, receivedAt, new byte[0], null, dropped);
    }

    /** Whether this is a gap record. */
    boolean isGap() {
        return gap > 0;
    }
}
