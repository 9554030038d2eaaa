package dev.kafkatorio.flink.packets;

import java.time.Duration;
import java.util.Arrays;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops re-delivered packets of a console session and reports gaps. Keyed by {@code
 * <server>/<session>} ({@link PacketKeys.BySession}): a replayed console (kafka-pipe restarted, save
 * reloaded) has a new session id and therefore fresh state, so its reused seqs are never dropped.
 *
 * <p>Rules, per session, with {@code H} the highest seq seen in the current run:
 *
 * <ul>
 *   <li>A packet is a <b>duplicate</b> (dropped, {@code duplicates}) only if its exact seq was already
 *       seen. The seen seqs are kept as up to {@link #MAX_RUNS} ranges within {@link #MAX_SEQ_JUMP}
 *       below {@code H}; a seq arriving late into a gap is not a duplicate and passes.
 *   <li>{@code seq > H + 1} (at most {@link #MAX_SEQ_JUMP} above): passes, and is a <b>gap</b>
 *       ({@code gaps}, WARN with the missing range at most every 10 s per subtask).
 *   <li>{@code |seq − H| > MAX_SEQ_JUMP}: a <b>seq jump</b> ({@code seqJumps}, WARN at most every
 *       10 s): the packet passes and starts a new run of the session (the seen ranges restart at it).
 *       Why not a dead letter: the packet is well-formed and may be real (the mod reloaded without
 *       kafka-pipe seeing it, or kafka-pipe lost more than {@code MAX_SEQ_JUMP} packets); dead-letter
 *       it and every later packet of that run would be one too. Why this cannot hide what follows: a
 *       forged seq far away is a run of its own, and the next genuine packet, as far from it, starts
 *       the next run — so a bad seq costs at most the one packet that happens to share it, and
 *       duplicates of an abandoned run may pass once.
 * </ul>
 *
 * <p>State: the seen ranges per session ({@code seen-seqs}, ≤ {@link #MAX_RUNS} pairs of longs,
 * usually one), with a processing-time TTL of {@link #STATE_TTL} refreshed on every write: a session
 * that has been silent that long is forgotten (sessions end; their ids are never reused). State of
 * older versions ({@code highest-seq}: everything up to it seen) is read once and migrated. Metrics
 * {@code duplicates}, {@code gaps}, {@code seqJumps}.
 */
public final class SessionDedupFunction extends KeyedProcessFunction<String, DecodedPacket, DecodedPacket> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(SessionDedupFunction.class);
    private static final long WARN_INTERVAL_MS = 10_000;

    /** How long the seen seqs of a silent session are kept. */
    public static final Duration STATE_TTL = Duration.ofHours(24);

    /**
     * Largest distance from the session's highest seq that still belongs to the same run (above: a
     * gap; below: a duplicate or a late packet). kafka-pipe re-sends at most 10,000 records in flight,
     * so real duplicates are far closer; a jump further than this starts a new run.
     */
    public static final long MAX_SEQ_JUMP = 1_000_000;

    /** Most seen ranges kept per session; beyond it the lowest range is forgotten (its duplicates would pass). */
    public static final int MAX_RUNS = 32;

    /** The seen ranges {@code [lo0, hi0, lo1, hi1, ...]}, ascending and disjoint; the last hi is the highest seq. */
    static ValueStateDescriptor<long[]> seenDescriptor() {
        ValueStateDescriptor<long[]> descriptor =
                new ValueStateDescriptor<>("seen-seqs", PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO);
        descriptor.enableTimeToLive(ttl());
        return descriptor;
    }

    /** The state of earlier versions: the highest seq, everything up to it counted as seen. Read to migrate. */
    static ValueStateDescriptor<Long> highestSeqDescriptor() {
        ValueStateDescriptor<Long> descriptor = new ValueStateDescriptor<>("highest-seq", Long.class);
        descriptor.enableTimeToLive(ttl());
        return descriptor;
    }

    private static StateTtlConfig ttl() {
        return StateTtlConfig.newBuilder(STATE_TTL)
                .useProcessingTime()
                .updateTtlOnCreateAndWrite()
                .neverReturnExpired()
                .build();
    }

    private transient ValueState<long[]> seen;
    private transient ValueState<Long> legacyHighest;
    private transient Counter duplicates;
    private transient Counter gaps;
    private transient Counter seqJumps;
    private transient RateLimitedCounter gapWarnings;
    private transient RateLimitedCounter jumpWarnings;

    @Override
    public void open(OpenContext openContext) {
        seen = getRuntimeContext().getState(seenDescriptor());
        legacyHighest = getRuntimeContext().getState(highestSeqDescriptor());
        duplicates = getRuntimeContext().getMetricGroup().counter("duplicates");
        gaps = getRuntimeContext().getMetricGroup().counter("gaps");
        seqJumps = getRuntimeContext().getMetricGroup().counter("seqJumps");
        gapWarnings = new RateLimitedCounter(WARN_INTERVAL_MS);
        jumpWarnings = new RateLimitedCounter(WARN_INTERVAL_MS);
    }

    @Override
    public void processElement(DecodedPacket packet, Context ctx, Collector<DecodedPacket> out) throws Exception {
        long seq = packet.seq();
        long[] runs = seen.value();
        if (runs == null) {
            Long highest = legacyHighest.value();
            if (highest != null) {
                runs = new long[] {Math.max(0, highest - MAX_SEQ_JUMP), highest};
                seen.update(runs);
                legacyHighest.clear();
            }
        }
        if (runs == null) {
            seen.update(new long[] {seq, seq}); // a session's first packet is never a gap (the job may start mid-session)
            out.collect(packet);
            return;
        }
        long highest = runs[runs.length - 1];
        if (seq > highest + MAX_SEQ_JUMP || seq < highest - MAX_SEQ_JUMP) {
            seqJumps.inc();
            long skipped = jumpWarnings.tryAcquire(System.currentTimeMillis());
            if (skipped >= 0) {
                LOG.warn("Seq jump in server {} session {}: {} after {} (more than {} apart), a new run starts ({});"
                                + " {} more jumps since the last warning",
                        packet.server(), packet.session(), seq, highest, MAX_SEQ_JUMP, packet.source(), skipped);
            }
            seen.update(new long[] {seq, seq});
            out.collect(packet);
            return;
        }
        if (contains(runs, seq)) {
            duplicates.inc();
            LOG.trace("Dropped duplicate seq {} of {}/{} (highest {})", seq, packet.server(), packet.session(), highest);
            return;
        }
        if (seq > highest + 1) {
            gaps.inc();
            long skipped = gapWarnings.tryAcquire(System.currentTimeMillis());
            if (skipped >= 0) {
                LOG.warn("Gap in server {} session {}: seqs {}..{} missing ({}); {} more gaps since the last warning",
                        packet.server(), packet.session(), highest + 1, seq - 1, packet.source(), skipped);
            }
        }
        seen.update(insert(runs, seq));
        out.collect(packet);
    }

    /** Whether {@code seq} lies in one of the ranges. */
    static boolean contains(long[] runs, long seq) {
        for (int i = 0; i < runs.length; i += 2) {
            if (seq >= runs[i] && seq <= runs[i + 1]) {
                return true;
            }
        }
        return false;
    }

    /**
     * The ranges with {@code seq} added (merged with adjacent ranges), without ranges entirely more
     * than {@link #MAX_SEQ_JUMP} below the new highest, and at most {@link #MAX_RUNS} (lowest dropped).
     */
    static long[] insert(long[] runs, long seq) {
        long[] all = new long[runs.length + 2];
        int k = 0;
        boolean placed = false;
        for (int i = 0; i < runs.length; i += 2) {
            if (!placed && seq < runs[i]) {
                all[k++] = seq;
                all[k++] = seq;
                placed = true;
            }
            all[k++] = runs[i];
            all[k++] = runs[i + 1];
        }
        if (!placed) {
            all[k++] = seq;
            all[k++] = seq;
        }
        long[] merged = new long[all.length];
        int n = 0;
        for (int i = 0; i < all.length; i += 2) {
            if (n > 0 && all[i] <= merged[n - 1] + 1) {
                merged[n - 1] = Math.max(merged[n - 1], all[i + 1]); // touches the previous range
            } else {
                merged[n++] = all[i];
                merged[n++] = all[i + 1];
            }
        }
        long highest = merged[n - 1];
        int from = 0; // the last range (holding the highest seq) always stays
        while (from < n - 2 && (merged[from + 1] < highest - MAX_SEQ_JUMP || (n - from) / 2 > MAX_RUNS)) {
            from += 2;
        }
        return Arrays.copyOfRange(merged, from, n);
    }

    Counter duplicateCounter() {
        return duplicates;
    }

    Counter gapCounter() {
        return gaps;
    }

    Counter seqJumpCounter() {
        return seqJumps;
    }
}
