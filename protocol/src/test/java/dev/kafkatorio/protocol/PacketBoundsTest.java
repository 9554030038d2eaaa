package dev.kafkatorio.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The bounds of {@link PacketCodec}: every hostile example of the issue, and the edges of each limit. */
class PacketBoundsTest {

    static String envelope(String type, String data) {
        return envelope("1", type, "1", "1", data);
    }

    static String envelope(String v, String type, String tick, String seq, String data) {
        return "{\"v\":" + v + ",\"type\":\"" + type + "\",\"tick\":" + tick + ",\"seq\":" + seq + ",\"data\":" + data + "}";
    }

    static String heartbeat(String tick, String seq) {
        return envelope("1", "heartbeat", tick, seq, "{\"online\":0}");
    }

    static String player(String index, String x) {
        return envelope("player", "{\"index\":" + index + ",\"name\":\"a\",\"event\":\"moved\",\"surface\":1,\"x\":" + x
                + ",\"y\":0,\"color\":\"#000000\",\"connected\":true}");
    }

    static String built(String x, String extra) {
        return envelope("entities", "{\"surface\":1,\"changes\":[{\"event\":\"built\",\"unit\":1,\"name\":\"a\",\"type\":\"b\","
                + "\"x\":" + x + ",\"y\":0" + extra + "}]}");
    }

    private static void assertRejected(String json, String reason) {
        assertThatThrownBy(() -> PacketCodec.decode(json))
                .isInstanceOf(PacketDecodeException.class)
                .hasMessageContaining(reason);
    }

    // --- the hostile examples ---

    @Test
    void shouldRejectAnEntityAtChunkTwoToTheThirtyOneMinusOne() {
        // x = 68719476720 is chunk 2^31 - 1: EntityFootprints.chunks looped until the heap was gone
        assertRejected(built("68719476720", ""), "change 0: field 'x' out of range");
    }

    @Test
    void shouldRejectASeqBeyondWhatTheModCanCount() {
        assertRejected(heartbeat("1", "4611686018427387904"), "field 'seq' out of range");
    }

    @Test
    void shouldNotWrapAPlayerIndexBeyondTwoToTheSixtyFour() {
        // 2^64 + 1 was read as long 1 and overwrote player 1
        assertRejected(player("18446744073709551617", "0"), "field 'index' out of range: 18446744073709551617");
    }

    @Test
    void shouldNotWrapAVersionBeyondTwoToTheSixtyFour() {
        assertRejected(envelope("18446744073709551617", "heartbeat", "1", "1", "{\"online\":0}"), "field 'v' out of range");
    }

    @Test
    void shouldNotSaturateATickOfOneEFourHundred() {
        // 1e400 became Long.MAX_VALUE
        assertRejected(heartbeat("1e400", "1"), "field 'tick' out of range");
    }

    // --- integers: exact or rejected ---

    @ParameterizedTest
    @ValueSource(strings = {"1.5", "0.1", "1e-1", "3.0000000000000001", "2.5"})
    void shouldRejectNonIntegralNumbersWhereAnIntegerIsExpected(String seq) {
        assertRejected(heartbeat("1", seq), "field 'seq' must be an integer");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "9007199254740992", "1e16", "9223372036854775808", "-9223372036854775809", "1e999999999"})
    void shouldRejectIntegersOutsideTheFieldsRange(String seq) {
        assertRejected(heartbeat("1", seq), "field 'seq' out of range");
    }

    @Test
    void shouldAcceptIntegralDecimalAndExponentForms() throws Exception {
        assertThat(PacketCodec.decode(heartbeat("1.2e1", "120e-1")).tick()).isEqualTo(12);
        assertThat(PacketCodec.decode(heartbeat("1.2e1", "120e-1")).seq()).isEqualTo(12);
        assertThat(PacketCodec.decode(heartbeat("-0.0", "0")).tick()).isZero();
        assertThat(PacketCodec.decode(heartbeat("9007199254740991", "9007199254740991.0")).seq())
                .isEqualTo(PacketCodec.MAX_SAFE_INTEGER);
    }

    @Test
    void shouldRejectIntegersOutOfTheirJavaTypeInsteadOfCasting() {
        // dir and player were cast from long to int: 2^32 + 4 became direction 4
        assertRejected(built("0", ",\"dir\":4294967300"), "field 'dir' out of range");
        assertRejected(built("0", ",\"dir\":16"), "field 'dir' out of range");
        assertRejected(built("0", ",\"player\":4294967297"), "field 'player' out of range");
        assertRejected(built("0", ",\"unit\":-5"), "field 'unit' out of range");
        assertRejected(envelope("heartbeat", "{\"online\":2147483648}"), "field 'online' out of range");
    }

    // --- positions ---

    @Test
    void shouldAcceptPositionsUpToTheMapEdge() throws Exception {
        assertThat(((PlayerState) PacketCodec.decode(player("1", "1000000")).payload()).x()).isEqualTo(1_000_000);
        assertThat(((PlayerState) PacketCodec.decode(player("1", "-1e6")).payload()).x()).isEqualTo(-1_000_000);
        assertThat(((PlayerState) PacketCodec.decode(player("1", "12.5")).payload()).x()).isEqualTo(12.5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1000000.5", "-1000001", "1e400", "-1e400", "1e7", "123456789012345678901234567890"})
    void shouldRejectPositionsBeyondTheMapOrNotFinite(String x) {
        assertRejected(player("1", x), "field 'x' out of range");
    }

    @Test
    void shouldRejectATeleportFromBeyondTheMap() {
        assertRejected(built("0", ",\"from\":[0,1e300]").replace("\"built\"", "\"teleported\""), "field 'from[1]' out of range");
    }

    @Test
    void shouldBoundChunkCoordinatesByTheMap() throws Exception {
        String chart = "{\"surface\":1,\"cx\":%d,\"cy\":0,\"data\":\"eJw=\"}";
        assertThat(((GameChart) PacketCodec.decode(envelope("chart", chart.formatted(31250))).payload()).cx()).isEqualTo(31250);
        assertThat(((GameChart) PacketCodec.decode(envelope("chart", chart.formatted(-31250))).payload()).cx()).isEqualTo(-31250);
        assertRejected(envelope("chart", chart.formatted(31251)), "field 'cx' out of range");
        assertRejected(envelope("chunks-deleted", "{\"surface\":1,\"chunks\":[0,-31251]}"), "field 'chunks' element 1 out of range");
        assertRejected(envelope("tiles", "{\"surface\":1,\"palette\":[\"a\"],\"tiles\":[0,-1000001,0]}"),
                "field 'tiles' element 1 out of range");
    }

    // --- sizes ---

    @Test
    void shouldRejectAPacketLongerThanTheLimit() {
        String padding = "x".repeat(PacketCodec.MAX_PACKET_CHARS);
        assertRejected("{\"pad\":\"" + padding + "\"}", "longer than the limit");
    }

    @Test
    void shouldRejectDeepNesting() {
        String deep = "[".repeat(PacketCodec.MAX_DEPTH + 1) + "]".repeat(PacketCodec.MAX_DEPTH + 1);
        assertRejected(envelope("heartbeat", "{\"online\":0,\"unknown\":" + deep + "}"), "not valid JSON");
    }

    @Test
    void shouldRejectOverlongNumberLiterals() {
        assertRejected(heartbeat("1", "1" + "0".repeat(PacketCodec.MAX_NUMBER_CHARS)), "not valid JSON");
    }

    @Test
    void shouldBoundStrings() throws Exception {
        String name = "n".repeat(PacketCodec.MAX_TEXT_CHARS);
        String ok = player("1", "0").replace("\"name\":\"a\"", "\"name\":\"" + name + "\"");
        assertThat(((PlayerState) PacketCodec.decode(ok).payload()).name()).hasSize(PacketCodec.MAX_TEXT_CHARS);
        assertRejected(ok.replace(name, name + "n"), "field 'name' is 4097 chars long, the limit is 4096");
        assertRejected(built("0", "").replace("\"name\":\"a\"", "\"name\":\"" + "n".repeat(PacketCodec.MAX_NAME_CHARS + 1) + "\""),
                "field 'name' is 513 chars long");
        assertRejected(envelope("chart", "{\"surface\":1,\"cx\":0,\"cy\":0,\"data\":\"" + "A".repeat(PacketCodec.MAX_CHART_CHARS + 1) + "\"}"),
                "field 'data' is");
    }

    @Test
    void shouldBoundArrays() {
        StringBuilder changes = new StringBuilder();
        for (int i = 0; i <= PacketCodec.MAX_ENTITY_CHANGES; i++) {
            changes.append(i == 0 ? "" : ",").append("{\"event\":\"built\",\"name\":\"a\",\"type\":\"b\",\"x\":0,\"y\":0}");
        }
        assertRejected(envelope("entities", "{\"surface\":1,\"changes\":[" + changes + "]}"), "field 'changes' has 1025 elements");

        String tiles = "0,0,0,".repeat(PacketCodec.MAX_TILE_CHANGES) + "0,0,0";
        assertRejected(envelope("tiles", "{\"surface\":1,\"palette\":[\"a\"],\"tiles\":[" + tiles + "]}"), "field 'tiles' has 12291 elements");

        String runs = "0,1,".repeat(1024) + "0,1";
        assertRejected(envelope("chunk", "{\"surface\":1,\"cx\":0,\"cy\":0,\"hash\":\"h\",\"palette\":[\"a\"],\"runs\":[" + runs + "]}"),
                "field 'runs' has 2050 elements");

        String palette = "\"a\",".repeat(PacketCodec.MAX_PALETTE) + "\"b\"";
        assertRejected(envelope("tiles", "{\"surface\":1,\"palette\":[" + palette + "],\"tiles\":[]}"), "field 'palette' must be an array of 1..1024");

        String entities = "{\"name\":\"a\",\"type\":\"b\",\"x\":0,\"y\":0},".repeat(PacketCodec.MAX_CHUNK_ENTITIES) + "{\"name\":\"a\",\"type\":\"b\",\"x\":0,\"y\":0}";
        assertRejected(envelope("chunk-entities", "{\"surface\":1,\"cx\":0,\"cy\":0,\"digest\":\"d\",\"entities\":[" + entities + "]}"),
                "field 'entities' has 4097 elements");
    }

    @Test
    void shouldBoundPrototypeSizes() {
        assertRejected(envelope("prototypes", "{\"tiles\":{},\"entities\":{\"big\":{\"type\":\"t\",\"w\":1025,\"h\":1}}}"),
                "field 'w' out of range");
    }

    @Test
    void shouldCutInputQuotedInAReason() {
        String type = "t".repeat(100_000);
        assertThatThrownBy(() -> PacketCodec.decode(envelope(type, "{}")))
                .isInstanceOf(PacketDecodeException.class)
                .hasMessageStartingWith("field 'type' is 100000 chars long");
        String event = "e".repeat(500);
        assertThatThrownBy(() -> PacketCodec.decode(player("1", "0").replace("\"moved\"", "\"" + event + "\"")))
                .isInstanceOf(PacketDecodeException.class)
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(100).startsWith("unknown player event 'eee"));
    }

    @Test
    @Timeout(10)
    void shouldDecideHugeExponentsQuickly() throws Exception {
        for (String n : new String[] {"1e999999999", "-1e-999999999", "9.99999999999999999999e999999999"}) {
            assertThatThrownBy(() -> PacketCodec.decode(heartbeat(n, "1"))).isInstanceOf(PacketDecodeException.class);
        }
        assertRejected(player("1", "9.99999999999999999999e999999999"), "field 'x' out of range");
        // exponents BigDecimal cannot hold: Jackson throws NumberFormatException, the codec its own rejection
        for (String n : new String[] {"1e99999999999", "1.5e2147483648", "1e-2147483648"}) {
            assertRejected(heartbeat("1", n), "not valid JSON");
            assertRejected(player("1", n), "not valid JSON");
        }
        assertThat(((PlayerState) PacketCodec.decode(player("1", "1e-999999999")).payload()).x()).isZero();
    }

    @Test
    void shouldRejectAMissingPayload() {
        assertRejected(null, "no payload");
    }
}
