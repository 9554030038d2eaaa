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
        framer.flushPending();
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
        assertThat(counters.oversizedLines.get()).isEqualTo(1); // over the reader's 1 MiB
        assertThat(counters.rejected(RejectReason.OVERSIZED_LINE)).isEqualTo(1);
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).value()).hasSize(PacketFramer.MAX_ERROR_VALUE_BYTES);
        assertThat(sent.get(0).framingError()).isEqualTo("oversized line: " + big.length + " bytes, truncated to 4000 bytes"
                + " (packet lines are at most 4000 bytes)");
    }

    // ---- hostile input: every number, size and count the console controls is bounded ----

    List<OutboundPacket> errors() {
        return sent.stream().filter(p -> p.framingError() != null).toList();
    }

    /** Every packet line is framed, rejected with a reason, or still pending: nothing unaccounted. */
    void assertAccounted() {
        assertThat(counters.packetLines.get())
                .isEqualTo(counters.framedPacketLines.get() + counters.snapshot(0, 0, 0).rejectedLinesTotal()
                + counters.pendingPartLines.get());
        assertThat(errors()).allSatisfy(p -> assertThat(p.value().length).isLessThanOrEqualTo(PacketFramer.MAX_ERROR_VALUE_BYTES));
    }

    static boolean validUtf8(byte[] b) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(b));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    @Test
    void shouldShipAPacketLineOfControlBytesOverTheLimitAsOneBoundedRecord() throws IOException {
        // the issue: KFKTR: and 200,000 bytes of 0x01 became a 1.2 MB dead letter
        new ConsoleSplitter(framer).pump(Synthetic.concat(Synthetic.bytes("KFKTR:"), Synthetic.repeat((byte) 1, 200_000),
                Synthetic.bytes("\n" + heartbeat(1) + "\n")), new ByteArrayOutputStream());
        assertThat(sent).hasSize(2);
        assertThat(sent.get(0).value()).hasSize(4000);
        assertThat(sent.get(0).framingError()).startsWith("oversized line: 200007 bytes, truncated to 4000 bytes");
        assertThat(counters.rejected(RejectReason.OVERSIZED_LINE)).isEqualTo(1);
        assertThat(counters.oversizedLines.get()).isZero(); // under the reader's 1 MiB
        assertThat(values().get(1)).isEqualTo(heartbeat(1).substring(6));
        assertAccounted();
    }

    @Test
    void shouldFrameALineAtTheProtocolLimitAndRejectOneByteMore() throws IOException {
        String max = "KFKTR:{\"x\":\"" + "a".repeat(3999 - 14) + "\"}"; // 3999 bytes, 4000 with '\n'
        assertThat(max).hasSize(3999);
        String over = "KFKTR:{\"x\":\"" + "a".repeat(3999 - 13) + "\"}";
        feedBytes(bytes(max + "\n" + max + "\r\n" + over + "\n"));
        assertThat(sent).hasSize(3);
        assertThat(sent.subList(0, 2)).allMatch(p -> p.framingError() == null && p.value().length == 3993);
        assertThat(sent.get(2).framingError()).startsWith("oversized line: 4001 bytes, truncated to 4000 bytes");
        assertThat(counters.framedPacketLines.get()).isEqualTo(2);
        assertAccounted();
    }

    @Test
    void shouldCutAnOversizedLineBetweenCharactersAndReplaceInvalidBytes() throws IOException {
        feedBytes(bytes("KFKTR:{\"x\":\"" + "€".repeat(2000) + "\"}\n"));
        byte[] v = sent.get(0).value();
        assertThat(v.length).isLessThanOrEqualTo(4000).isGreaterThan(3996);
        assertThat(validUtf8(v)).isTrue();
        assertThat(new String(v, StandardCharsets.UTF_8)).startsWith("KFKTR:{\"x\":\"€€").doesNotContain("\uFFFD");
        sent.clear();
        byte[] junk = new byte[10_000];
        java.util.Arrays.fill(junk, (byte) 0xff);
        feedBytes(ConsoleSplitterTest.concat(bytes("KFKTR+1/1/2:"), junk, bytes("\n")));
        v = sent.get(0).value();
        assertThat(validUtf8(v)).isTrue();
        assertThat(v.length).isLessThanOrEqualTo(4000);
        assertThat(sent.get(0).framingError()).startsWith("oversized line: 10013 bytes");
        assertAccounted();
    }

    @Test
    void shouldNeverHoldOversizedPartsTheIssuesOutOfMemoryInput() throws IOException {
        // the issue: 245 parts of 999 kB ran kafka-pipe out of memory
        List<java.io.InputStream> in = new ArrayList<>();
        for (int i = 1; i <= 245; i++) {
            in.add(Synthetic.bytes("KFKTR+77/" + i + "/245:"));
            in.add(Synthetic.repeat((byte) 'q', 999_000));
            in.add(Synthetic.bytes("\n"));
        }
        ConsoleSplitter splitter = new ConsoleSplitter(framer);
        splitter.pump(Synthetic.concat(in), new ByteArrayOutputStream());
        assertThat(sent).hasSize(245).allMatch(p -> p.value().length == 4000 && p.framingError().startsWith("oversized line"));
        assertThat(framer.pendingSets()).isZero();
        assertThat(framer.pendingBytes()).isZero();
        assertThat(splitter.retainedCapacity()).isLessThanOrEqualTo(8192);
        assertThat(counters.rejected(RejectReason.OVERSIZED_LINE)).isEqualTo(245);
        assertAccounted();
    }

    @Test
    void shouldShipEveryBadPartHeaderAsIsWithItsReason() throws IOException {
        List<String> malformed = List.of("KFKTR+1/0/2:a", "KFKTR+1/3/2:a", "KFKTR+1/1/1:a", "KFKTR+1/1/0:a", "KFKTR+-1/1/2:a",
                "KFKTR+1/-1/2:a", "KFKTR+1/1/-2:a", "KFKTR+x/1/2:a", "KFKTR+1/y/2:a", "KFKTR+1/1/z:a", "KFKTR+/1/2:a",
                "KFKTR+1//2:a", "KFKTR+1/1/2", "KFKTR+1/1/2 :a", "KFKTR+ 1/1/2:a", "KFKTR+1/1/9999999:a", "KFKTR+1/9999999/2:a",
                "KFKTR+1234567890123456789/1/2:a", "KFKTR+99999999999999999999999/1/2:a", "KFKTR+1/1/2/3:a", "KFKTR+",
                "KFKTR+\u0661/1/2:a", "KFKTR+1/1/\uff12:a", "KFKTR+1/1/2\u0000:a", "KFKTR+0x1/1/2:a");
        feed(malformed.toArray(String[]::new));
        assertThat(values()).isEqualTo(malformed);
        assertThat(sent).allMatch(p -> "malformed part header".equals(p.framingError()));
        assertThat(counters.rejected(RejectReason.MALFORMED_PART_HEADER)).isEqualTo(malformed.size());
        assertThat(framer.pendingSets()).isZero();
        assertAccounted();
    }

    @Test
    void shouldRefuseAPartCountOverTheLimit() throws IOException {
        feed("KFKTR+1/1/" + (PacketFramer.MAX_PART_COUNT + 1) + ":a", "KFKTR+2/1/999999:a", "KFKTR+3/1/" + PacketFramer.MAX_PART_COUNT + ":a");
        assertThat(values()).containsExactly("KFKTR+1/1/1025:a", "KFKTR+2/1/999999:a");
        assertThat(sent.get(0).framingError()).isEqualTo("part count 1025 over the limit of 1024");
        assertThat(counters.rejected(RejectReason.PART_COUNT_OVER_LIMIT)).isEqualTo(2);
        assertThat(framer.pendingSets()).isEqualTo(1); // 3/1/1024 waits
        assertThat(framer.pendingBytes()).isEqualTo(PacketFramer.SET_OVERHEAD_BYTES + PacketFramer.SLOT_BYTES * 1024L
                + 1 + PacketFramer.PART_OVERHEAD_BYTES);
        assertThat(counters.pendingPartLines.get()).isEqualTo(1);
        assertAccounted();
    }

    @Test
    void shouldCountTheBytesItHoldsForPendingParts() throws IOException {
        String fragment = "f".repeat(3000);
        for (int i = 1; i <= 10; i++) {
            feed("KFKTR+5/" + i + "/20:" + fragment);
            assertThat(framer.pendingBytes()).isEqualTo(PacketFramer.SET_OVERHEAD_BYTES + PacketFramer.SLOT_BYTES * 20L
                    + i * (3000L + PacketFramer.PART_OVERHEAD_BYTES));
            assertThat(counters.pendingPartBytes.get()).isEqualTo(framer.pendingBytes());
        }
        // one byte of fragment counts one byte
        feed("KFKTR+5/11/20:" + fragment + "x");
        assertThat(framer.pendingBytes()).isEqualTo(PacketFramer.SET_OVERHEAD_BYTES + PacketFramer.SLOT_BYTES * 20L
                + 11 * (3000L + PacketFramer.PART_OVERHEAD_BYTES) + 1);
        framer.flushPending();
        assertThat(framer.pendingBytes()).isZero();
        assertThat(counters.pendingPartBytes.get()).isZero();
        assertThat(sent.get(0).value()).hasSize(4000);
        assertThat(sent.get(0).framingError()).isEqualTo(
                "incomplete multi-part packet 5: 11 of 20 parts (kafka-pipe closed), truncated to 4000 of 33001 bytes");
        assertThat(counters.rejected(RejectReason.INCOMPLETE_PART)).isEqualTo(11);
        assertThat(counters.incompleteCount(IncompleteReason.CLOSED)).isEqualTo(1);
        assertAccounted();
    }

    @Test
    void shouldEvictTheOldestPartSetsWhenThePartsWouldHoldTooManyBytes() throws IOException {
        assertThat(PacketFramer.maxPartSetBytes()).isLessThan(PacketFramer.MAX_PENDING_BYTES);
        String fragment = "g".repeat(3980);
        long[] peak = {0};
        int lines = 0;
        // 8 sets of up to 1024 parts, each never completed: about 8 x 4 MB offered, 16 MiB may be held
        StringBuilder in = new StringBuilder();
        for (int part = 1; part <= 1000; part++) {
            for (int id = 1; id <= 8; id++) {
                in.append("KFKTR+").append(id).append('/').append(part).append("/1024:").append(fragment).append('\n');
                lines++;
            }
        }
        new ConsoleSplitter((b, len, packet, total) -> {
            framer.onLine(b, len, packet, total);
            peak[0] = Math.max(peak[0], framer.pendingBytes());
            if (framer.pendingBytes() > PacketFramer.MAX_PENDING_BYTES) {
                throw new AssertionError("holding " + framer.pendingBytes() + " bytes");
            }
        }).pump(new ByteArrayInputStream(bytes(in.toString())), new ByteArrayOutputStream());
        assertThat(peak[0]).isGreaterThan(PacketFramer.MAX_PENDING_BYTES - 8 * 4100);
        // about 32 MB offered, at most 16 MiB held: whole sets of up to 4 MB went, oldest first
        assertThat(counters.incompleteCount(IncompleteReason.TOO_MANY_BYTES)).isGreaterThanOrEqualTo(3);
        assertThat(counters.incompleteCount(IncompleteReason.TOO_MANY_SETS)).isZero();
        assertThat(errors()).allSatisfy(p -> {
            assertThat(p.value()).hasSizeLessThanOrEqualTo(4000);
            assertThat(p.framingError()).contains("bytes of parts pending");
        });
        // the newest parts are the ones kept
        long held = framer.pendingBytes();
        framer.flushPending();
        assertThat(counters.rejected(RejectReason.INCOMPLETE_PART)).isEqualTo(lines);
        assertThat(held).isGreaterThan(PacketFramer.MAX_PENDING_BYTES / 2);
        assertAccounted();
    }

    @Test
    void shouldBoundTheNumberOfOpenPartSetsAndCountEvictions() throws IOException {
        List<String> lines = new ArrayList<>();
        for (int id = 1; id <= 10_000; id++) {
            lines.add("KFKTR+" + id + "/1/1024:p");
        }
        feed(lines.toArray(String[]::new));
        assertThat(framer.pendingSets()).isEqualTo(PacketFramer.MAX_PENDING_PART_SETS);
        assertThat(counters.pendingPartSets.get()).isEqualTo(PacketFramer.MAX_PENDING_PART_SETS);
        assertThat(counters.incompleteCount(IncompleteReason.TOO_MANY_SETS)).isEqualTo(10_000 - PacketFramer.MAX_PENDING_PART_SETS);
        assertThat(framer.pendingBytes()).isLessThanOrEqualTo(PacketFramer.MAX_PENDING_PART_SETS
                * (PacketFramer.SET_OVERHEAD_BYTES + PacketFramer.SLOT_BYTES * 1024L + 1 + PacketFramer.PART_OVERHEAD_BYTES));
        assertThat(counters.pendingPartLines.get()).isEqualTo(PacketFramer.MAX_PENDING_PART_SETS);
        assertAccounted();
    }

    @Test
    void shouldReplaceARepeatedPartWithoutGrowingAndCountTheDroppedCopy() throws IOException {
        feed("KFKTR+8/1/2:{\"a\":");
        long held = framer.pendingBytes();
        for (int i = 0; i < 1000; i++) {
            feed("KFKTR+8/1/2:{\"b\":");
            assertThat(framer.pendingBytes()).isEqualTo(held);
        }
        feed("KFKTR+8/2/2:1}");
        assertThat(values()).containsExactly("{\"b\":1}");
        assertThat(counters.rejected(RejectReason.DUPLICATE_PART)).isEqualTo(1000);
        assertThat(counters.framedPacketLines.get()).isEqualTo(2);
        assertAccounted();
    }

    @Test
    void shouldCountExpiredChangedAndSessionEndedPartSets() throws IOException {
        feed(heartbeat(1), "KFKTR+1/1/3:a", "KFKTR+1/2/2:b", "KFKTR+2/1/2:c", BANNER);
        assertThat(counters.incompleteCount(IncompleteReason.COUNT_CHANGED)).isEqualTo(1);
        assertThat(counters.incompleteCount(IncompleteReason.NEW_SESSION)).isEqualTo(2);
        feed("KFKTR+3/1/2:d");
        List<String> filler = new ArrayList<>();
        for (int i = 0; i <= PacketFramer.PART_LINE_WINDOW; i++) {
            filler.add("  1.0 log " + i);
        }
        feed(filler.toArray(String[]::new));
        assertThat(counters.incompleteCount(IncompleteReason.EXPIRED)).isEqualTo(1);
        assertThat(counters.rejected(RejectReason.INCOMPLETE_PART)).isEqualTo(4);
        assertThat(framer.pendingBytes()).isZero();
        assertAccounted();
    }

    @Test
    void shouldReassemblePartsWithInvalidUtf8AsValidUtf8() throws IOException {
        feedBytes(ConsoleSplitterTest.concat(bytes("KFKTR+4/1/2:{\"n\":\""), new byte[] {(byte) 0xff, (byte) 0xc3, '\n'},
                bytes("KFKTR+4/2/2:\"}\n")));
        assertThat(values()).containsExactly("{\"n\":\"\uFFFD\uFFFD\"}");
        assertThat(counters.invalidUtf8Lines.get()).isEqualTo(1);
        assertAccounted();
    }

    @Test
    void shouldShipNulBytesAndCarriageReturnsInPacketLinesAsIsForTheDeadLetterTopic() throws IOException {
        feedBytes(bytes("KFKTR:{\"a\":\"\u0000\"}\nKFKTR:{}\rKFKTR:{}\r\n"));
        assertThat(values()).containsExactly("{\"a\":\"\u0000\"}", "{}\rKFKTR:{}");
        assertThat(sent).allMatch(p -> p.framingError() == null);
        assertAccounted();
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
