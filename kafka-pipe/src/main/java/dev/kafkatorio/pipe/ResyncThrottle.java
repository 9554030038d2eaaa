package dev.kafkatorio.pipe;

import java.util.function.LongSupplier;

/**
 * Limits how often kafka-pipe types {@code /kafkatorio-resync} into the server: at most once per
 * interval. A request inside the interval is remembered and typed when the interval ends, so no
 * resync is lost but a console that makes gap after gap (e.g. session flips while the spool is full)
 * cannot flood the server with resyncs, each of which makes the mod re-send its whole state.
 */
final class ResyncThrottle {

    static final long DEFAULT_INTERVAL_MS = 10_000;

    private final long intervalNanos;
    private final LongSupplier nanos;
    private boolean ever;
    private long lastNanos;
    private boolean pending;
    private long coalesced;

    ResyncThrottle(long intervalMillis, LongSupplier nanos) {
        this.intervalNanos = intervalMillis * 1_000_000L;
        this.nanos = nanos;
    }

    /** A resync is wanted: true if it is to be typed now, else it is remembered for {@link #due}. */
    synchronized boolean request() {
        long now = nanos.getAsLong();
        if (!ever || now - lastNanos >= intervalNanos) {
            ever = true;
            lastNanos = now;
            pending = false;
            return true;
        }
        if (pending) {
            coalesced++;
        }
        pending = true;
        return false;
    }

    /** True (once) if a remembered request is due now; it counts as typed. */
    synchronized boolean due() {
        if (pending && nanos.getAsLong() - lastNanos >= intervalNanos) {
            pending = false;
            lastNanos = nanos.getAsLong();
            return true;
        }
        return false;
    }

    /** Requests merged into another one (neither typed at once nor remembered separately). */
    synchronized long coalesced() {
        return coalesced;
    }
}
