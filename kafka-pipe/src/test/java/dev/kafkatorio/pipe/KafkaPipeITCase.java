package dev.kafkatorio.pipe;

import static dev.kafkatorio.pipe.PipeITSupport.header;
import static dev.kafkatorio.pipe.PipeITSupport.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kafkatorio.kafka.EmbeddedKafkaBroker;
import dev.kafkatorio.protocol.ConsoleFraming;
import dev.kafkatorio.protocol.KafkaHeaders;
import dev.kafkatorio.protocol.Topics;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class KafkaPipeITCase {

    static final String BANNER = "   0.000 2026-11-27 09:00:00; Factorio 2.0.77 (build 83721, linux64, headless)";
    static EmbeddedKafkaBroker kafka;

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafkaBroker.start();
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    @Test
    void shouldShipPacketsInOrderWithSessionsAndPassEverythingElseThrough() throws Exception {
        String prefix = "it1.";
        String topic = Topics.prefixed(prefix, Topics.PACKETS);
        kafka.createTopic(topic, 1, false);

        String big = "{\"v\":1,\"type\":\"player\",\"tick\":70,\"seq\":3,\"data\":{\"name\":\"" + "ü".repeat(3000) + "\"}}";
        List<String> parts = ConsoleFraming.frame(3, big);
        assertThat(parts).hasSizeGreaterThan(1);

        ByteArrayOutputStream console = new ByteArrayOutputStream();
        ByteArrayOutputStream expectedPassthrough = new ByteArrayOutputStream();
        List<String> expectedValues = new ArrayList<>();
        List<Integer> expectedSessions = new ArrayList<>();
        class Console {
            void ordinary(String line) {
                console.writeBytes(line.getBytes(StandardCharsets.UTF_8));
                expectedPassthrough.writeBytes(line.getBytes(StandardCharsets.UTF_8));
            }

            void packet(String line, int session) {
                console.writeBytes((line + "\n").getBytes(StandardCharsets.UTF_8));
                expectedValues.add(ConsoleFraming.wholePayload(line));
                expectedSessions.add(session);
            }
        }
        Console c = new Console();
        c.ordinary(BANNER + "\n");
        for (String line : Golden.lines("ordinary")) {
            c.ordinary(line + "\n");
        }
        c.packet(PacketFramerTest.sessionStart(1), 1);
        c.packet(PacketFramerTest.heartbeat(2), 1);
        c.ordinary("2026-11-27 09:00:09 [CHAT] alice: KFKTR:{\"v\":1}\r\n");
        console.writeBytes((parts.get(0) + "\n").getBytes(StandardCharsets.UTF_8));
        c.ordinary("  12.000 Info between the parts\n");
        for (String part : parts.subList(1, parts.size())) {
            console.writeBytes((part + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        expectedValues.add(big);
        expectedSessions.add(1);
        c.packet(PacketFramerTest.heartbeat(4), 1);
        c.ordinary("\n");
        c.packet(PacketFramerTest.sessionStart(1), 2); // the mod loaded a save: new session
        c.packet(PacketFramerTest.heartbeat(2), 2);
        c.ordinary(BANNER + "\n"); // the server restarted: new session
        c.packet(PacketFramerTest.sessionStart(1), 3); // first packet of it: no extra session
        c.packet(PacketFramerTest.heartbeat(2), 3);
        console.writeBytes(new byte[] {'b', 'a', 'd', ' ', (byte) 0xfe, '\n'});
        expectedPassthrough.writeBytes(new byte[] {'b', 'a', 'd', ' ', (byte) 0xfe, '\n'});
        c.ordinary("last line without newline");

        PipeConfig config = PipeConfig.builder()
                .bootstrapServers(kafka.bootstrapServers())
                .serverId("it-server")
                .topicPrefix(prefix)
                .build();
        ByteArrayOutputStream passthrough = new ByteArrayOutputStream();
        PipeStats stats;
        try (KafkaPipe pipe = KafkaPipe.start(config)) {
            pipe.pump(new ByteArrayInputStream(console.toByteArray()), passthrough);
            pipe.close();
            stats = pipe.stats();
        }

        assertThat(passthrough.toByteArray()).isEqualTo(expectedPassthrough.toByteArray());

        List<ConsumerRecord<byte[], byte[]>> records = PipeITSupport.consume(kafka, topic, expectedValues.size());
        assertThat(records).extracting(r -> text(r.value())).containsExactlyElementsOf(expectedValues);
        assertThat(records).allSatisfy(r -> {
            assertThat(text(r.key())).isEqualTo("it-server");
            assertThat(header(r, KafkaHeaders.SERVER)).isEqualTo("it-server");
            assertThat(header(r, KafkaHeaders.FRAMING_ERROR)).isNull();
            assertThat(Long.parseLong(header(r, KafkaHeaders.RECEIVED_AT))).isEqualTo(r.timestamp());
        });
        String pipeStart = header(records.get(0), KafkaHeaders.SESSION).split("\\.")[0];
        assertThat(records).extracting(r -> header(r, KafkaHeaders.SESSION))
                .containsExactlyElementsOf(expectedSessions.stream().map(n -> pipeStart + "." + n).toList());

        assertThat(stats.packetsSent()).isEqualTo(expectedValues.size());
        assertThat(stats.packetsQueued()).isEqualTo(expectedValues.size());
        assertThat(stats.packetLines()).isEqualTo(expectedValues.size() - 1 + parts.size());
        assertThat(stats.sessionsStarted()).isEqualTo(3);
        assertThat(stats.sendErrors()).isZero();
        assertThat(stats.packetsDropped()).isZero();
    }
}
