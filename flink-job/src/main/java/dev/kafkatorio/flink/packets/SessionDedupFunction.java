package dev.kafkatorio.flink.packets;

import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
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
 * <p>State: the highest seq seen per session, with a processing-time TTL of {@link #STATE_TTL}
 * refreshed on every write: a session that has been silent that long is forgotten (sessions end;
 * their ids are never reused). Metrics: {@code duplicates}, {@code gaps}.
 */
public final class SessionDedupFunction extends KeyedProcessFunction<String, DecodedPacket, DecodedPacket> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(SessionDedupFunction.class);

    /** How long the highest seq of a silent session is kept. */
    public static final Duration STATE_TTL = Duration.ofHours(24);

    /** The state's descriptor, with its TTL. */
    static ValueStateDescriptor<Long> highestSeqDescriptor() {
        ValueStateDescriptor<Long> descriptor = new ValueStateDescriptor<>("highest-seq", Long.class);
        descriptor.enableTimeToLive(
                StateTtlConfig.newBuilder(STATE_TTL)
                        .useProcessingTime()
                        .updateTtlOnCreateAndWrite()
                        .neverReturnExpired()
                        .build());
        return descriptor;
    }

    private transient ValueState<Long> highestSeq;
    private transient Counter duplicates;
    private transient Counter gaps;

    @Override
    public void open(OpenContext openContext) {
        highestSeq = getRuntimeContext().getState(highestSeqDescriptor());
        duplicates = getRuntimeContext().getMetricGroup().counter("duplicates");
        gaps = getRuntimeContext().getMetricGroup().counter("gaps");
    }

    @Override
    public void processElement(DecodedPacket packet, Context ctx, Collector<DecodedPacket> out) throws Exception {
        Long highest = highestSeq.value();
        long seq = packet.seq();
        if (highest != null && seq <= highest) {
            duplicates.inc();
            LOG.trace("Dropped duplicate seq {} of {}/{} (highest {})", seq, packet.server(), packet.session(), highest);
            return;
        }
        if (highest != null && seq > highest + 1) {
            gaps.inc();
            LOG.warn(
                    "Gap in server {} session {}: seqs {}..{} missing ({})",
                    packet.server(), packet.session(), highest + 1, seq - 1, packet.source());
        }
        highestSeq.update(seq);
        out.collect(packet);
    }

    Counter duplicateCounter() {
        return duplicates;
    }

    Counter gapCounter() {
        return gaps;
    }
}
