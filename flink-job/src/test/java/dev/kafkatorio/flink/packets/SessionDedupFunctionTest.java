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
        StateTtlConfig ttl = SessionDedupFunction.highestSeqDescriptor().getTtlConfig();
        assertThat(ttl.isEnabled()).isTrue();
        assertThat(ttl.getTimeToLive()).isEqualTo(SessionDedupFunction.STATE_TTL);
        assertThat(ttl.getTtlTimeCharacteristic()).isEqualTo(StateTtlConfig.TtlTimeCharacteristic.ProcessingTime);
        assertThat(ttl.getStateVisibility()).isEqualTo(StateTtlConfig.StateVisibility.NeverReturnExpired);
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
}
