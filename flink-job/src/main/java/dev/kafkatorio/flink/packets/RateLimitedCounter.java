package dev.kafkatorio.flink.packets;

/**
 * Decides when a repeated event may be logged again: at most once per interval, reporting how many
 * occurrences were suppressed meanwhile. Plain logic, not thread-safe (one per operator subtask).
 */
public final class RateLimitedCounter {

    private final long intervalMillis;
    private long nextAllowedAt = Long.MIN_VALUE;
    private long suppressed;

    public RateLimitedCounter(long intervalMillis) {
        this.intervalMillis = intervalMillis;
    }

    /**
     * Records one occurrence at {@code nowMillis}; returns the number of occurrences suppressed since
     * the last allowed one (≥ 0) if this one may be logged, or -1 if it must be suppressed.
     */
    public long tryAcquire(long nowMillis) {
        if (nowMillis >= nextAllowedAt) {
            long skipped = suppressed;
            suppressed = 0;
            nextAllowedAt = nowMillis + intervalMillis;
            return skipped;
        }
        suppressed++;
        return -1;
    }
}
