package dev.kafkatorio.pipe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpoolSinkTest {

    final PipeCounters counters = new PipeCounters();
    final MemorySpool spool = new MemorySpool(3);
    final SpoolSink sink = new SpoolSink(spool, counters);
    final List<Long> resyncs = new ArrayList<>();

    {
        sink.onGap(resyncs::add);
    }

    static OutboundPacket p(String session, int i) {
        return new OutboundPacket(session, i, new byte[] {(byte) i}, null);
    }

    List<OutboundPacket> drain() throws InterruptedException {
        List<OutboundPacket> out = new ArrayList<>();
        Spool.Spooled s;
        while ((s = spool.next(10)) != null) {
            out.add(s.packet());
            spool.acked(s.index());
        }
        return out;
    }

    @Test
    void shouldWriteAGapRecordBeforeTheFirstPacketThatFitsAgainAndAskForAResync() throws Exception {
        assertThat(sink.offer(p("s1", 1))).isTrue();
        assertThat(sink.offer(p("s1", 2))).isTrue();
        assertThat(sink.offer(p("s1", 3))).isTrue();
        assertThat(sink.offer(p("s1", 4))).isFalse();
        assertThat(sink.offer(p("s1", 5))).isFalse();
        assertThat(resyncs).isEmpty();
        drain();
        assertThat(sink.offer(p("s1", 6))).isTrue();
        List<OutboundPacket> out = drain();
        assertThat(out).hasSize(2);
        assertThat(out.get(0).isGap()).isTrue();
        assertThat(out.get(0).gap()).isEqualTo(2);
        assertThat(out.get(0).session()).isEqualTo("s1");
        assertThat(out.get(1).value()).containsExactly(6);
        assertThat(resyncs).containsExactly(2L);
        assertThat(counters.gaps.get()).isEqualTo(1);
    }

    @Test
    void shouldReportTheGapInItsOwnSessionWhenTheSessionChanges() throws Exception {
        for (int i = 1; i <= 4; i++) {
            sink.offer(p("s1", i));
        }
        // still full, but the session changed: the gap of s1 is forced in, the packet of s2 is dropped
        assertThat(sink.offer(p("s2", 5))).isFalse();
        List<OutboundPacket> out = drain();
        assertThat(out).hasSize(4);
        assertThat(out.get(3).isGap()).isTrue();
        assertThat(out.get(3).session()).isEqualTo("s1");
        assertThat(out.get(3).gap()).isEqualTo(1);
        sink.flushGap();
        List<OutboundPacket> more = drain();
        assertThat(more).singleElement().satisfies(g -> {
            assertThat(g.session()).isEqualTo("s2");
            assertThat(g.gap()).isEqualTo(1);
        });
    }
}
