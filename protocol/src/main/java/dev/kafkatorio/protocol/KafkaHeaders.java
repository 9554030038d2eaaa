package dev.kafkatorio.protocol;

/** Kafka record header names used on Kafkatorio topics. */
public final class KafkaHeaders {

    /** On raw packets: the server id given to kafka-pipe ({@code --server-id}), UTF-8. */
    public static final String SERVER = "kafkatorio.server";

    /** On raw packets: the console session id assigned by kafka-pipe, UTF-8. */
    public static final String SESSION = "kafkatorio.session";

    /** On raw packets: when kafka-pipe read the line, epoch milliseconds as decimal UTF-8. */
    public static final String RECEIVED_AT = "kafkatorio.received-at";

    /**
     * On raw packets that kafka-pipe could not frame (e.g. a multi-part packet whose parts never all
     * arrived): why, UTF-8. The job dead-letters such records with this reason.
     */
    public static final String FRAMING_ERROR = "kafkatorio.framing-error";

    /**
     * On a gap record written by kafka-pipe (empty value, otherwise the usual headers): the number of
     * packets of this session it had to drop (its spool was full) before this point, decimal UTF-8.
     * The job counts and logs the gap; the mod is asked to re-send (resync).
     */
    public static final String GAP = "kafkatorio.gap";

    /** On tiles (issue #3): hex content hash of the tile bytes. Never part of the key. */
    public static final String CONTENT_HASH = "kafkatorio.content-hash";

    private KafkaHeaders() {}
}
