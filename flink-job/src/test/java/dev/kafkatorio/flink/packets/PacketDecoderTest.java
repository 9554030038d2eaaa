package dev.kafkatorio.flink.packets;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kafkatorio.flink.io.RawPacket;
import dev.kafkatorio.protocol.DeadLetter;
import dev.kafkatorio.protocol.Heartbeat;
import dev.kafkatorio.protocol.PlayerState;
import dev.kafkatorio.protocol.SessionStart;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import dev.kafkatorio.flink.testing.LogCapture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PacketDecoderTest {

    private PacketDecoder decoder;
    private OneInputStreamOperatorTestHarness<RawPacket, DecodedPacket> harness;

    @BeforeEach
    void setUp() throws Exception {
        decoder = new PacketDecoder();
        harness = new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(decoder));
        harness.open();
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    static Stream<GoldenLines.Line> validLines() {
        return GoldenLines.valid().stream();
    }

    static Stream<GoldenLines.Line> invalidLines() {
        return GoldenLines.invalid().stream();
    }

    private static RawPacket raw(String payload) {
        return new RawPacket("nauvis-1", "1700000000000.1", 1234L, payload, null, "packets/0/42");
    }

    private List<DeadLetter> deadLetters() {
        var queue = harness.getSideOutput(PacketDecoder.DEAD_LETTERS);
        return queue == null ? List.of() : queue.stream().map(StreamRecord::getValue).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validLines")
    void shouldDecodeEveryValidGoldenLine(GoldenLines.Line line) throws Exception {
        harness.processElement(raw(line.payload()), 0);

        List<DecodedPacket> out = harness.extractOutputValues();
        assertThat(out).hasSize(1);
        assertThat(deadLetters()).isEmpty();
        DecodedPacket p = out.get(0);
        JsonNode expected = line.packet();
        JsonNode data = expected.get("data");
        assertThat(p.server()).isEqualTo("nauvis-1");
        assertThat(p.session()).isEqualTo("1700000000000.1");
        assertThat(p.receivedAt()).isEqualTo(1234L);
        assertThat(p.source()).isEqualTo("packets/0/42");
        assertThat(p.type()).isEqualTo(expected.get("type").asText());
        assertThat(p.seq()).isEqualTo(expected.get("seq").asLong());
        assertThat(p.tick()).isEqualTo(expected.get("tick").asLong());
        switch (p.type()) {
            case "player" -> {
                assertThat(p.sessionStart()).isNull();
                assertThat(p.heartbeat()).isNull();
                assertThat(p.player())
                        .isEqualTo(
                                new PlayerState(
                                        data.get("index").asInt(),
                                        data.get("name").asText(),
                                        data.get("event").asText(),
                                        data.get("surface").asInt(),
                                        data.get("x").asDouble(),
                                        data.get("y").asDouble(),
                                        data.get("color").asText(),
                                        data.get("connected").asBoolean()));
            }
            case "session-start" -> {
                assertThat(p.player()).isNull();
                assertThat(p.sessionStart())
                        .isEqualTo(
                                new SessionStart(
                                        data.get("mod").asText(), data.get("game").asText(), data.get("reason").asText()));
            }
            case "heartbeat" -> {
                assertThat(p.player()).isNull();
                assertThat(p.heartbeat()).isEqualTo(new Heartbeat(data.get("online").asInt()));
            }
            case "surface" -> {
                assertThat(p.surface().index()).isEqualTo(data.get("index").asInt());
                assertThat(p.surface().name()).isEqualTo(data.get("name").asText());
                assertThat(p.surface().kind()).isEqualTo(data.get("kind").asText());
                assertThat(p.surface().event()).isEqualTo(data.get("event").asText());
            }
            case "prototypes" -> {
                int entityPrototypes = data.has("entities") ? data.get("entities").size() : 0;
                assertThat(p.prototypes().entities()).hasSize(entityPrototypes);
                assertThat(p.prototypes().tileNames()).hasSize(data.get("tiles").size());
                for (int i = 0; i < p.prototypes().tileNames().length; i++) {
                    assertThat(p.prototypes().tileColors()[i])
                            .isEqualTo(data.get("tiles").get(p.prototypes().tileNames()[i]).asText());
                }
            }
            case "chunk" -> {
                assertThat(p.chunk().cx()).isEqualTo(data.get("cx").asInt());
                assertThat(p.chunk().cy()).isEqualTo(data.get("cy").asInt());
                assertThat(p.chunk().palette()).hasSize(data.get("palette").size());
                assertThat(p.chunk().runs()).hasSize(data.get("runs").size());
            }
            case "chart" -> {
                assertThat(p.chart().cx()).isEqualTo(data.get("cx").asInt());
                assertThat(p.chart().data()).isEqualTo(data.get("data").asText());
            }
            case "tiles" -> {
                assertThat(p.tiles().surface()).isEqualTo(data.get("surface").asInt());
                assertThat(p.tiles().tiles()).hasSize(data.get("tiles").size());
            }
            case "chunks-deleted" -> assertThat(p.chunksDeleted().chunks()).hasSize(data.get("chunks").size());
            case "entities" -> {
                assertThat(p.entities().surface()).isEqualTo(data.get("surface").asInt());
                assertThat(p.entities().changes()).hasSize(data.get("changes").size());
                for (int i = 0; i < p.entities().changes().length; i++) {
                    assertThat(p.entities().changes()[i].event()).isEqualTo(data.get("changes").get(i).get("event").asText());
                    assertThat(p.entities().changes()[i].name()).isEqualTo(data.get("changes").get(i).get("name").asText());
                }
                assertThat(p.chunkEntities()).isNull();
                assertThat(p.tag()).isNull();
            }
            case "chunk-entities" -> {
                assertThat(p.chunkEntities().cx()).isEqualTo(data.get("cx").asInt());
                assertThat(p.chunkEntities().cy()).isEqualTo(data.get("cy").asInt());
                assertThat(p.chunkEntities().entities()).hasSize(data.get("entities").size());
                assertThat(p.entities()).isNull();
            }
            case "tag" -> {
                assertThat(p.tag().id()).isEqualTo(data.get("id").asLong());
                assertThat(p.tag().event()).isEqualTo(data.get("event").asText());
                assertThat(p.tag().text()).isEqualTo(data.get("text").asText());
            }
            default -> throw new AssertionError("unexpected type " + p.type());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidLines")
    void shouldDeadLetterEveryInvalidGoldenLineWithItsReason(GoldenLines.Line line) throws Exception {
        harness.processElement(raw(line.payload()), 0);

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(deadLetters())
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.reason()).contains(line.reason());
                            assertThat(d.payload()).isEqualTo(line.payload());
                            assertThat(d.source()).isEqualTo("packets/0/42");
                            assertThat(d.server()).isEqualTo("nauvis-1");
                            assertThat(d.session()).isEqualTo("1700000000000.1");
                            assertThat(d.receivedAt()).isEqualTo(1234L);
                        });
        assertThat(decoder.deadLetterCounter().getCount()).isEqualTo(1);
    }

    @Test
    void shouldDeadLetterFramingErrorsWithKafkaPipesReason() throws Exception {
        String payload = GoldenLines.valid().get(0).payload();
        harness.processElement(
                new RawPacket("nauvis-1", "1.1", 5L, payload, "parts 2 of 3 never arrived", "packets/1/7"), 0);

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(deadLetters()).singleElement().satisfies(d -> {
            assertThat(d.reason()).contains("parts 2 of 3 never arrived");
            assertThat(d.source()).isEqualTo("packets/1/7");
        });
    }

    @Test
    void shouldDeadLetterRecordsWithoutServerOrSessionHeaders() throws Exception {
        String payload = GoldenLines.valid().get(0).payload();
        harness.processElement(new RawPacket(null, "1.1", 5L, payload, null, "packets/0/1"), 0);
        harness.processElement(new RawPacket("nauvis-1", null, 5L, payload, null, "packets/0/2"), 0);
        harness.processElement(new RawPacket("a/b", "1.1", 5L, payload, null, "packets/0/3"), 0);
        harness.processElement(new RawPacket("nauvis-1", "1.1", 5L, "", null, "packets/0/4"), 0);

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(deadLetters())
                .extracting(DeadLetter::reason)
                .containsExactly(
                        "missing header kafkatorio.server",
                        "missing header kafkatorio.session",
                        "invalid server id 'a/b' in header kafkatorio.server",
                        "empty payload");
        assertThat(deadLetters()).first().satisfies(d -> assertThat(d.server()).isEmpty());
        assertThat(decoder.deadLetterCounter().getCount()).isEqualTo(4);
    }

    @Test
    void shouldCountKafkaPipeGapRecordsWithoutDeadLetteringThem() throws Exception {
        harness.processElement(new RawPacket("nauvis-1", "1.1", 5L, "", null, "packets/0/9", 17L), 0);
        harness.processElement(new RawPacket("nauvis-1", "1.1", 6L, "", null, "packets/0/10", -1L), 0);

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(deadLetters()).isEmpty();
        assertThat(decoder.deadLetterCounter().getCount()).isZero();
        assertThat(decoder.pipeGapCounter().getCount()).isEqualTo(2);
        assertThat(decoder.pipeGapPacketCounter().getCount()).isEqualTo(17);
    }

    @Test
    void shouldKeepDecodingAfterAPoisonPill() throws Exception {
        harness.processElement(raw(GoldenLines.invalid().get(0).payload()), 0);
        harness.processElement(raw(GoldenLines.valid().get(0).payload()), 0);

        assertThat(harness.extractOutputValues()).hasSize(1);
        assertThat(deadLetters()).hasSize(1);
    }

    // --- hostile input: bounded dead letters, rate-limited warnings ---

    @Test
    void shouldDeadLetterTwoHundredThousandControlBytesWithinTheRecordLimit() throws Exception {
        // KFKTR: + 200,000 bytes of 0x01 became a 1.2 MB dead letter the sink could not write (crash loop)
        String payload = "\u0001".repeat(200_000);
        harness.processElement(raw(payload), 0);

        DeadLetter d = deadLetters().get(0);
        assertThat(d.truncated()).isTrue();
        assertThat(d.payload()).hasSize(DeadLetter.MAX_EXCERPT_BYTES);
        assertThat(d.payloadBytes()).isEqualTo(200_000);
        assertThat(d.payloadSha256()).hasSize(64);
        assertThat(d.reason()).startsWith("not valid JSON");
        var record = new dev.kafkatorio.flink.io.JsonRecordSerializer<DeadLetter>("dead", x -> x.server())
                .serialize(d, null, null);
        assertThat(record).isNotNull();
        assertThat(record.value().length).isLessThanOrEqualTo(DeadLetter.MAX_JSON_BYTES).isLessThan(1 << 20);
    }

    @Test
    void shouldBoundDeadLettersOfHugeHeaders() throws Exception {
        String server = "x/".repeat(500_000);
        String session = "s".repeat(1_000_000);
        try (LogCapture log = new LogCapture(PacketDecoder.class)) {
            harness.processElement(new RawPacket(server, "1.1", 5L, "{}", null, "packets/0/1"), 0);
            harness.processElement(new RawPacket("nauvis-1", session, 5L, "{", "framing: " + session, "packets/0/2"), 0);
            assertThat(log.warnings()).hasSize(1).allSatisfy(w -> assertThat(w.length()).isLessThan(4000));
        }
        for (DeadLetter d : deadLetters()) {
            assertThat(dev.kafkatorio.protocol.TopicJson.write(d).length).isLessThanOrEqualTo(DeadLetter.MAX_JSON_BYTES);
        }
        assertThat(deadLetters().get(0).reason()).startsWith("invalid server id 'x/x/").endsWith("…");
    }

    @Test
    void shouldRateLimitTheDeadLetterAndGapWarnings() throws Exception {
        try (LogCapture log = new LogCapture(PacketDecoder.class)) {
            for (int i = 0; i < 500; i++) {
                harness.processElement(raw("{not json " + i), 0);
                harness.processElement(new RawPacket("nauvis-1", "1.1", 5L, "", null, "packets/0/" + i, 3L), 0);
            }
            assertThat(decoder.deadLetterCounter().getCount()).isEqualTo(500);
            assertThat(decoder.pipeGapCounter().getCount()).isEqualTo(500);
            assertThat(log.warnings()).hasSize(2); // one of each kind per 10 s
        }
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {
        "{\"v\":1,\"type\":\"entities\",\"tick\":1,\"seq\":1,\"data\":{\"surface\":1,\"changes\":[{\"event\":\"built\","
                + "\"unit\":1,\"name\":\"a\",\"type\":\"b\",\"x\":68719476720,\"y\":0}]}}",
        "{\"v\":1,\"type\":\"heartbeat\",\"tick\":1,\"seq\":4611686018427387904,\"data\":{\"online\":0}}",
        "{\"v\":1,\"type\":\"player\",\"tick\":1,\"seq\":1,\"data\":{\"index\":18446744073709551617,\"name\":\"a\","
                + "\"event\":\"moved\",\"surface\":1,\"x\":0,\"y\":0,\"color\":\"#000000\",\"connected\":true}}",
        "{\"v\":18446744073709551617,\"type\":\"heartbeat\",\"tick\":1,\"seq\":1,\"data\":{\"online\":0}}",
        "{\"v\":1,\"type\":\"heartbeat\",\"tick\":1e400,\"seq\":1,\"data\":{\"online\":0}}"})
    void shouldDeadLetterTheIssuesHostilePackets(String payload) throws Exception {
        harness.processElement(raw(payload), 0);
        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(deadLetters()).singleElement().satisfies(d -> assertThat(d.reason()).contains("out of range"));
    }
}
