package dev.kafkatorio.flink.servers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafkatorio.flink.packets.DecodedPacket;
import dev.kafkatorio.flink.packets.PacketKeys;
import dev.kafkatorio.protocol.Heartbeat;
import dev.kafkatorio.protocol.PlayerState;
import dev.kafkatorio.protocol.ServerStatus;
import dev.kafkatorio.protocol.SessionStart;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ServerStatusFunctionTest {

    private KeyedOneInputStreamOperatorTestHarness<String, DecodedPacket, ServerStatus> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                        new ServerStatusFunction(), new PacketKeys.ByServer(), Types.STRING);
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    static DecodedPacket sessionStart(String server, String session, long receivedAt) {
        return new DecodedPacket(
                server, session, 1, 0, receivedAt, "session-start", null, new SessionStart("0.1.0", "2.0.77", "load"), null, "p/0/1");
    }

    static DecodedPacket heartbeat(String server, String session, long seq, long tick, int online, long receivedAt) {
        return new DecodedPacket(server, session, seq, tick, receivedAt, "heartbeat", null, null, new Heartbeat(online), "p/0/" + seq);
    }

    static DecodedPacket player(String server, String session, long seq, long tick, long receivedAt) {
        PlayerState p = new PlayerState(1, "alice", "moved", 1, 1, 2, "#ff8000", true);
        return new DecodedPacket(server, session, seq, tick, receivedAt, "player", p, null, null, "p/0/" + seq);
    }

    @Test
    void shouldEmitAtOnceOnSessionStart() throws Exception {
        harness.setProcessingTime(1_000);
        harness.processElement(sessionStart("s1", "A", 900), 0);

        assertThat(harness.extractOutputValues())
                .containsExactly(new ServerStatus(1, "s1", "A", 0, 900, 0, "0.1.0", "2.0.77"));
        assertThat(harness.numProcessingTimeTimers()).isZero();
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
    }

    @Test
    void shouldThrottleToOneEmissionPerSecondWithTheLatestStatus() throws Exception {
        harness.setProcessingTime(1_000);
        harness.processElement(sessionStart("s1", "A", 900), 0);
        harness.setProcessingTime(1_100);
        harness.processElement(heartbeat("s1", "A", 2, 600, 2, 1_050), 0);
        harness.setProcessingTime(1_500);
        harness.processElement(player("s1", "A", 3, 660, 1_450), 0);

        // changes inside the second wait for one timer at the end of the interval
        assertThat(harness.extractOutputValues()).hasSize(1);
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(1);

        harness.setProcessingTime(2_000);
        assertThat(harness.extractOutputValues())
                .hasSize(2)
                .last()
                .isEqualTo(new ServerStatus(1, "s1", "A", 660, 1_450, 2, "0.1.0", "2.0.77"));
        assertThat(harness.numProcessingTimeTimers()).isZero();

        // the first change after a quiet second goes out at once
        harness.setProcessingTime(3_500);
        harness.processElement(heartbeat("s1", "A", 4, 720, 3, 3_400), 0);
        assertThat(harness.extractOutputValues()).hasSize(3).last().extracting(ServerStatus::online).isEqualTo(3);
        assertThat(harness.numProcessingTimeTimers()).isZero();
    }

    @Test
    void shouldEmitANewSessionAtOnceAndDropThePendingTimer() throws Exception {
        harness.setProcessingTime(1_000);
        harness.processElement(heartbeat("s1", "A", 5, 600, 1, 990), 0);
        harness.setProcessingTime(1_200);
        harness.processElement(heartbeat("s1", "A", 6, 660, 1, 1_190), 0);
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(1);

        harness.setProcessingTime(1_300);
        harness.processElement(sessionStart("s1", "B", 1_290), 0);

        assertThat(harness.extractOutputValues())
                .extracting(ServerStatus::session)
                .containsExactly("A", "B");
        assertThat(harness.numProcessingTimeTimers()).isZero();
        harness.setProcessingTime(5_000);
        assertThat(harness.extractOutputValues()).hasSize(2);
    }

    @Test
    void shouldKeepLastPacketAtMonotonicAndOneStateEntryPerServer() throws Exception {
        harness.setProcessingTime(1_000);
        harness.processElement(heartbeat("s1", "A", 1, 60, 1, 5_000), 0);
        harness.processElement(heartbeat("s2", "X", 1, 60, 1, 5_000), 0);
        harness.setProcessingTime(3_000);
        harness.processElement(heartbeat("s1", "A", 2, 120, 4, 4_000), 0);

        assertThat(harness.extractOutputValues()).hasSize(3).last().satisfies(s -> {
            assertThat(s.lastPacketAt()).isEqualTo(5_000);
            assertThat(s.tick()).isEqualTo(120);
            assertThat(s.online()).isEqualTo(4);
            assertThat(s.modVersion()).isEmpty();
        });
        assertThat(harness.numKeyedStateEntries()).isEqualTo(2);
    }

    @Test
    void shouldConfigureAProcessingTimeTtl() {
        StateTtlConfig ttl = ServerStatusFunction.stateDescriptor().getTtlConfig();
        assertThat(ttl.isEnabled()).isTrue();
        assertThat(ttl.getTimeToLive()).isEqualTo(ServerStatusFunction.STATE_TTL);
        assertThat(ttl.getTtlTimeCharacteristic()).isEqualTo(StateTtlConfig.TtlTimeCharacteristic.ProcessingTime);
    }
}
