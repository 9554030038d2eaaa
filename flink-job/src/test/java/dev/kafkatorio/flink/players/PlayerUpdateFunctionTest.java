package dev.kafkatorio.flink.players;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafkatorio.flink.packets.DecodedPacket;
import dev.kafkatorio.flink.packets.PacketKeys;
import dev.kafkatorio.protocol.PlayerState;
import dev.kafkatorio.protocol.PlayerUpdate;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PlayerUpdateFunctionTest {

    private KeyedOneInputStreamOperatorTestHarness<String, DecodedPacket, PlayerUpdate> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                        new PlayerUpdateFunction(), new PacketKeys.ByPlayer(), Types.STRING);
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    static DecodedPacket player(String server, long seq, int index, String event, double x) {
        PlayerState state = new PlayerState(index, "p" + index, event, 1, x, -x, "#ff8000", !event.equals("left"));
        return new DecodedPacket(server, "S", seq, seq * 10, 500 + seq, "player", state, null, null, "p/0/" + seq);
    }

    @Test
    void shouldEmitAPlayerUpdatePerPacket() throws Exception {
        harness.processElement(player("s1", 2, 1, "joined", 0.5), 0);

        assertThat(harness.extractOutputValues())
                .containsExactly(
                        new PlayerUpdate(1, "s1", "S", 2, 20, 1, "p1", "joined", 1, 0.5, -0.5, "#ff8000", true, 502));
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
    }

    @Test
    void shouldKeepOneStateEntryPerPlayerAndClearItOnRemoved() throws Exception {
        harness.processElement(player("s1", 1, 1, "joined", 0), 0);
        harness.processElement(player("s1", 2, 1, "moved", 3), 0);
        harness.processElement(player("s1", 3, 2, "joined", 0), 0);
        harness.processElement(player("s2", 1, 1, "joined", 0), 0);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(3);

        harness.processElement(player("s1", 4, 1, "removed", 3), 0);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(2);
        assertThat(harness.extractOutputValues()).hasSize(5).last().extracting(PlayerUpdate::event).isEqualTo("removed");

        harness.processElement(player("s1", 5, 2, "removed", 0), 0);
        harness.processElement(player("s2", 2, 1, "removed", 0), 0);
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void shouldConfigureABackstopTtl() {
        StateTtlConfig ttl = PlayerUpdateFunction.lastUpdateDescriptor().getTtlConfig();
        assertThat(ttl.isEnabled()).isTrue();
        assertThat(ttl.getTimeToLive()).isEqualTo(PlayerUpdateFunction.STATE_TTL);
        assertThat(ttl.getTtlTimeCharacteristic()).isEqualTo(StateTtlConfig.TtlTimeCharacteristic.ProcessingTime);
    }
}
