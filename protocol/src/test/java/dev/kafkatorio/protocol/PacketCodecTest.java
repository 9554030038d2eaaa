package dev.kafkatorio.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PacketCodecTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<PacketType> OLD_TYPES = Set.of(PacketType.SESSION_START, PacketType.PLAYER, PacketType.HEARTBEAT);
    private static final JsonSchema SCHEMA = loadSchema();

    static List<GoldenLines.Valid> valid() {
        return GoldenLines.valid();
    }

    static List<GoldenLines.Invalid> invalid() {
        return GoldenLines.invalid();
    }

    static List<String> ordinary() {
        return GoldenLines.ordinary();
    }

    @ParameterizedTest
    @MethodSource("valid")
    void shouldDecodeGoldenLineToItsPacket(GoldenLines.Valid golden) throws Exception {
        assertThat(ConsoleFraming.isPacketLine(golden.line())).isTrue();
        Packet packet = PacketCodec.decode(ConsoleFraming.wholePayload(golden.line()));

        JsonNode expected = golden.packet();
        assertThat(packet.type().wireName()).isEqualTo(expected.get("type").asText());
        assertThat(packet.tick()).isEqualTo(expected.get("tick").asLong());
        assertThat(packet.seq()).isEqualTo(expected.get("seq").asLong());
        // re-encoding keeps every known field of the golden packet
        JsonNode reencoded = MAPPER.readTree(PacketCodec.encode(packet));
        if (OLD_TYPES.contains(packet.type())) {
            assertThat(reencoded).isEqualTo(knownFieldsOf(expected));
        } else {
            // newer types: every field the golden packet has (but informational ones) survives re-encoding
            expected.get("data").fields().forEachRemaining(e -> {
                if (!e.getKey().equals("force") && !(e.getValue().isObject() && e.getValue().isEmpty())) {
                    assertThat(reencoded.get("data").has(e.getKey())).as(e.getKey()).isTrue();
                }
            });
        }
    }

    @ParameterizedTest
    @MethodSource("valid")
    void shouldRoundTripEncodeDecode(GoldenLines.Valid golden) throws Exception {
        Packet packet = PacketCodec.decode(ConsoleFraming.wholePayload(golden.line()));
        assertThat(PacketCodec.decode(PacketCodec.encode(packet))).usingRecursiveComparison().isEqualTo(packet);
    }

    @ParameterizedTest
    @MethodSource("valid")
    void shouldValidateGoldenLineAgainstSchema(GoldenLines.Valid golden) throws Exception {
        Set<ValidationMessage> errors = SCHEMA.validate(MAPPER.readTree(ConsoleFraming.wholePayload(golden.line())));
        assertThat(errors).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void shouldRejectInvalidLineWithReason(GoldenLines.Invalid golden) {
        assertThat(ConsoleFraming.isPacketLine(golden.line())).isTrue();
        assertThatThrownBy(() -> PacketCodec.decode(ConsoleFraming.wholePayload(golden.line())))
                .isInstanceOf(PacketDecodeException.class)
                .hasMessageContaining(golden.reason());
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void schemaShouldAgreeThatInvalidLineIsInvalid(GoldenLines.Invalid golden) {
        String payload = ConsoleFraming.wholePayload(golden.line());
        boolean parsable;
        JsonNode node = null;
        try {
            node = MAPPER.readTree(payload);
            parsable = true;
        } catch (Exception e) {
            parsable = false;
        }
        if (parsable) {
            assertThat(SCHEMA.validate(node).isEmpty()).as("schema accepts it").isEqualTo(golden.semanticOnly());
        }
    }

    @ParameterizedTest
    @MethodSource("ordinary")
    void shouldNotTakeOrdinaryServerLineForPacket(String line) {
        assertThat(ConsoleFraming.isPacketLine(line)).isFalse();
    }

    @Test
    void shouldAcceptIntegralNumbersWrittenAsDoubles() throws Exception {
        Packet p = PacketCodec.decode("{\"v\":1,\"type\":\"heartbeat\",\"tick\":60.0,\"seq\":2.0,\"data\":{\"online\":1}}");
        assertThat(p.tick()).isEqualTo(60);
        assertThat(p.seq()).isEqualTo(2);
    }

    @Test
    void shouldDecodeChunkTerrainRunsAndOres() throws Exception {
        Packet p = PacketCodec.decode(ConsoleFraming.wholePayload(GoldenLines.valid().stream()
                .filter(v -> v.name().equals("chunk terrain with ore")).findFirst().orElseThrow().line()));
        ChunkTerrain c = (ChunkTerrain) p.payload();
        assertThat(c.cx()).isEqualTo(-1);
        assertThat(c.cy()).isEqualTo(2);
        assertThat(c.palette()).containsExactly("grass-1", "water");
        assertThat(c.runs()).containsExactly(0, 1000, 1, 24);
        assertThat(c.orePalette()).containsExactly("iron-ore");
        assertThat(c.ores()).containsExactly(0, 4, 7, 1200, 0, 5, 7, 900);
    }

    @Test
    void shouldSortPrototypeColoursByName() throws Exception {
        Packet p = PacketCodec.decode("{\"v\":1,\"type\":\"prototypes\",\"tick\":1,\"seq\":1,\"data\":{\"tiles\":"
                + "{\"water\":\"#335d7f\",\"grass-1\":\"#374a0f\"}}}");
        Prototypes pr = (Prototypes) p.payload();
        assertThat(pr.tileNames()).containsExactly("grass-1", "water");
        assertThat(pr.tileColors()).containsExactly("#374a0f", "#335d7f");
        assertThat(pr.resourceNames()).isEmpty();
    }

    @Test
    void shouldRejectMissingData() {
        assertThatThrownBy(() -> PacketCodec.decode("{\"v\":1,\"type\":\"heartbeat\",\"tick\":1,\"seq\":1}"))
                .hasMessageContaining("missing object field 'data'");
    }

    private static ObjectNode knownFieldsOf(JsonNode packet) {
        ObjectNode out = MAPPER.createObjectNode();
        for (String f : List.of("v", "type", "tick", "seq")) {
            out.set(f, packet.get(f));
        }
        ObjectNode data = out.putObject("data");
        Set<String> known = Set.of("mod", "game", "reason", "online", "index", "name", "event", "surface", "x", "y", "color", "connected");
        packet.get("data").fields().forEachRemaining(e -> {
            if (known.contains(e.getKey())) {
                JsonNode v = e.getValue();
                // positions are doubles after decoding
                if ((e.getKey().equals("x") || e.getKey().equals("y")) && v.isIntegralNumber()) {
                    v = MAPPER.getNodeFactory().numberNode(v.doubleValue());
                }
                data.set(e.getKey(), v);
            }
        });
        return out;
    }

    private static JsonSchema loadSchema() {
        try (InputStream in = PacketCodecTest.class.getResourceAsStream("/kafkatorio/protocol/packet.schema.json")) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
