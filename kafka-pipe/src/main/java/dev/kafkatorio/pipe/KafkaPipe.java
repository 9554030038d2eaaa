package dev.kafkatorio.pipe;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a Factorio server console, ships its packet lines to Kafka and passes every other line through
 * byte for byte. The reading thread never waits on Kafka: packets are appended to a bounded spool (on
 * disk with {@link PipeConfig#spoolDir()}, else in memory) that a sender thread ships in order; when
 * the spool is full they are dropped, counted and a gap record tells downstream.
 *
 * <pre>{@code
 * try (KafkaPipe pipe = KafkaPipe.start(config)) {
 *     pipe.pump(System.in, System.out);
 * }
 * }</pre>
 */
public final class KafkaPipe implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaPipe.class);

    private final PipeConfig config;
    private final PipeCounters counters = new PipeCounters();
    private final Spool spool;
    private final SpoolSink sink;
    private final KafkaSender sender;
    private final PacketFramer framer;
    private final ConsoleSplitter splitter;
    private final ReentrantLock pumpLock = new ReentrantLock();
    private volatile boolean closed;

    private KafkaPipe(PipeConfig config, Producer<byte[], byte[]> producer, LongSupplier clock) {
        this.config = config;
        this.spool = config.spoolDir() == null
                ? new MemorySpool(config.queueCapacity())
                : new DiskSpool(config.spoolDir(), config.spoolMaxBytes(), config.spoolFsyncMillis());
        this.sink = new SpoolSink(spool, counters);
        this.sender = new KafkaSender(producer, spool, config, counters);
        this.framer = new PacketFramer(sink, counters, clock, clock.getAsLong(), config.resumeSession());
        this.splitter = new ConsoleSplitter(framer);
        this.framer.lineStarts(splitter::lineStart);
    }

    /** Opens the spool, creates the producer and the sender thread and starts the first session. */
    public static KafkaPipe start(PipeConfig config) {
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config.effectiveProducerProperties());
        try {
            KafkaPipe pipe = new KafkaPipe(config, producer, System::currentTimeMillis);
            LOG.info("kafka-pipe started: server {} to topic {} at {}, spool {}", config.serverId(), config.topic(),
                    config.bootstrapServers(), config.spoolDir() == null
                            ? "in memory (" + config.queueCapacity() + " packets)"
                            : config.spoolDir() + " (max " + config.spoolMaxBytes() + " bytes)");
            return pipe;
        } catch (RuntimeException e) {
            producer.close(java.time.Duration.ZERO);
            throw e;
        }
    }

    /** For tests: a pipe over any producer (e.g. a {@code MockProducer}) and clock. */
    static KafkaPipe start(PipeConfig config, Producer<byte[], byte[]> producer, LongSupplier clock) {
        return new KafkaPipe(config, producer, clock);
    }

    /**
     * Reads {@code console} until EOF: packet lines go to Kafka, every other line to {@code passthrough}
     * exactly as read. May be called again with another stream; the session state carries over.
     */
    public void pump(InputStream console, OutputStream passthrough) throws IOException {
        pumpLock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("kafka-pipe is closed");
            }
            splitter.pump(console, passthrough);
        } finally {
            pumpLock.unlock();
        }
    }

    /** A snapshot of the counters. */
    public PipeStats stats() {
        return counters.snapshot(spool.depthRecords(), spool.depthBytes(), sender.oldestInFlightReceivedAt());
    }

    /** The configuration this pipe runs with. */
    public PipeConfig config() {
        return config;
    }

    /**
     * Called on the reader thread with the number of packets lost each time a gap record is spooled
     * (wrapper mode asks the server for a resync).
     */
    void onGap(LongConsumer listener) {
        sink.onGap(listener);
    }

    /** What a {@link FollowInput} asks this pipe to decide the position it stores (reader thread). */
    FollowInput.Progress followProgress() {
        return new FollowInput.Progress() {
            @Override
            public long unprocessedBytes() {
                return KafkaPipe.this.unprocessedBytes();
            }

            @Override
            public String session() {
                return KafkaPipe.this.session();
            }
        };
    }

    /** The current session id (reader thread). */
    String session() {
        return framer.session();
    }

    /**
     * How many bytes before the input position reading must start again to lose nothing: back to the
     * first line of the oldest pending multi-part packet, else the bytes of the incomplete line. Reader
     * thread only (called from inside {@link #pump}, e.g. by a {@link FollowInput}).
     */
    long unprocessedBytes() {
        long oldestPart = framer.oldestPendingStart();
        return oldestPart >= 0 ? splitter.consumedBytes() - oldestPart : splitter.pendingLineBytes();
    }

    /**
     * Ships multi-part packets still incomplete (with a framing error) and a pending gap record, sends
     * what is spooled for up to {@link PipeConfig#closeTimeout()}, then closes the producer. With a disk
     * spool, what is not sent then stays spooled for the next run; in memory it is dropped and counted.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        // if a pump is still running (close from a shutdown hook), leave its framer alone
        if (pumpLock.tryLock()) {
            try {
                framer.flushPending();
                sink.flushGap();
            } finally {
                pumpLock.unlock();
            }
        }
        sender.close(config.closeTimeout());
        spool.close();
        LOG.info("kafka-pipe closed: {}", stats());
    }
}
