package dev.kafkatorio.flink.packets;

import dev.kafkatorio.flink.io.RawPacket;
import dev.kafkatorio.protocol.DeadLetter;
import dev.kafkatorio.protocol.Keys;
import dev.kafkatorio.protocol.Packet;
import dev.kafkatorio.protocol.PacketCodec;
import dev.kafkatorio.protocol.PacketDecodeException;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes raw packet records. Poison-pill policy: a record that cannot be used (framing error, no
 * server/session header, invalid server id, undecodable JSON) goes to {@link #DEAD_LETTERS} with a
 * reason and its coordinates, is counted in the {@code deadLetters} metric and logged (DEBUG each,
 * WARN at most every 10 s); the job never fails on input. A dead letter is bounded whatever the
 * input ({@link DeadLetter#of}: a 4 KiB excerpt of the payload with its length and SHA-256, every
 * other field cut), so the dead-letter sink can always write it.
 *
 * <p>A gap record (kafka-pipe dropped packets because its spool was full; header {@code
 * kafkatorio.gap}, empty value) is no dead letter: it is counted in {@code pipeGaps} (records) and
 * {@code pipeGapPackets} (packets dropped), logged at WARN with server, session and count (at most
 * every 10 s, with the number of gap records in between), and produces no output.
 */
public final class PacketDecoder extends ProcessFunction<RawPacket, DecodedPacket> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(PacketDecoder.class);
    private static final long WARN_INTERVAL_MS = 10_000;

    /** Side output of records that could not be decoded. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));

    private transient Counter deadLetters;
    private transient Counter pipeGaps;
    private transient Counter pipeGapPackets;
    private transient RateLimitedCounter warnLimit;
    private transient RateLimitedCounter gapWarnLimit;

    @Override
    public void open(OpenContext openContext) {
        deadLetters = getRuntimeContext().getMetricGroup().counter("deadLetters");
        pipeGaps = getRuntimeContext().getMetricGroup().counter("pipeGaps");
        pipeGapPackets = getRuntimeContext().getMetricGroup().counter("pipeGapPackets");
        warnLimit = new RateLimitedCounter(WARN_INTERVAL_MS);
        gapWarnLimit = new RateLimitedCounter(WARN_INTERVAL_MS);
    }

    @Override
    public void processElement(RawPacket raw, Context ctx, Collector<DecodedPacket> out) {
        if (raw.gap() != null) {
            pipeGaps.inc();
            if (raw.gap() > 0) {
                pipeGapPackets.inc(raw.gap());
            }
            // rare (a spool overflow), but headers are input too: at most one line per interval
            long skipped = gapWarnLimit.tryAcquire(System.currentTimeMillis());
            if (skipped >= 0) {
                LOG.warn(
                        "kafka-pipe dropped {} packets of server {} session {} before {} ({} more gap records since the"
                                + " last warning)",
                        raw.gap() < 0 ? "an unknown number of" : raw.gap(), logged(raw.server()), logged(raw.session()),
                        raw.source(), skipped);
            }
            return;
        }
        String reason = rejectReason(raw);
        if (reason == null) {
            Packet packet = null;
            try {
                packet = PacketCodec.decode(raw.payload());
            } catch (PacketDecodeException e) {
                reason = e.getMessage();
            } catch (RuntimeException e) {
                // a codec bug must not crash-loop the job: dead-letter it with the exception
                reason = "decoder failed: " + e;
            } catch (StackOverflowError e) {
                reason = "decoder failed: stack overflow"; // the codec's depth limit prevents it; never crash-loop
            }
            if (packet != null) {
                out.collect(DecodedPacket.of(raw.server(), raw.session(), raw.receivedAt(), packet, raw.source()));
                return;
            }
        }
        deadLetter(raw, reason, ctx);
    }

    /** Why the record cannot be decoded at all, or {@code null} if it may be. */
    private static String rejectReason(RawPacket raw) {
        if (raw.framingError() != null) {
            return "framing error: " + raw.framingError();
        }
        if (raw.server() == null || raw.server().isEmpty()) {
            return "missing header kafkatorio.server";
        }
        if (!Keys.SERVER_ID.matcher(raw.server()).matches()) {
            return "invalid server id '" + raw.server() + "' in header kafkatorio.server";
        }
        if (raw.session() == null || raw.session().isEmpty()) {
            return "missing header kafkatorio.session";
        }
        if (raw.payload().isEmpty()) {
            return "empty payload";
        }
        return null;
    }

    private void deadLetter(RawPacket raw, String reason, Context ctx) {
        deadLetters.inc();
        DeadLetter letter =
                DeadLetter.of(raw.server(), raw.session(), reason, raw.payload(), raw.source(), raw.receivedAt());
        LOG.debug("Dead letter at {} (server {}, session {}): {}", letter.source(), letter.server(), letter.session(),
                letter.reason());
        long skipped = warnLimit.tryAcquire(System.currentTimeMillis());
        if (skipped >= 0) {
            LOG.warn(
                    "Dead-lettered the packet at {} (server {}): {} ({} more dead letters since the last warning)",
                    letter.source(), logged(letter.server()), letter.reason(), skipped);
        }
        ctx.output(DEAD_LETTERS, letter);
    }

    /** A header value as logged: cut to 64 bytes (headers are input). */
    private static String logged(String value) {
        return DeadLetter.cutField(value, 64);
    }

    /** The dead-letter counter (for tests; {@code null} before open). */
    Counter deadLetterCounter() {
        return deadLetters;
    }

    Counter pipeGapCounter() {
        return pipeGaps;
    }

    Counter pipeGapPacketCounter() {
        return pipeGapPackets;
    }
}
