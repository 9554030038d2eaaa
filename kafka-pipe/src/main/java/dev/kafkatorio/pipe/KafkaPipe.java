package dev.kafkatorio.pipe;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a Factorio server console, ships its packet lines to Kafka and passes every other line through
 * byte for byte. The reading thread never waits on Kafka: packets go through a bounded queue to a
 * sender thread; when the queue is full they are dropped and counted.
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
    private final KafkaSender sender;
    private final PacketFramer framer;
    private final ConsoleSplitter splitter;
    private final java.util.concurrent.locks.ReentrantLock pumpLock = new java.util.concurrent.locks.ReentrantLock();
    private volatile boolean closed;

    private KafkaPipe(PipeConfig config, Producer<byte[], byte[]> producer, LongSupplier clock) {
        this.config = config;
        this.sender = new KafkaSender(producer, config, counters);
        this.framer = new PacketFramer(sender, counters, clock, clock.getAsLong());
        this.splitter = new ConsoleSplitter(framer);
    }

    /** Creates the producer and the sender thread and starts the first session. */
    public static KafkaPipe start(PipeConfig config) {
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config.effectiveProducerProperties());
        LOG.info("kafka-pipe started: server {} to topic {} at {}", config.serverId(), config.topic(),
                config.bootstrapServers());
        return new KafkaPipe(config, producer, System::currentTimeMillis);
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
        return counters.snapshot();
    }

    /** The configuration this pipe runs with. */
    public PipeConfig config() {
        return config;
    }

    /**
     * Ships multi-part packets still incomplete (with a framing error), sends what is queued for up to
     * {@link PipeConfig#closeTimeout()}, then closes the producer. What is still queued then is dropped
     * and counted.
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
                framer.flushPending("kafka-pipe closed");
            } finally {
                pumpLock.unlock();
            }
        }
        sender.close(config.closeTimeout());
        LOG.info("kafka-pipe closed: {}", stats());
    }
}
