package dev.kafkatorio.pipe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RateLimitedWarnTest {

    @Test
    void shouldLogOncePerIntervalWhateverTheNumberOfEvents() {
        RateLimitedWarn warn = new RateLimitedWarn(LoggerFactory.getLogger(RateLimitedWarnTest.class), "test events", 60_000);
        for (int i = 1; i <= 100_000; i++) {
            warn.event(i, "event " + i);
        }
        assertThat(warn.linesLogged()).isEqualTo(1);
        RateLimitedWarn every = RateLimitedWarn.info(LoggerFactory.getLogger(RateLimitedWarnTest.class), "test events", 0);
        for (int i = 1; i <= 3; i++) {
            every.event(i, "event " + i);
        }
        assertThat(every.linesLogged()).isEqualTo(3);
    }

    @Test
    void shouldTypeAResyncAtMostOncePerIntervalAndNeverForgetOne() {
        AtomicLong now = new AtomicLong(1_000_000_000L);
        ResyncThrottle t = new ResyncThrottle(10_000, now::get);
        assertThat(t.request()).isTrue();
        for (int i = 0; i < 1000; i++) {
            now.addAndGet(1_000_000); // 1 ms
            assertThat(t.request()).isFalse();
        }
        assertThat(t.due()).isFalse();
        now.addAndGet(9_000_000_000L); // 10 s after the first
        assertThat(t.due()).isTrue();
        assertThat(t.due()).isFalse(); // 1000 requests, typed once more
        assertThat(t.coalesced()).isEqualTo(999);
        now.addAndGet(1_000_000_000L);
        assertThat(t.request()).isFalse(); // 1 s after the last one
        now.addAndGet(9_000_000_000L);
        assertThat(t.due()).isTrue();
        now.addAndGet(20_000_000_000L);
        assertThat(t.due()).isFalse();
        assertThat(t.request()).isTrue(); // quiet for long enough: at once
    }

    @Test
    void shouldForwardALineWithoutEndInBoundedPieces() throws Exception {
        List<Integer> sizes = new ArrayList<>();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        long n = 50L * 1024 * 1024;
        WrappedServer.forward(Synthetic.concat(Synthetic.bytes("/c game.print(1)\n"), Synthetic.repeat((byte) 'x', n)), piece -> {
            sizes.add(piece.length);
            if (all.size() < 100) {
                all.writeBytes(piece);
            }
        });
        assertThat(sizes.get(0)).isEqualTo(17);
        assertThat(sizes).allSatisfy(s -> assertThat(s).isLessThanOrEqualTo(WrappedServer.MAX_FORWARD_BYTES));
        assertThat(sizes.stream().mapToLong(Integer::longValue).sum()).isEqualTo(n + 17);
        assertThat(all.toString()).startsWith("/c game.print(1)\nxxx");
    }
}
