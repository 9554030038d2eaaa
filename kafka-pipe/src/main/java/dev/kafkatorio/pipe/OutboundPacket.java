package dev.kafkatorio.pipe;

/**
 * One record on its way to Kafka: what the reader framed, before the sender turns it into a {@code
 * ProducerRecord}.
 *
 * @param session the console session id ({@code kafkatorio.session} header)
 * @param receivedAt epoch ms when the (last) line of the packet was read; header and record timestamp
 * @param value the packet JSON as UTF-8 (for framing errors: what could be recovered)
 * @param framingError why the packet could not be framed, or {@code null} if it was
 */
public record OutboundPacket(String session, long receivedAt, byte[] value, String framingError) {}
