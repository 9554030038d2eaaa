package dev.kafkatorio.pipe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafkatorio.protocol.ConsoleFraming;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PacketFramerTest {

    static final long START = 1_700_000_000_000L;
    static final String BANNER = "   0.000 2026-11-27 09:00:00; Factorio 2.0.77 (build 83721, linux64, headless)";

    final List<OutboundPacket> sent = new ArrayList<>();
    final PipeCounters counters = new PipeCounters();
    long now = START;
    boolean accept = true;
    final PacketFramer framer = new PacketFramer(p -> accept && sent.add(p), counters, () -> now, START);

    void feed(String... lines) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            sb.append(l).append('\n');
        }
        feedBytes(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    void feedBytes(byte[] input) throws IOException {
        new ConsoleSplitter(framer).pump(new ByteArrayInputStream(input), new ByteArrayOutputStream());
    }

    static String sessionStart(int seq) {
        return "KFKTR:{\"v\":1,\"type\":\"session-start\",\"tick\":0,\"seq\":" + seq
                + ",\"data\":{\"mod\":\"0.1.0\",\"game\":\"2.0.77\",\"reason\":\"load\"}}";
    }

    static String heartbeat(int seq) {
        return "KFKTR:{\"v\":1,\"type\":\"heartbeat\",\"tick\":" + (seq * 60) + ",\"seq\":" + seq + ",\"data\":{\"online\":1}}";
    }

    List<String> values() {
        return sent.stream().map(p -> new String(p.value(), StandardCharsets.UTF_8)).toList();
    }

    List<String> sessions() {
        return sent.stream().map(OutboundPacket::session).toList();
    }

    @Test
    void shouldStartTheFirstSessionAtStartUp() {
        assertThat(framer.session()).isEqualTo(START + ".1");
        assertThat(counters.sessionsStarted.get()).isEqualTo(1);
    }

    @Test
    void shouldShipWholePacketsAsTheJsonAfterTheMarker() throws IOException {
        feed("log line", heartbeat(1));
        assertThat(values()).containsExactly(heartbeat(1).substring(6));
        assertThat(sent.get(0).framingError()).isNull();
        assertThat(sent.get(0).receivedAt()).isEqualTo(START);
        assertThat(counters.lines.get()).isEqualTo(2);
        assertThat(counters.packetLines.get()).isEqualTo(1);
        assertThat(counters.packetsQueued.get()).isEqualTo(1);
    }

    @Test
    void shouldNotStartASecondSessionBeforeAnyPacket() throws IOException {
        feed(BANNER, "   0.5 loading", sessionStart(1), heartbeat(2));
        assertThat(sessions()).containsOnly(START + ".1");
        assertThat(counters.sessionsStarted.get()).isEqualTo(1);
    }

    @Test
    void shouldStartASessionOnTheBannerAfterPackets() throws IOException {
        feed(sessionStart(1), heartbeat(2), BANNER, "   0.9 more log", sessionStart(1), heartbeat(2));
        assertThat(sessions()).containsExactly(START + ".1", START + ".1", START + ".2", START + ".2");
    }

    @Test
    void shouldStartASessionOnSessionStartAfterPackets() throws IOException {
        feed(sessionStart(1), heartbeat(2), sessionStart(1), heartbeat(2), sessionStart(1));
        assertThat(sessions()).containsExactly(START + ".1", START + ".1", START + ".2", START + ".2", START + ".3");
        assertThat(counters.sessionsStarted.get()).isEqualTo(3);
    }

    @Test
    void shouldNotBeFooledByABannerInChat() throws IOException {
        feed(heartbeat(1), "2026-11-27 09:00:09 [CHAT] eve: 1.000 x; Factorio 2.0.77 (build 1", heartbeat(2));
        assertThat(sessions()).containsOnly(START + ".1");
    }

    @Test
    void shouldDetectTheTypeAnywhereAtTopLevelOnly() throws IOException {
        feed(heartbeat(1), "KFKTR:{\"data\":{\"type\":\"session-start\"},\"type\":\"heartbeat\"}", heartbeat(2),
                "KFKTR:{\"v\":1,\"data\":{\"x\":[1,{\"a\":2}]},\"type\":\"session-start\"}");
        assertThat(sessions()).containsExactly(START + ".1", START + ".1", START + ".1", START + ".2");
        assertThat(PacketPeek.type("not json")).isNull();
        assertThat(PacketPeek.type("[\"type\"]")).isNull();
        assertThat(PacketPeek.type("{\"type\":3}")).isNull();
    }

    @Test
    void shouldShipUnparsablePacketsAsIs() throws IOException {
        feed(Golden.lines("invalid").toArray(String[]::new));
        assertThat(values()).isEqualTo(Golden.lines("invalid").stream().map(ConsoleFraming::wholePayload).toList());
        assertThat(sent).allMatch(p -> p.framingError() == null);
    }

    @Test
    void shouldReassemblePartsInOrder() throws IOException {
        String json = "{\"v\":1,\"type\":\"player\",\"big\":\"" + "é".repeat(5000) + "\"}";
        List<String> lines = ConsoleFraming.frame(42, json);
        assertThat(lines).hasSizeGreaterThan(2);
        feed(lines.toArray(String[]::new));
        assertThat(values()).containsExactly(json);
        assertThat(sent.get(0).framingError()).isNull();
    }

    @Test
    void shouldReassembleInterleavedAndOutOfOrderParts() throws IOException {
        feed("KFKTR+5/2/2:\"b\"}", "KFKTR+6/1/3:{\"x\":", "log in between", heartbeat(7), "KFKTR+6/3/3:}",
                "KFKTR+5/1/2:{\"a\":", "KFKTR+6/2/3:{}");
        assertThat(values()).containsExactly(heartbeat(7).substring(6), "{\"a\":\"b\"}", "{\"x\":{}}");
    }

    @Test
    void shouldShipIncompletePartsWhenANewSessionStarts() throws IOException {
        feed(heartbeat(1), "KFKTR+42/1/3:{\"a\"", "KFKTR+42/3/3:}", BANNER, sessionStart(1));
        assertThat(values()).containsExactly(heartbeat(1).substring(6), "{\"a\"}", sessionStart(1).substring(6));
        assertThat(sent.get(1).framingError())
                .startsWith("incomplete multi-part packet 42: 2 of 3 parts");
        assertThat(sent.get(1).session()).isEqualTo(START + ".1");
        assertThat(sent.get(2).session()).isEqualTo(START + ".2");
    }

    @Test
    void shouldCountPendingPartsAsPacketsOfTheSession() throws IOException {
        feed("KFKTR+1/1/2:{", sessionStart(1));
        assertThat(sessions()).containsExactly(START + ".1", START + ".2");
        assertThat(sent.get(0).framingError()).contains("1 of 2 parts");
    }

    @Test
    void shouldEvictTheOldestPartSetBeyondTheLimit() throws IOException {
        List<String> lines = new ArrayList<>();
        for (int id = 1; id <= PacketFramer.MAX_PENDING_PART_SETS + 1; id++) {
            lines.add("KFKTR+" + id + "/1/2:p" + id);
        }
        feed(lines.toArray(String[]::new));
        assertThat(values()).containsExactly("p1");
        assertThat(sent.get(0).framingError()).startsWith("incomplete multi-part packet 1: 1 of 2 parts");
    }

    @Test
    void shouldExpirePartsAfterTheLineWindow() throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("KFKTR+9/2/2:tail");
        for (int i = 0; i < PacketFramer.PART_LINE_WINDOW; i++) {
            lines.add("log " + i);
        }
        feed(lines.toArray(String[]::new));
        assertThat(sent).isEmpty();
        feed("one more");
        assertThat(values()).containsExactly("tail");
        assertThat(sent.get(0).framingError()).startsWith("incomplete multi-part packet 9: 1 of 2 parts");
    }

    @Test
    void shouldShipMalformedPartHeadersRaw() throws IOException {
        feed("KFKTR+x/1/2:abc", "KFKTR+1/3/2:abc", "KFKTR+1/1/1:abc", "KFKTR+1/1:abc");
        assertThat(values()).containsExactly("KFKTR+x/1/2:abc", "KFKTR+1/3/2:abc", "KFKTR+1/1/1:abc", "KFKTR+1/1:abc");
        assertThat(sent).allMatch(p -> "malformed part header".equals(p.framingError()));
    }

    @Test
    void shouldShipPendingPartsOnFlush() throws IOException {
        feed("KFKTR+3/1/2:{");
        framer.flushPending("kafka-pipe closed");
        assertThat(sent.get(0).framingError()).isEqualTo("incomplete multi-part packet 3: 1 of 2 parts (kafka-pipe closed)");
    }

    @Test
    void shouldShipInvalidUtf8WithReplacementCharactersAndCountIt() throws IOException {
        feedBytes(ConsoleSplitterTest.concat("KFKTR:{\"n\":\"".getBytes(StandardCharsets.US_ASCII),
                new byte[] {(byte) 0xff}, "\"}\n".getBytes(StandardCharsets.US_ASCII)));
        assertThat(values()).containsExactly("{\"n\":\"\uFFFD\"}");
        assertThat(counters.invalidUtf8Lines.get()).isEqualTo(1);
    }

    @Test
    void shouldCountDroppedPacketsWhenTheSinkRefuses() throws IOException {
        accept = false;
        feed(heartbeat(1), heartbeat(2));
        assertThat(counters.packetsDropped.get()).isEqualTo(2);
        assertThat(counters.packetsQueued.get()).isZero();
        // dropped packets still belong to the session
        feed(sessionStart(1));
        assertThat(counters.sessionsStarted.get()).isEqualTo(2);
    }

    @Test
    void shouldTruncateOversizedPacketLinesWithAFramingError() throws IOException {
        byte[] big = ("KFKTR:{\"x\":\"" + "a".repeat(ConsoleSplitter.MAX_LINE_BYTES) + "\"}\n").getBytes(StandardCharsets.US_ASCII);
        feedBytes(big);
        assertThat(counters.oversizedLines.get()).isEqualTo(1);
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).value()).hasSize(ConsoleSplitter.MAX_LINE_BYTES);
        assertThat(sent.get(0).framingError()).startsWith("oversized line: " + big.length + " bytes");
    }
}
