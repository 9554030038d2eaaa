package dev.kafkatorio.pipe;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/** Logs a WARN at most once per interval, with the count of events since the last one. */
final class RateLimitedWarn {
    private final Logger log;
    private final String what;
    private final long intervalNanos;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong nextNanos = new AtomicLong(Long.MIN_VALUE);

    RateLimitedWarn(Logger log, String what, long intervalMillis) {
        this.log = log;
        this.what = what;
        this.intervalNanos = intervalMillis * 1_000_000L;
    }

    void event(long total, String detail) {
        pending.incrementAndGet();
        long now = System.nanoTime();
        long next = nextNanos.get();
        if ((next == Long.MIN_VALUE || now - next >= 0) && nextNanos.compareAndSet(next, now + intervalNanos)) {
            long count = pending.getAndSet(0);
            log.warn("{}: {} since last report, {} in total; last: {}", what, count, total, detail);
        }
    }
}
