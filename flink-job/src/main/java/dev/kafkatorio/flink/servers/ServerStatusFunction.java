package dev.kafkatorio.flink.servers;

import dev.kafkatorio.flink.packets.DecodedPacket;
import dev.kafkatorio.protocol.ServerStatus;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keeps each server's {@link ServerStatus} and emits it at most once per {@link #MIN_INTERVAL}
 * (processing time: a paused headless server runs no ticks, so game time cannot drive timers), and
 * at once on a session-start. A change inside the interval is emitted by one processing-time timer
 * at the interval's end, carrying the latest status.
 *
 * <p>State: one {@link ServerStatusState} per server with a processing-time TTL of {@link
 * #STATE_TTL} since the last packet (a server silent that long is forgotten here; its last status
 * stays in the compacted topic). Timers: at most one per server, gone once fired.
 */
public final class ServerStatusFunction extends KeyedProcessFunction<String, DecodedPacket, ServerStatus> {

    private static final long serialVersionUID = 1L;

    /** Minimum time between two emissions for one server (except on session-start). */
    public static final Duration MIN_INTERVAL = Duration.ofSeconds(1);

    /** How long the status of a silent server is kept. */
    public static final Duration STATE_TTL = Duration.ofDays(7);

    static ValueStateDescriptor<ServerStatusState> stateDescriptor() {
        ValueStateDescriptor<ServerStatusState> descriptor =
                new ValueStateDescriptor<>("server-status", ServerStatusState.class);
        descriptor.enableTimeToLive(
                StateTtlConfig.newBuilder(STATE_TTL)
                        .useProcessingTime()
                        .updateTtlOnCreateAndWrite()
                        .neverReturnExpired()
                        .build());
        return descriptor;
    }

    private transient ValueState<ServerStatusState> state;

    @Override
    public void open(OpenContext openContext) {
        state = getRuntimeContext().getState(stateDescriptor());
    }

    @Override
    public void processElement(DecodedPacket packet, Context ctx, Collector<ServerStatus> out) throws Exception {
        ServerStatusState current = state.value();
        ServerStatus status =
                ServerStatusUpdates.apply(
                        current == null ? null : current.status(),
                        packet.server(),
                        packet.session(),
                        packet.tick(),
                        packet.receivedAt(),
                        packet.heartbeat(),
                        packet.sessionStart());
        long lastEmittedAt = current == null ? 0 : current.lastEmittedAt();
        long timerAt = current == null ? 0 : current.timerAt();
        long now = ctx.timerService().currentProcessingTime();

        boolean due = current == null || now - lastEmittedAt >= MIN_INTERVAL.toMillis();
        if (packet.sessionStart() != null || (due && timerAt == 0)) {
            if (timerAt != 0) {
                ctx.timerService().deleteProcessingTimeTimer(timerAt);
            }
            out.collect(status);
            state.update(new ServerStatusState(status, now, 0));
        } else if (timerAt == 0) {
            long at = lastEmittedAt + MIN_INTERVAL.toMillis();
            ctx.timerService().registerProcessingTimeTimer(at);
            state.update(new ServerStatusState(status, lastEmittedAt, at));
        } else {
            state.update(new ServerStatusState(status, lastEmittedAt, timerAt)); // the timer emits it
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ServerStatus> out) throws Exception {
        ServerStatusState current = state.value();
        if (current == null || current.timerAt() != timestamp) {
            return; // state expired or a newer emission superseded this timer
        }
        out.collect(current.status());
        state.update(new ServerStatusState(current.status(), timestamp, 0));
    }
}
