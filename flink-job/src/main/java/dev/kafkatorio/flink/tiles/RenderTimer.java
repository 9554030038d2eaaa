package dev.kafkatorio.flink.tiles;

import java.io.IOException;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimerService;

/**
 * The render-coalescing timer every map operator shares: the first change of a key registers one
 * processing-time timer {@link #COALESCE_MS} later (remembered in keyed state {@code render-at}), later
 * changes before it fires add nothing, so a burst renders once. Processing time, never game time: a
 * paused headless server runs no ticks. The state ends when the timer fires or is cancelled.
 */
public final class RenderTimer {

    /** How long after the first change a key renders. */
    public static final long COALESCE_MS = 100;

    private final ValueState<Long> renderAt;

    public RenderTimer(ValueState<Long> renderAt) {
        this.renderAt = renderAt;
    }

    /** The keyed state holding the pending timer's time; its name is part of savepoints. */
    public static ValueStateDescriptor<Long> descriptor() {
        return new ValueStateDescriptor<>("render-at", Types.LONG);
    }

    /** Registers the render timer for the current key unless one is pending. */
    public void schedule(TimerService timers) throws IOException {
        if (renderAt.value() == null) {
            long at = timers.currentProcessingTime() + COALESCE_MS;
            timers.registerProcessingTimeTimer(at);
            renderAt.update(at);
        }
    }

    /** Deletes the current key's pending render timer, if any. */
    public void cancel(TimerService timers) throws IOException {
        Long at = renderAt.value();
        if (at != null) {
            timers.deleteProcessingTimeTimer(at);
            renderAt.clear();
        }
    }

    /** Whether a render is pending for the current key. */
    public boolean pending() throws IOException {
        return renderAt.value() != null;
    }

    /** Marks the current key's timer as fired. */
    public void fired() {
        renderAt.clear();
    }
}
