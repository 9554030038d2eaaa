package dev.kafkatorio.pipe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** Ordinary headless-server console lines mixed with packets: no false packets, every line byte for byte. */
class HeadlessConsoleTest {

    static final String ORDINARY = String.join("\n",
            "   0.000 2026-11-27 09:00:00; Factorio 2.0.77 (build 83721, linux64, headless, space-age)",
            "   0.000 Operating system: Linux (Debian 12)",
            "   0.952 Info PlayerData.cpp:67: Local player-data.json unavailable",
            "   2.247 Info ServerMultiplayerManager.cpp:807: updateTick(432000) changing state from(CreatingGame) to(InGame)",
            "   7.266 Info GameActionHandler.cpp:5237: MapTick(432300) processed PlayerJoinGame peerID(1) playerIndex(0) mode(connect)",
            "2026-11-27 09:00:07 [JOIN] alice joined the game",
            "2026-11-27 09:00:29 [CHAT] bob: KFKTR:{\"v\":1,\"type\":\"session-start\"} haha",
            "2026-11-27 09:00:30 [CHAT] bob: look KFKTR+1/1/2:{",
            " 122.250 Info AppManagerStates.cpp:2156: Saving game as /opt/factorio/saves/_autosave1.zip",
            " 122.662 Info AppManagerStates.cpp:2176: Saving finished",
            "2026-11-27 09:02:42 [LEAVE] dana left the game",
            " 164.252 Info ServerMultiplayerManager.cpp:1200: Received peer disconnect for peer(4) reason(Quit)",
            " KFKTR:{\"indented\":true}",
            "kfktr:{\"lower\":true}",
            "KFKTR",
            "KFKT",
            "",
            "\tError ServerMultiplayerManager.cpp:123: tab-led\r",
            "2026-11-27 09:03:00 [COMMAND] admin (command): /kafkatorio-resync",
            " 200.000 Quitting: remote-quit.",
            "Goodbye") + "\n";

    @Test
    void shouldPassEveryOrdinaryLineThroughAndShipOnlyMarkedLines() throws Exception {
        MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        StringBuilder input = new StringBuilder();
        String[] lines = ORDINARY.split("\n", -1);
        int packets = 0;
        for (int i = 0; i < lines.length - 1; i++) {
            input.append(lines[i]).append('\n');
            input.append(PacketFramerTest.heartbeat(i + 1)).append('\n');
            packets++;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (KafkaPipe pipe = KafkaPipe.start(PipeConfigTest.valid().build(), producer, () -> 1L)) {
            pipe.pump(new ByteArrayInputStream(input.toString().getBytes(StandardCharsets.UTF_8)), out);
        }
        assertThat(out.toByteArray()).isEqualTo(ORDINARY.getBytes(StandardCharsets.UTF_8));
        assertThat(producer.history()).hasSize(packets);
        assertThat(producer.history()).allSatisfy(r -> assertThat(new String(r.value(), StandardCharsets.UTF_8)).contains("heartbeat"));
    }
}
