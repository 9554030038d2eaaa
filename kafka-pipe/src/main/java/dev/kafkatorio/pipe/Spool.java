package dev.kafkatorio.pipe;

/**
 * The ordered buffer between the console reader and the Kafka sender. The reader appends (never
 * waiting on Kafka); the sender reads records in order, and tells the spool how far Kafka has
 * acknowledged them; after a failed send it rewinds to the first unacknowledged record.
 *
 * <p>Indexes are positive, increase by one per record and are never reused (also across restarts of
 * a {@link DiskSpool}).
 */
interface Spool extends AutoCloseable {

    /** A record read back from the spool. */
    record Spooled(long index, OutboundPacket packet) {}

    /** Appends unless the spool is full. Reader thread only. */
    boolean tryAppend(OutboundPacket packet);

    /** Appends even if that exceeds the capacity (small gap records only). Reader thread only. */
    void forceAppend(OutboundPacket packet);

    /** The next record not yet handed out, waiting up to {@code timeoutMillis}; null if none. */
    Spooled next(long timeoutMillis) throws InterruptedException;

    /** Kafka acknowledged every record up to {@code index} (inclusive). */
    void acked(long index);

    /** {@link #next} starts again with the first record not acknowledged. */
    void rewind();

    /** Records appended but not acknowledged. */
    long depthRecords();

    /** Bytes the spool holds (for a disk spool: its segment files). */
    long depthBytes();

    /** Whether unsent records survive a restart (only then may close() leave records behind). */
    boolean durable();

    @Override
    void close();
}
