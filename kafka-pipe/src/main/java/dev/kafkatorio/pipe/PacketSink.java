package dev.kafkatorio.pipe;

/**
 * Where the console reader hands framed packets. The seam between the reader (which must never block)
 * and whatever ships them: today the in-memory queue of {@link KafkaSender}; a later issue puts an
 * on-disk spool with gap records behind this interface.
 */
public interface PacketSink {

    /**
     * Takes a packet without blocking.
     *
     * @return {@code false} if the packet was not accepted (and is therefore lost; the caller counts it)
     */
    boolean offer(OutboundPacket packet);
}
