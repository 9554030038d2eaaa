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
}
