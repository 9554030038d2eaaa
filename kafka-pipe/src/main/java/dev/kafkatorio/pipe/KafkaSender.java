package dev.kafkatorio.pipe;

import dev.kafkatorio.protocol.KafkaHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link PacketSink} in front of Kafka: a bounded in-memory queue the reader offers to without
 * ever blocking, and one sender thread that owns the producer and may block on it (metadata, full
 * producer buffer) as long as it likes. When the queue is full, offers fail and the caller drops.
 */
final class KafkaSender implements PacketSink {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaSender.class);

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final String bootstrapServers;
    private final byte[] key;
    private final byte[] serverHeader;
    private final PipeCounters counters;
    private final BlockingQueue<OutboundPacket> queue;
    private final Thread thread;
    private final RateLimitedWarn sendWarn = new RateLimitedWarn(LOG, "Kafka sends failed", 10_000);
    private static final long STALL_REPORT_NANOS = 30_000_000_000L;
    private long nextStallCheckNanos = System.nanoTime() + STALL_REPORT_NANOS;
    private long sentAtLastCheck;
    private volatile boolean closing;
    private volatile long drainDeadlineNanos;

    KafkaSender(Producer<byte[], byte[]> producer, PipeConfig config, PipeCounters counters) {
        this.producer = producer;
        this.topic = config.topic();
        this.bootstrapServers = config.bootstrapServers();
        this.key = config.serverId().getBytes(StandardCharsets.UTF_8);
        this.serverHeader = key;
        this.counters = counters;
        this.queue = new ArrayBlockingQueue<>(config.queueCapacity());
        this.thread = new Thread(this::run, "kafka-pipe-sender");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    @Override
    public boolean offer(OutboundPacket packet) {
        return !closing && queue.offer(packet);
    }

    /** Sends what is queued for up to {@code timeout}, then closes the producer. Idempotent. */
    void close(Duration timeout) {
        if (!closing) {
            drainDeadlineNanos = System.nanoTime() + timeout.toNanos();
            closing = true;
        }
        try {
            thread.join(Math.max(1, timeout.toMillis()) + 1_000);
            if (thread.isAlive()) {
                LOG.warn("Sender still busy after {} ms, interrupting it", timeout.toMillis());
                thread.interrupt();
                thread.join(5_000);
            }
        } catch (InterruptedException e) {
            thread.interrupt();
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        OutboundPacket current = null;
        try {
            while (true) {
                current = queue.poll(100, TimeUnit.MILLISECONDS);
                if (current != null) {
                    send(current);
                    current = null;
                }
                reportStall();
                if (closing && (queue.isEmpty() || System.nanoTime() - drainDeadlineNanos > 0)) {
                    break;
                }
            }
        } catch (InterruptedException | InterruptException e) {
            LOG.debug("Sender interrupted");
        } catch (RuntimeException e) {
            LOG.error("Sender failed; packets from now on are dropped", e);
            closing = true;
        } finally {
            Thread.interrupted(); // clear the flag so that the producer can close
            int left = queue.size() + (current == null ? 0 : 1);
            queue.clear();
            if (left > 0) {
                counters.packetsDropped.addAndGet(left);
                LOG.warn("{} packets not handed to Kafka by close were dropped", left);
            }
            long remaining = Math.max(0, drainDeadlineNanos - System.nanoTime());
            try {
                // records the producer still buffers after this fail in their callbacks: sendErrors
                producer.close(closing ? Duration.ofNanos(remaining) : Duration.ZERO);
            } catch (RuntimeException e) {
                LOG.warn("Closing the producer failed: {}", e.toString());
            }
        }
    }

    /** Every 30 s: a WARN if records are waiting but none was acknowledged since the last check. */
    private void reportStall() {
        long now = System.nanoTime();
        if (now - nextStallCheckNanos < 0) {
            return;
        }
        nextStallCheckNanos = now + STALL_REPORT_NANOS;
        long sent = counters.packetsSent.get();
        long waiting = counters.packetsQueued.get() - sent - counters.sendErrors.get();
        if (waiting > 0 && sent == sentAtLastCheck) {
            LOG.warn("Kafka has acknowledged nothing for 30 s: {} records waiting ({} in the queue of {}); is {} reachable?",
                    waiting, queue.size(), queue.size() + queue.remainingCapacity(), bootstrapServers);
        }
        sentAtLastCheck = sent;
    }

    private void send(OutboundPacket p) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(KafkaHeaders.SERVER, serverHeader);
        headers.add(KafkaHeaders.SESSION, p.session().getBytes(StandardCharsets.UTF_8));
        headers.add(KafkaHeaders.RECEIVED_AT, Long.toString(p.receivedAt()).getBytes(StandardCharsets.UTF_8));
        if (p.framingError() != null) {
            headers.add(KafkaHeaders.FRAMING_ERROR, p.framingError().getBytes(StandardCharsets.UTF_8));
        }
        ProducerRecord<byte[], byte[]> record =
                new ProducerRecord<>(topic, null, p.receivedAt(), key, p.value(), headers);
        try {
            producer.send(record, (metadata, exception) -> {
                if (exception == null) {
                    counters.packetsSent.incrementAndGet();
                    counters.lastSendMillis.set(System.currentTimeMillis());
                } else {
                    long errors = counters.sendErrors.incrementAndGet();
                    sendWarn.event(errors, exception.toString());
                }
            });
        } catch (InterruptException e) {
            throw e;
        } catch (KafkaException e) {
            // send() reports most failures through the callback; what it throws is counted the same way
            long errors = counters.sendErrors.incrementAndGet();
            sendWarn.event(errors, e.toString());
        }
    }
}
