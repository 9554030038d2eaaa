package dev.kafkatorio.flink.surfaces;

import dev.kafkatorio.protocol.SurfaceUpdate;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keeps each surface's metadata (from {@code surface} packets) with its charted-chunk count and
 * bounds (from the chunk state's ±1 events), and emits a {@link SurfaceUpdate} at most once per
 * {@link #MIN_INTERVAL} per surface (processing time; a change inside the interval goes out by one
 * timer at its end with the latest values). Keyed by {@code Keys.surface} = {@code <server>/<surface>}.
 *
 * <p>Bounds only grow: a deleted chunk lowers the count but not the bounds (they would need every
 * chunk's position; the map only needs a box to fit). A chunk event before the surface's packet
 * creates the surface with name {@code ""} and kind {@code other} until the packet arrives.
 *
 * <p>State: one {@link SurfaceState}; on event {@code deleted} it is cleared, its timer deleted and a
 * tombstone emitted. Backstop TTL {@link #STATE_TTL} (processing time, refreshed on write). A -1 for
 * an unknown surface (e.g. chunks cleared after the surface was deleted) is ignored.
 */
public final class SurfaceFunction extends KeyedProcessFunction<String, SurfaceEvent, SurfaceRecord> {

    private static final long serialVersionUID = 1L;

    /** Minimum time between two emissions for one surface. */
    public static final Duration MIN_INTERVAL = Duration.ofSeconds(1);

    /** How long a surface without any event is kept. */
    public static final Duration STATE_TTL = Duration.ofDays(30);

    static ValueStateDescriptor<SurfaceState> stateDescriptor() {
        ValueStateDescriptor<SurfaceState> d = new ValueStateDescriptor<>("surface", SurfaceState.class);
        d.enableTimeToLive(StateTtlConfig.newBuilder(STATE_TTL)
                .useProcessingTime()
                .updateTtlOnCreateAndWrite()
                .neverReturnExpired()
                .build());
        return d;
    }

    private transient ValueState<SurfaceState> state;

    @Override
    public void open(OpenContext openContext) {
        state = getRuntimeContext().getState(stateDescriptor());
    }

    @Override
    public void processElement(SurfaceEvent e, Context ctx, Collector<SurfaceRecord> out) throws Exception {
        SurfaceState s = state.value();
        if (e.info() != null && "deleted".equals(e.info().event())) {
            if (s != null && s.timerAt != 0) {
                ctx.timerService().deleteProcessingTimeTimer(s.timerAt);
            }
            state.clear();
            out.collect(new SurfaceRecord(e.server(), e.surface(), null));
            return;
        }
        if (s == null) {
            if (e.info() == null && e.chunkDelta() < 0) {
                return;
            }
            s = new SurfaceState();
        }
        if (e.info() != null) {
            s.name = e.info().name();
            s.kind = e.info().kind();
            s.planet = e.info().planet() == null ? "" : e.info().planet();
            if ("cleared".equals(e.info().event())) {
                s.hasBounds = false; // the chunk state reports each cleared chunk as -1
                s.minCx = s.minCy = s.maxCx = s.maxCy = 0;
            }
        }
        if (e.chunkDelta() != 0) {
            s.chunks = Math.max(0, s.chunks + e.chunkDelta());
            if (e.chunkDelta() > 0) {
                if (!s.hasBounds) {
                    s.minCx = s.maxCx = e.cx();
                    s.minCy = s.maxCy = e.cy();
                    s.hasBounds = true;
                } else {
                    s.minCx = Math.min(s.minCx, e.cx());
                    s.maxCx = Math.max(s.maxCx, e.cx());
                    s.minCy = Math.min(s.minCy, e.cy());
                    s.maxCy = Math.max(s.maxCy, e.cy());
                }
            }
        }
        long now = ctx.timerService().currentProcessingTime();
        if (s.timerAt == 0 && (s.lastEmittedAt == 0 || now - s.lastEmittedAt >= MIN_INTERVAL.toMillis())) {
            out.collect(record(e.server(), e.surface(), s));
            s.lastEmittedAt = now;
        } else if (s.timerAt == 0) {
            s.timerAt = s.lastEmittedAt + MIN_INTERVAL.toMillis();
            ctx.timerService().registerProcessingTimeTimer(s.timerAt);
        }
        state.update(s);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<SurfaceRecord> out) throws Exception {
        SurfaceState s = state.value();
        if (s == null || s.timerAt != timestamp) {
            return;
        }
        String[] key = ctx.getCurrentKey().split("/", -1);
        out.collect(record(key[0], Integer.parseInt(key[1]), s));
        s.lastEmittedAt = timestamp;
        s.timerAt = 0;
        state.update(s);
    }

    static SurfaceRecord record(String server, int surface, SurfaceState s) {
        return new SurfaceRecord(server, surface, new SurfaceUpdate(
                1, server, surface, s.name, s.kind, s.planet, s.chunks, s.minCx, s.minCy, s.maxCx, s.maxCy));
    }

    /** Key: {@code Keys.surface(server, surface)}. */
    public static final class BySurface implements KeySelector<SurfaceEvent, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(SurfaceEvent e) {
            return dev.kafkatorio.protocol.Keys.surface(e.server(), e.surface());
        }
    }
}
