package dev.kafkatorio.flink.packets;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RateLimitedCounterTest {

    @Test
    void shouldAllowOncePerIntervalAndCountSuppressed() {
        RateLimitedCounter limit = new RateLimitedCounter(1000);
        assertThat(limit.tryAcquire(0)).isZero();
        assertThat(limit.tryAcquire(10)).isEqualTo(-1);
        assertThat(limit.tryAcquire(999)).isEqualTo(-1);
        assertThat(limit.tryAcquire(1000)).isEqualTo(2);
        assertThat(limit.tryAcquire(1500)).isEqualTo(-1);
    }
}
