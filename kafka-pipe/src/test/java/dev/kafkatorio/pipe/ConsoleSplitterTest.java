package dev.kafkatorio.pipe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafkatorio.protocol.ConsoleFraming;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsoleSplitterTest {

    /** A line as the listener saw it. */
    record Seen(String content, boolean packet, long total) {}

    private final List<Seen> seen = new ArrayList<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private void pump(byte[] input, int maxLine, boolean oneByteAtATime) throws IOException {
        ConsoleSplitter splitter = new ConsoleSplitter(
                (bytes, len, packet, total) -> seen.add(new Seen(new String(bytes, 0, len, StandardCharsets.ISO_8859_1), packet, total)),
                maxLine);
        InputStream in = new ByteArrayInputStream(input);
        splitter.pump(oneByteAtATime ? new OneByte(in) : in, out);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldPassOrdinaryLinesThroughByteForByte() throws IOException {
        byte[] input = concat(bytes("hello\r\n\n\nline with é and emoji 😀\r\nno newline at the end"));
        for (boolean slow : new boolean[] {false, true}) {
            seen.clear();
            out.reset();
            pump(input, ConsoleSplitter.MAX_LINE_BYTES, slow);
            assertThat(out.toByteArray()).isEqualTo(input);
            assertThat(seen).extracting(Seen::packet).containsOnly(false);
            assertThat(seen).hasSize(5);
            assertThat(seen.get(0).content()).isEqualTo("hello");
            assertThat(seen.get(1).content()).isEmpty();
            assertThat(seen.get(4).total()).isEqualTo("no newline at the end".length());
        }
    }

    @Test
    void shouldPassInvalidUtf8AndLoneCarriageReturnsThrough() throws IOException {
        byte[] input = concat(bytes("bad "), new byte[] {(byte) 0xff, (byte) 0xc3, '\r', 'x', '\n'}, bytes("\r"));
        pump(input, ConsoleSplitter.MAX_LINE_BYTES, false);
        assertThat(out.toByteArray()).isEqualTo(input);
        assertThat(seen).hasSize(2);
    }

    @Test
    void shouldRemovePacketLinesAndKeepEverythingElse() throws IOException {
        StringBuilder in = new StringBuilder();
        StringBuilder expected = new StringBuilder();
        for (String line : Golden.lines("ordinary")) {
            in.append(line).append('\n');
            expected.append(line).append('\n');
        }
        for (String line : Golden.lines("valid")) {
            in.append(line).append("\r\n");
        }
        in.append("KFKTR+7/1/2:abc\n").append("KFK\n").append("KFKTR").append("\n").append("KFKTR:{}");
        expected.append("KFK\n").append("KFKTR\n");
        for (boolean slow : new boolean[] {false, true}) {
            seen.clear();
            out.reset();
            pump(bytes(in.toString()), ConsoleSplitter.MAX_LINE_BYTES, slow);
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(expected.toString());
            List<String> packets = seen.stream().filter(Seen::packet).map(Seen::content).toList();
            assertThat(packets).hasSize(Golden.lines("valid").size() + 2);
            assertThat(packets.subList(0, Golden.lines("valid").size())).isEqualTo(Golden.lines("valid"));
            assertThat(packets).last().isEqualTo("KFKTR:{}");
        }
    }

    @Test
    void shouldAgreeWithTheProtocolOnWhatIsAPacketLine() throws IOException {
        List<String> all = new ArrayList<>(Golden.lines("ordinary"));
        all.addAll(Golden.lines("valid"));
        all.addAll(Golden.lines("invalid"));
        for (String line : all) {
            seen.clear();
            pump(bytes(line + "\n"), ConsoleSplitter.MAX_LINE_BYTES, false);
            assertThat(seen.get(0).packet()).as(line).isEqualTo(ConsoleFraming.isPacketLine(line));
        }
        assertThat(Golden.lines("ordinary")).noneMatch(ConsoleFraming::isPacketLine);
    }

    @Test
    void shouldStreamOversizedOrdinaryLinesUnchangedAndTruncateOversizedPacketLines() throws IOException {
        byte[] longOrdinary = new byte[5000];
        Arrays.fill(longOrdinary, (byte) 'x');
        longOrdinary[longOrdinary.length - 1] = '\n';
        byte[] longPacket = new byte[3000];
        Arrays.fill(longPacket, (byte) 'y');
        System.arraycopy(bytes("KFKTR:"), 0, longPacket, 0, 6);
        longPacket[longPacket.length - 1] = '\n';
        byte[] input = concat(longOrdinary, longPacket, bytes("after\n"));
        pump(input, 1000, false);
        assertThat(out.toByteArray()).isEqualTo(concat(longOrdinary, bytes("after\n")));
        assertThat(seen).hasSize(3);
        assertThat(seen.get(0).total()).isEqualTo(5000);
        assertThat(seen.get(0).content()).hasSize(1000);
        assertThat(seen.get(1).packet()).isTrue();
        assertThat(seen.get(1).total()).isEqualTo(3000);
        assertThat(seen.get(1).content()).hasSize(1000).startsWith("KFKTR:yyy");
        assertThat(seen.get(2).content()).isEqualTo("after");
    }

    @Test
    void shouldPassALineLongerThanOneMebibyteThrough() throws IOException {
        byte[] huge = new byte[3 * 1024 * 1024 + 17];
        Arrays.fill(huge, (byte) 'z');
        byte[] input = concat(huge, bytes("\nnext\n"));
        pump(input, ConsoleSplitter.MAX_LINE_BYTES, false);
        assertThat(out.toByteArray()).isEqualTo(input);
        assertThat(seen.get(0).total()).isEqualTo(huge.length + 1);
    }

    @Test
    void shouldHoldOnlyTheProtocolLimitOfAOneGibibytePacketLineWithoutNewline() throws IOException {
        long filler = 1L << 30;
        List<long[]> lines = new ArrayList<>();
        ConsoleSplitter splitter = new ConsoleSplitter((b, len, packet, total) -> lines.add(new long[] {len, total, packet ? 1 : 0}));
        Synthetic.CountingOutput passthrough = new Synthetic.CountingOutput(0);
        int[] maxCapacity = {0};
        InputStream in = new FilterInputStream(Synthetic.concat(Synthetic.bytes("KFKTR+1/1/2:"), Synthetic.repeat((byte) 'x', filler))) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                maxCapacity[0] = Math.max(maxCapacity[0], splitter.retainedCapacity());
                return super.read(b, off, len);
            }
        };
        splitter.pump(in, passthrough);
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).containsExactly(ConsoleSplitter.MAX_PACKET_RETAINED_BYTES, filler + 12, 1);
        assertThat(passthrough.count).isZero();
        // the line buffer never grew past its initial 8 KiB (a packet line keeps at most 4001 bytes)
        assertThat(maxCapacity[0]).isLessThanOrEqualTo(8192);
        assertThat(splitter.retainedCapacity()).isLessThanOrEqualTo(8192);
    }

    @Test
    void shouldStreamAOneGibibyteOrdinaryLineWithoutNewlineAndHoldAtMostOneMebibyte() throws IOException {
        long filler = 1L << 30;
        List<long[]> lines = new ArrayList<>();
        ConsoleSplitter splitter = new ConsoleSplitter((b, len, packet, total) -> lines.add(new long[] {len, total, packet ? 1 : 0}));
        Synthetic.CountingOutput passthrough = new Synthetic.CountingOutput(16);
        long[] maxHeldBack = {0};
        int[] maxCapacity = {0};
        InputStream in = new FilterInputStream(Synthetic.concat(Synthetic.bytes("  1.0 "), Synthetic.repeat((byte) 0, filler))) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                // everything read so far has been written through: nothing of the line is buffered for stdout
                maxHeldBack[0] = Math.max(maxHeldBack[0], splitter.consumedBytes() - passthrough.count);
                maxCapacity[0] = Math.max(maxCapacity[0], splitter.retainedCapacity());
                return super.read(b, off, len);
            }
        };
        splitter.pump(in, passthrough);
        assertThat(passthrough.count).isEqualTo(filler + 6);
        assertThat(passthrough.head.toString(StandardCharsets.ISO_8859_1)).startsWith("  1.0 \0\0");
        assertThat(maxHeldBack[0]).isZero();
        assertThat(maxCapacity[0]).isLessThanOrEqualTo(ConsoleSplitter.MAX_LINE_BYTES);
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).containsExactly(ConsoleSplitter.MAX_LINE_BYTES, filler + 6, 0);
    }

    @Test
    void shouldSeeEveryValidPacketLineWholeAndEveryLongerOneAsLonger() throws IOException {
        String max = "KFKTR:" + "a".repeat(ConsoleFraming.MAX_LINE_BYTES - 7); // 3999 bytes + '\n' = 4000
        String over = max + "b"; // 4000 bytes + '\n'
        pump(bytes(max + "\r\n" + max + "\n" + over + "\n" + over + "\r\n" + max), ConsoleSplitter.MAX_LINE_BYTES, false);
        assertThat(seen).extracting(Seen::packet).containsOnly(true);
        assertThat(seen).extracting(x -> x.content().length()).containsExactly(3999, 3999, 4000, 4001, 3999);
        assertThat(seen).extracting(Seen::total).containsExactly(4001L, 4000L, 4001L, 4002L, 3999L);
        assertThat(out.size()).isZero();
    }

    @Test
    void shouldTreatCarriageReturnsAloneAsPartOfTheLine() throws IOException {
        byte[] input = bytes("  1.0 one\r  2.0 two\rKFKTR:{}\r\n\rKFKTR:{}\rKFKTR:{}\r\nlast\r");
        for (boolean slow : new boolean[] {false, true}) {
            seen.clear();
            out.reset();
            pump(input, ConsoleSplitter.MAX_LINE_BYTES, slow);
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("  1.0 one\r  2.0 two\rKFKTR:{}\r\n\rKFKTR:{}\rKFKTR:{}\r\nlast\r");
            assertThat(seen).hasSize(3);
            assertThat(seen).extracting(Seen::packet).containsOnly(false);
        }
        seen.clear();
        out.reset();
        pump(bytes("KFKTR:{}\rKFKTR:{}\r  1.0 x\r\n"), ConsoleSplitter.MAX_LINE_BYTES, false);
        assertThat(seen).containsExactly(new Seen("KFKTR:{}\rKFKTR:{}\r  1.0 x", true, 27));
        assertThat(out.size()).isZero();
    }

    @Test
    void shouldPassNulBytesAndInvalidUtf8InOrdinaryLinesThroughByteForByte() throws IOException {
        byte[] input = concat(new byte[] {0, 0, 'K', 'F', 0, '\n'}, new byte[] {(byte) 0xc3, (byte) 0x28, (byte) 0xf8, '\r', '\n'},
                bytes("K\0FKTR:{}\n"), new byte[] {'K', 'F', 'K', 'T', 'R', (byte) 0xff, '\n'});
        for (boolean slow : new boolean[] {false, true}) {
            seen.clear();
            out.reset();
            pump(input, ConsoleSplitter.MAX_LINE_BYTES, slow);
            assertThat(out.toByteArray()).isEqualTo(input);
            assertThat(seen).hasSize(4).extracting(Seen::packet).containsOnly(false);
        }
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }

    /** Delivers one byte per read, like a slow pipe. */
    static final class OneByte extends FilterInputStream {
        OneByte(InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return super.read(b, off, Math.min(1, len));
        }
    }
}
