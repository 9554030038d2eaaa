package dev.kafkatorio.pipe;

import dev.kafkatorio.protocol.KafkaHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sender thread: reads the {@link Spool} in order, sends each record with the producer (which it
 * owns and may block on as long as it likes) and tells the spool how far Kafka acknowledged, in order.
 *
 * <p>At most {@link #WINDOW} records are in flight. A retriable failure (broker gone for longer than
 * {@code delivery.timeout.ms}, {@code max.block.ms} exceeded, authentication) rewinds: once every
 * in-flight record has completed, sending starts again with the first unacknowledged record, so
 * nothing is skipped (records after it that did arrive are sent again: duplicates, which the job
 * removes per (server, session, seq)). A record Kafka can never take (e.g. too large) is counted in
 * {@code sendErrors} and skipped.
 */
final class KafkaSender {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaSender.class);
    static final int WINDOW = 10_000;
    private static final long STALL_REPORT_NANOS = 30_000_000_000L;
    private static final long REWIND_BACKOFF_MS = 1_000;

    private final Producer<byte[], byte[]> producer;
    private final Spool spool;
    private final String topic;
    private final String bootstrapServers;
    private final byte[] key;
    private final PipeCounters counters;
    private final Thread thread;
    private final RateLimitedWarn sendWarn = new RateLimitedWarn(LOG, "Kafka sends failed", 10_000);
    private final RateLimitedWarn skipWarn = new RateLimitedWarn(LOG, "Records Kafka can never take, skipped", 10_000);
    private final java.util.concurrent.atomic.AtomicLong skipped = new java.util.concurrent.atomic.AtomicLong();
    private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>(); // guarded by itself
    private long nextStallCheckNanos = System.nanoTime() + STALL_REPORT_NANOS;
    private long sentAtLastCheck;
    private volatile boolean rewindNeeded;
    private volatile boolean closing;
    private volatile long drainDeadlineNanos;

    /** One sent, not yet completed record. */
    private static final class InFlight {
        final long index;
        final long receivedAt;
        final boolean gap;
        boolean done; // the callback ran
        boolean ok; // acknowledged (or skipped as unsendable)

        InFlight(long index, long receivedAt, boolean gap) {
            this.index = index;
            this.receivedAt = receivedAt;
            this.gap = gap;
        }
    }

    KafkaSender(Producer<byte[], byte[]> producer, Spool spool, PipeConfig config, PipeCounters counters) {
        this.producer = producer;
        this.spool = spool;
        this.topic = config.topic();
        this.bootstrapServers = config.bootstrapServers();
        this.key = config.serverId().getBytes(StandardCharsets.UTF_8);
        this.counters = counters;
        this.thread = new Thread(this::run, "kafka-pipe-sender");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Epoch ms when the oldest record in flight was read from the console; 0 if none is. */
    long oldestInFlightReceivedAt() {
        synchronized (inFlight) {
            InFlight first = inFlight.peekFirst();
            return first == null ? 0 : first.receivedAt;
        }
    }

    /**
     * Sends what is spooled for up to {@code timeout}, then closes the producer. For a durable spool
     * what is left stays there for the next run; otherwise it is dropped and counted. Idempotent.
     */
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
        try {
            while (true) {
                if (closing && (spool.depthRecords() == 0 || System.nanoTime() - drainDeadlineNanos > 0)) {
                    break;
                }
                reportStall();
                if (rewindNeeded) {
                    rewind();
                    continue;
                }
                if (inFlightCount() >= WINDOW) {
                    synchronized (inFlight) {
                        inFlight.wait(50);
                    }
                    continue;
                }
                Spool.Spooled s = spool.next(100);
                if (s != null) {
                    send(s);
                }
            }
        } catch (InterruptedException | InterruptException e) {
            LOG.debug("Sender interrupted");
        } catch (RuntimeException e) {
            LOG.error("Sender failed; packets are no longer sent (they stay in a durable spool)", e);
            closing = true;
        } finally {
            Thread.interrupted(); // clear the flag so that the producer can close
            long remaining = Math.max(0, drainDeadlineNanos - System.nanoTime());
            try {
                // records the producer still buffers after this fail in their callbacks: sendErrors
                producer.close(closing ? Duration.ofNanos(remaining) : Duration.ZERO);
            } catch (RuntimeException e) {
                LOG.warn("Closing the producer failed: {}", e.toString());
            }
            long left = spool.depthRecords();
            if (left > 0) {
                if (spool.durable()) {
                    LOG.warn("{} records not acknowledged by Kafka at close stay in the spool for the next run", left);
                } else {
                    counters.packetsDropped.addAndGet(left);
                    LOG.warn("{} packets not acknowledged by Kafka by close were dropped", left);
                }
            }
        }
    }

    private int inFlightCount() {
        synchronized (inFlight) {
            return inFlight.size();
        }
    }

    /** Waits for every in-flight record to complete, then starts again after the last acknowledged. */
    private void rewind() throws InterruptedException {
        synchronized (inFlight) {
            while (!inFlight.isEmpty() && !allDone()) {
                if (closing && System.nanoTime() - drainDeadlineNanos > 0) {
                    return;
                }
                inFlight.wait(100);
            }
            inFlight.clear();
            rewindNeeded = false;
        }
        spool.rewind();
        LOG.info("Sending again from the first record Kafka has not acknowledged ({} waiting)", spool.depthRecords());
        Thread.sleep(REWIND_BACKOFF_MS);
    }

    private boolean allDone() {
        for (InFlight f : inFlight) {
            if (!f.done) {
                return false;
            }
        }
        return true;
    }

    /** Every 30 s: a WARN if records are waiting but none was acknowledged since the last check. */
    private void reportStall() {
        long now = System.nanoTime();
        if (now - nextStallCheckNanos < 0) {
            return;
        }
        nextStallCheckNanos = now + STALL_REPORT_NANOS;
        long sent = counters.packetsSent.get();
        long waiting = spool.depthRecords();
        if (waiting > 0 && sent == sentAtLastCheck) {
            LOG.warn("Kafka has acknowledged nothing for 30 s: {} records waiting in the spool ({} bytes); is {} reachable?",
                    waiting, spool.depthBytes(), bootstrapServers);
        }
        sentAtLastCheck = sent;
    }

    private void send(Spool.Spooled s) {
        OutboundPacket p = s.packet();
        RecordHeaders headers = new RecordHeaders();
        headers.add(KafkaHeaders.SERVER, key);
        headers.add(KafkaHeaders.SESSION, p.session().getBytes(StandardCharsets.UTF_8));
        headers.add(KafkaHeaders.RECEIVED_AT, Long.toString(p.receivedAt()).getBytes(StandardCharsets.UTF_8));
        if (p.framingError() != null) {
            headers.add(KafkaHeaders.FRAMING_ERROR, p.framingError().getBytes(StandardCharsets.UTF_8));
        }
        if (p.isGap()) {
            headers.add(KafkaHeaders.GAP, Long.toString(p.gap()).getBytes(StandardCharsets.UTF_8));
        }
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, p.receivedAt(), key, p.value(), headers);
        InFlight f = new InFlight(s.index(), p.receivedAt(), p.isGap());
        synchronized (inFlight) {
            inFlight.addLast(f);
        }
        try {
            producer.send(record, (metadata, exception) -> complete(f, exception));
        } catch (InterruptException e) {
            throw e;
        } catch (KafkaException e) {
            // e.g. max.block.ms exceeded while the broker is unreachable
            complete(f, e);
        }
    }

    private void complete(InFlight f, Exception exception) {
        if (exception != null) {
            long errors = counters.sendErrors.incrementAndGet();
            sendWarn.event(errors, exception.toString());
            if (retriable(exception)) {
                rewindNeeded = true;
                synchronized (inFlight) {
                    f.done = true;
                    inFlight.notifyAll();
                }
                return; // not acknowledged: the ack position stops before it
            }
            skipWarn.event(skipped.incrementAndGet(), "record " + f.index + ": " + exception);
        } else if (!f.gap) {
            counters.packetsSent.incrementAndGet();
            counters.lastSendMillis.set(System.currentTimeMillis());
        } else {
            counters.lastSendMillis.set(System.currentTimeMillis());
        }
        long ackedThrough = -1;
        synchronized (inFlight) {
            f.done = true;
            f.ok = true;
            while (!inFlight.isEmpty() && inFlight.peekFirst().ok) {
                ackedThrough = inFlight.pollFirst().index;
            }
            inFlight.notifyAll();
        }
        if (ackedThrough > 0) {
            spool.acked(ackedThrough);
        }
    }

    private static boolean retriable(Exception e) {
        return e instanceof RetriableException || e instanceof AuthenticationException || e instanceof AuthorizationException
                || e instanceof org.apache.kafka.common.errors.TimeoutException;
    }
}
