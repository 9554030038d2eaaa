package dev.kafkatorio.protocol;

/** A packet line that cannot be decoded; the message is the reason written to the dead letter. */
public final class PacketDecodeException extends Exception {
    public PacketDecodeException(String reason) {
        super(reason);
    }

    public PacketDecodeException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
