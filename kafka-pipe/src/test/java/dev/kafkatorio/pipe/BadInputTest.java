package dev.kafkatorio.pipe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** Bad input never crashes the pipe, is counted, and leaves the valid lines around it alone. */
class BadInputTest {

    static final String BEFORE = "  1.000 Info before\n";
    static final String GOOD = "KFKTR:{\"seq\":1}\n";
    static final String AFTER = "  2.000 Info after\n";

    MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    PipeStats run(byte[]... parts) throws Exception {
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            in.write(p);
        }
        KafkaPipe pipe = KafkaPipe.start(PipeConfigTest.valid().closeTimeout(Duration.ofSeconds(5)).build(), producer, () -> 1L);
        pipe.pump(new ByteArrayInputStream(in.toByteArray()), out);
        pipe.close();
        return pipe.stats();
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    List<String> values() {
        return producer.history().stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
    }

    @Test
    void shouldCountAnOversizedOrdinaryLineAndPassItThrough() throws Exception {
        // (a packet line over 4000 bytes: PacketFramerTest)
        byte[] huge = new byte[ConsoleSplitter.MAX_LINE_BYTES + 10];
        java.util.Arrays.fill(huge, (byte) 'x');
        huge[huge.length - 1] = '\n';
        PipeStats s = run(b(BEFORE), huge, b(GOOD), b(AFTER));
        assertThat(s.oversizedLines()).isEqualTo(1);
        assertThat(out.toByteArray()).hasSize(BEFORE.length() + huge.length + AFTER.length());
        assertThat(values()).containsExactly("{\"seq\":1}");
    }

    @Test
    void shouldCountInvalidUtf8InAPacketLineAndShipItWithReplacementCharacters() throws Exception {
        PipeStats s = run(b(BEFORE), b("KFKTR:{\"x\":\""), new byte[] {(byte) 0xff, (byte) 0xc3}, b("\"}\n"), b(GOOD), b(AFTER));
        assertThat(s.invalidUtf8Lines()).isEqualTo(1);
        assertThat(values()).containsExactly("{\"x\":\"\uFFFD\uFFFD\"}", "{\"seq\":1}");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(BEFORE + AFTER);
    }

    @Test
    void shouldPassBinaryJunkThroughByteForByteAndCountIt() throws Exception {
        byte[] junk = {0, 1, 2, (byte) 0xfe, (byte) 0x80, 'K', 'F', 0, '\r', '\n'};
        PipeStats s = run(b(BEFORE), junk, b(GOOD), b(AFTER));
        assertThat(s.binaryLines()).isEqualTo(1);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.write(b(BEFORE));
        expected.write(junk);
        expected.write(b(AFTER));
        assertThat(out.toByteArray()).isEqualTo(expected.toByteArray());
        assertThat(values()).containsExactly("{\"seq\":1}");
        assertThat(s.lines()).isEqualTo(4);
    }

    @Test
    void shouldHandleAHalfWrittenLastLine() throws Exception {
        PipeStats s = run(b(BEFORE), b(GOOD), b("  3.000 Info half a li"));
        assertThat(s.unterminatedLines()).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(BEFORE + "  3.000 Info half a li");
        assertThat(values()).containsExactly("{\"seq\":1}");
    }

    @Test
    void shouldShipAHalfWrittenLastPacketLineAsIs() throws Exception {
        PipeStats s = run(b(BEFORE), b(GOOD), b("KFKTR:{\"seq\":2,\"da"));
        assertThat(s.unterminatedLines()).isEqualTo(1);
        assertThat(values()).containsExactly("{\"seq\":1}", "{\"seq\":2,\"da");
    }

    @Test
    void shouldCountAMarkerFollowedByGarbageAndShipItForTheDeadLetterTopic() throws Exception {
        PipeStats s = run(b(BEFORE), b("KFKTR:\u0001\u0002garbage\n"), b("KFKTR:\n"), b("KFKTR+garbage\n"), b(GOOD), b(AFTER));
        assertThat(s.malformedPackets()).isEqualTo(2);
        assertThat(s.packetLines()).isEqualTo(4);
        assertThat(values()).containsExactly("\u0001\u0002garbage", "", "KFKTR+garbage", "{\"seq\":1}");
        assertThat(producer.history().get(2).headers().lastHeader("kafkatorio.framing-error")).isNotNull();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(BEFORE + AFTER);
    }

    @Test
    void shouldAccountForEveryHostileLineAndLogOnlyAFewLinesAboutThem() throws Exception {
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        in.write(b(BEFORE));
        in.write(b(GOOD));
        byte[] controlBytes = new byte[5000];
        java.util.Arrays.fill(controlBytes, (byte) 1);
        int perClass = 1000;
        for (int i = 0; i < perClass; i++) {
            in.write(b("KFKTR+5/1/2:{\"dup\":" + i + "}\n")); // the same part again and again: the last one counts
        }
        in.write(b("KFKTR+5/2/2:\n"));
        for (int i = 0; i < perClass; i++) {
            in.write(b("KFKTR:")); // over the 4000-byte line limit
            in.write(controlBytes);
            in.write('\n');
            in.write(b("KFKTR+" + (i % 2 == 0 ? "-" : "x") + i + "/1/2:{}\n")); // malformed header
            in.write(b("KFKTR+" + i + "/1/" + (1025 + i) + ":{}\n")); // part count over the limit
            in.write(b("KFKTR+" + (100 + i) + "/1/2:{\n")); // part sets never completed: evicted
            in.write(b(AFTER));
        }
        for (int i = 0; i < perClass; i++) {
            in.write(b(PacketFramerTest.sessionStart(1) + "\n")); // a session flood (the first ships what is pending)
        }
        in.write(b(GOOD));
        in.write(b("KFKTR:{\"half"));
        PipeStats s;
        List<String> logged;
        try (LogCapture log = new LogCapture(Thread.currentThread())) {
            s = run(in.toByteArray());
            logged = log.lines;
        }
        // every packet line framed or rejected with a reason
        assertThat(s.packetLines()).isEqualTo(6L * perClass + 4);
        assertThat(s.packetLines()).isEqualTo(s.framedPacketLines() + s.rejectedLinesTotal());
        // the session-start packets, GOOD twice, the half line, the two parts of packet 5
        assertThat(s.framedPacketLines()).isEqualTo(perClass + 5);
        assertThat(values()).contains("{\"dup\":999}");
        assertThat(s.rejectedLines()).containsEntry("oversized_line", (long) perClass)
                .containsEntry("malformed_part_header", (long) perClass)
                .containsEntry("part_count_over_limit", (long) perClass)
                .containsEntry("duplicate_part", perClass - 1L)
                .containsEntry("incomplete_part", (long) perClass);
        assertThat(s.incompletePackets()).containsEntry("too_many_sets", (long) perClass - PacketFramer.MAX_PENDING_PART_SETS)
                .containsEntry("new_session", (long) PacketFramer.MAX_PENDING_PART_SETS);
        assertThat(s.pendingPartSets()).isZero();
        assertThat(s.sessionsStarted()).isEqualTo(perClass + 1L);
        // what was shipped with a framing error is bounded
        List<org.apache.kafka.clients.producer.ProducerRecord<byte[], byte[]>> errors = producer.history().stream()
                .filter(r -> r.headers().lastHeader("kafkatorio.framing-error") != null).toList();
        assertThat(errors).hasSize(3 * perClass + perClass);
        assertThat(errors).allSatisfy(r -> assertThat(r.value().length).isLessThanOrEqualTo(4000));
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(BEFORE + AFTER.repeat(perClass));
        // thousands of hostile lines and sessions, a handful of log lines (one per kind and interval)
        assertThat(logged).hasSizeLessThan(40);
    }
}
