package dev.kafkatorio.flink.packets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafkatorio.protocol.Heartbeat;
import java.util.List;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import dev.kafkatorio.flink.testing.LogCapture;

class SessionDedupFunctionTest {

    private SessionDedupFunction function;
    private KeyedOneInputStreamOperatorTestHarness<String, DecodedPacket, DecodedPacket> harness;

    @BeforeEach
    void setUp() throws Exception {
        function = new SessionDedupFunction();
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(function, new PacketKeys.BySession(), Types.STRING);
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    static DecodedPacket heartbeat(String server, String session, long seq) {
        return new DecodedPacket(server, session, seq, seq * 60, 1000 + seq, "heartbeat", null, null, new Heartbeat(1), "p/0/" + seq);
    }

    private List<Long> seqsOut() {
        return harness.extractOutputValues().stream().map(DecodedPacket::seq).toList();
    }

    @Test
    void shouldDropDuplicateSeqsOfASession() throws Exception {
        harness.processElement(heartbeat("s1", "A", 1), 0);
        harness.processElement(heartbeat("s1", "A", 2), 0);
        harness.processElement(heartbeat("s1", "A", 2), 0);
        harness.processElement(heartbeat("s1", "A", 1), 0);
        harness.processElement(heartbeat("s1", "A", 3), 0);

        assertThat(seqsOut()).containsExactly(1L, 2L, 3L);
        assertThat(function.duplicateCounter().getCount()).isEqualTo(2);
        assertThat(function.gapCounter().getCount()).isZero();
    }

    @Test
    void shouldCountGapsButPassThePacket() throws Exception {
        harness.processElement(heartbeat("s1", "A", 1), 0);
        harness.processElement(heartbeat("s1", "A", 5), 0);
        harness.processElement(heartbeat("s1", "A", 6), 0);

        assertThat(seqsOut()).containsExactly(1L, 5L, 6L);
        assertThat(function.gapCounter().getCount()).isEqualTo(1);
    }

    @Test
    void shouldAcceptReusedSeqsUnderANewSession() throws Exception {
        harness.processElement(heartbeat("s1", "A", 1), 0);
        harness.processElement(heartbeat("s1", "A", 2), 0);
        harness.processElement(heartbeat("s1", "B", 1), 0);
        harness.processElement(heartbeat("s1", "B", 2), 0);
        harness.processElement(heartbeat("s2", "A", 1), 0);

        assertThat(seqsOut()).containsExactly(1L, 2L, 1L, 2L, 1L);
        assertThat(function.duplicateCounter().getCount()).isZero();
        assertThat(harness.numKeyedStateEntries()).isEqualTo(3);
    }

    @Test
    void shouldConfigureAProcessingTimeTtlOnTheSeqState() {
        for (StateTtlConfig ttl : List.of(SessionDedupFunction.seenDescriptor().getTtlConfig(),
                SessionDedupFunction.highestSeqDescriptor().getTtlConfig())) {
            assertThat(ttl.isEnabled()).isTrue();
            assertThat(ttl.getTimeToLive()).isEqualTo(SessionDedupFunction.STATE_TTL);
            assertThat(ttl.getTtlTimeCharacteristic()).isEqualTo(StateTtlConfig.TtlTimeCharacteristic.ProcessingTime);
            assertThat(ttl.getStateVisibility()).isEqualTo(StateTtlConfig.StateVisibility.NeverReturnExpired);
        }
    }

    @Test
    void shouldForgetASessionAfterTheTtl() throws Exception {
        harness.setStateTtlProcessingTime(0);
        harness.processElement(heartbeat("s1", "A", 7), 0);
        harness.setStateTtlProcessingTime(SessionDedupFunction.STATE_TTL.toMillis() + 1);
        harness.processElement(heartbeat("s1", "A", 7), 0);

        // expired state is invisible: seq 7 is accepted again, as for a session seen for the first time
        assertThat(seqsOut()).containsExactly(7L, 7L);
        assertThat(function.duplicateCounter().getCount()).isZero();
    }

    // --- hostile seqs (the issue: "seq": 4611686018427387904 made the job drop the rest of the session) ---

    @Test
    void shouldNotDropTheRestOfASessionAfterAHugeSeq() throws Exception {
        for (long seq : new long[] {1, 2, 3, 4611686018427387904L, 4, 5, 6}) {
            harness.processElement(heartbeat("s1", "A", seq), 0);
        }
        assertThat(seqsOut()).containsExactly(1L, 2L, 3L, 4611686018427387904L, 4L, 5L, 6L);
        assertThat(function.duplicateCounter().getCount()).isZero();
        assertThat(function.seqJumpCounter().getCount()).isEqualTo(2); // there, and back
        assertThat(function.gapCounter().getCount()).isZero();
    }

    @Test
    void shouldNotDropWhatFollowsASmallForgedJump() throws Exception {
        // seq 10 arrives early (forged, or reordered): 4..9 are late, not duplicates; only a second 10 is one
        for (long seq : new long[] {1, 2, 3, 10, 4, 5, 6, 7, 8, 9, 10, 11, 11}) {
            harness.processElement(heartbeat("s1", "A", seq), 0);
        }
        assertThat(seqsOut()).containsExactly(1L, 2L, 3L, 10L, 4L, 5L, 6L, 7L, 8L, 9L, 11L);
        assertThat(function.duplicateCounter().getCount()).isEqualTo(2);
        assertThat(function.gapCounter().getCount()).isEqualTo(1);
        assertThat(function.seqJumpCounter().getCount()).isZero();
    }

    @Test
    void shouldStartANewRunOnAJumpBeyondTheBound() throws Exception {
        long j = SessionDedupFunction.MAX_SEQ_JUMP;
        for (long seq : new long[] {5, 5 + j, 5 + 2 * j + 1, 5 + 2 * j + 2, 5 + 2 * j + 1}) {
            harness.processElement(heartbeat("s1", "A", seq), 0);
        }
        // a jump of exactly the bound is a gap; beyond it, a new run; duplicates within the run still drop
        assertThat(seqsOut()).containsExactly(5L, 5 + j, 5 + 2 * j + 1, 5 + 2 * j + 2);
        assertThat(function.gapCounter().getCount()).isEqualTo(1);
        assertThat(function.seqJumpCounter().getCount()).isEqualTo(1);
        assertThat(function.duplicateCounter().getCount()).isEqualTo(1);
    }

    @Test
    void shouldAcceptASeqRestartFarBelowAsANewRun() throws Exception {
        long high = 3 * SessionDedupFunction.MAX_SEQ_JUMP;
        for (long seq : new long[] {high, high + 1, 1, 2, 2}) {
            harness.processElement(heartbeat("s1", "A", seq), 0);
        }
        assertThat(seqsOut()).containsExactly(high, high + 1, 1L, 2L);
        assertThat(function.seqJumpCounter().getCount()).isEqualTo(1);
    }

    @Test
    void shouldRateLimitTheGapWarning() throws Exception {
        // one bad run wrote 1,766 gap WARN lines
        try (LogCapture log = new LogCapture(SessionDedupFunction.class)) {
            for (int i = 0; i < 1766; i++) {
                harness.processElement(heartbeat("s1", "A", 2L * i + 1), 0);
            }
            assertThat(function.gapCounter().getCount()).isEqualTo(1765);
            assertThat(log.warnings()).hasSize(1).first().asString().startsWith("Gap in server s1 session A: seqs 2..2 missing");
        }
    }

    @Test
    void shouldRateLimitTheSeqJumpWarning() throws Exception {
        try (LogCapture log = new LogCapture(SessionDedupFunction.class)) {
            for (int i = 0; i < 1000; i++) {
                harness.processElement(heartbeat("s1", "A", i % 2 == 0 ? 1 : 1L << 50), 0);
            }
            assertThat(function.seqJumpCounter().getCount()).isEqualTo(999);
            assertThat(log.warnings()).hasSize(1);
        }
    }

    @Test
    void shouldMigrateTheHighestSeqOfEarlierVersions() throws Exception {
        harness.close();
        function = new SessionDedupFunction();
        var legacy = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new LegacyWriter(), new PacketKeys.BySession(), Types.STRING);
        legacy.processElement(heartbeat("s1", "A", 7), 0);
        var snapshot = legacy.snapshot(1, 1);
        legacy.close();
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new org.apache.flink.streaming.api.operators.KeyedProcessOperator<>(function), new PacketKeys.BySession(),
                Types.STRING);
        harness.initializeState(snapshot);
        harness.open();
        for (long seq : new long[] {6, 7, 8}) {
            harness.processElement(heartbeat("s1", "A", seq), 0);
        }
        assertThat(seqsOut()).containsExactly(8L);
        assertThat(function.duplicateCounter().getCount()).isEqualTo(2);
    }

    @Test
    void shouldKeepTheSeenRangesSmall() {
        long[] runs = {1, 1};
        for (long seq = 3; seq < 200; seq += 2) { // every other seq: a hole each time
            runs = SessionDedupFunction.insert(runs, seq);
        }
        assertThat(runs.length).isEqualTo(2 * SessionDedupFunction.MAX_RUNS);
        assertThat(runs[runs.length - 1]).isEqualTo(199);
        assertThat(SessionDedupFunction.insert(new long[] {1, 3, 5, 7}, 4)).containsExactly(1, 7);
        assertThat(SessionDedupFunction.insert(new long[] {5, 7}, 2)).containsExactly(2, 2, 5, 7);
        assertThat(SessionDedupFunction.insert(new long[] {1, 1}, 1 + SessionDedupFunction.MAX_SEQ_JUMP + 5))
                .containsExactly(1 + SessionDedupFunction.MAX_SEQ_JUMP + 5, 1 + SessionDedupFunction.MAX_SEQ_JUMP + 5);
    }

    /** Writes the state as versions before the seen ranges did: the highest seq only. */
    static final class LegacyWriter extends org.apache.flink.streaming.api.functions.KeyedProcessFunction<String, DecodedPacket, DecodedPacket> {
        @Override
        public void processElement(DecodedPacket p, Context ctx, org.apache.flink.util.Collector<DecodedPacket> out)
                throws Exception {
            getRuntimeContext().getState(SessionDedupFunction.highestSeqDescriptor()).update(p.seq());
        }
    }
}
