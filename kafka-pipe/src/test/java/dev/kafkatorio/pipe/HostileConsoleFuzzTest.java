package dev.kafkatorio.pipe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafkatorio.protocol.ConsoleFraming;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeded random consoles mixing valid packets, ordinary lines and hostile lines of every class, read
 * in random chunk sizes. Whatever the input: ordinary lines pass through byte for byte, every valid
 * packet arrives intact and in order, every packet line is accounted for (framed or rejected with a
 * reason), records with a framing error stay within the bound, and the memory held for parts never
 * exceeds its bound.
 */
class HostileConsoleFuzzTest {

    static final byte[] WHOLE = "KFKTR:".getBytes(StandardCharsets.US_ASCII);
    static final byte[] PART = "KFKTR+".getBytes(StandardCharsets.US_ASCII);

    final List<OutboundPacket> sent = new ArrayList<>();
    final PipeCounters counters = new PipeCounters();
    final PacketFramer framer = new PacketFramer(sent::add, counters, () -> 1L, 1L);

    @ParameterizedTest
    @ValueSource(longs = {1, 42, 20260101})
    void shouldSurviveAndAccountForEveryHostileLine(long seed) throws IOException {
        Random rnd = new Random(seed);
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        List<String> expectedWhole = new ArrayList<>();
        List<String> expectedMulti = new ArrayList<>();
        List<List<String>> openMulti = new ArrayList<>();
        int wholeSeq = 0;
        int multiSeq = 1000;
        for (int line = 0; line < 3000; line++) {
            int kind = rnd.nextInt(100);
            if (kind < 15) {
                String json = "{\"fuzz-whole\":" + wholeSeq++ + ",\"t\":\"" + text(rnd, rnd.nextInt(200)) + "\"}";
                expectedWhole.add(json);
                write(console, rnd, ConsoleFraming.WHOLE_PREFIX + json);
            } else if (kind < 20 && openMulti.size() < 5) {
                String json = "{\"fuzz-multi\":" + multiSeq + ",\"t\":\"" + text(rnd, 4000 + rnd.nextInt(12_000)) + "\"}";
                List<String> parts = new ArrayList<>(ConsoleFraming.frame(multiSeq++, json));
                // out of order within the set, interleaved with everything else
                if (rnd.nextBoolean()) {
                    java.util.Collections.shuffle(parts, rnd);
                }
                parts.add(0, json); // remembered in front, shipped when the last part is written
                openMulti.add(parts);
            } else if (kind < 40 && !openMulti.isEmpty()) {
                List<String> parts = openMulti.get(rnd.nextInt(openMulti.size()));
                write(console, rnd, parts.remove(1));
                if (parts.size() == 1) {
                    expectedMulti.add(parts.get(0));
                    openMulti.remove(parts);
                }
            } else if (kind < 55) {
                write(console, rnd, ordinary(rnd));
            } else {
                console.writeBytes(hostile(rnd));
                console.writeBytes(rnd.nextInt(4) == 0 ? new byte[] {'\r', '\n'} : new byte[] {'\n'});
            }
        }
        for (List<String> parts : openMulti) { // finish the open ones
            while (parts.size() > 1) {
                write(console, rnd, parts.remove(1));
            }
            expectedMulti.add(parts.get(0));
        }
        console.writeBytes(hostile(rnd)); // maybe a last line without newline
        byte[] input = console.toByteArray();

        ByteArrayOutputStream passthrough = new ByteArrayOutputStream();
        ConsoleSplitter splitter = new ConsoleSplitter((b, len, packet, total) -> {
            framer.onLine(b, len, packet, total);
            assertThat(framer.pendingBytes()).isLessThanOrEqualTo(PacketFramer.MAX_PENDING_BYTES);
            assertThat(framer.pendingSets()).isLessThanOrEqualTo(PacketFramer.MAX_PENDING_PART_SETS);
        });
        splitter.pump(new RandomChunks(new ByteArrayInputStream(input), new Random(seed + 1)), passthrough);
        framer.flushPending();

        // ordinary lines byte for byte; lines counted like a plain split at '\n'
        List<byte[]> lines = split(input);
        ByteArrayOutputStream expectedPassthrough = new ByteArrayOutputStream();
        long packetLines = 0;
        for (byte[] l : lines) {
            if (startsWith(l, WHOLE) || startsWith(l, PART)) {
                packetLines++;
            } else {
                expectedPassthrough.writeBytes(l);
            }
        }
        assertThat(passthrough.toByteArray()).isEqualTo(expectedPassthrough.toByteArray());
        assertThat(counters.lines.get()).isEqualTo(lines.size());
        assertThat(counters.packetLines.get()).isEqualTo(packetLines);

        // every valid packet intact, in order
        List<String> good = sent.stream().filter(p -> p.framingError() == null)
                .map(p -> new String(p.value(), StandardCharsets.UTF_8)).toList();
        assertThat(good.stream().filter(v -> v.startsWith("{\"fuzz-whole\":")).toList()).isEqualTo(expectedWhole);
        assertThat(good.stream().filter(v -> v.startsWith("{\"fuzz-multi\":")).toList()).isEqualTo(expectedMulti);

        // every packet line framed or rejected with a reason; bounded, valid UTF-8 records
        PipeStats stats = counters.snapshot(0, 0, 0);
        assertThat(stats.framedPacketLines() + stats.rejectedLinesTotal()).isEqualTo(packetLines);
        assertThat(stats.rejectedLines().get("oversized_line")).isPositive();
        assertThat(stats.rejectedLines().get("malformed_part_header")).isPositive();
        assertThat(stats.rejectedLines().get("incomplete_part")).isPositive();
        assertThat(sent).allSatisfy(p -> assertThat(validUtf8(p.value())).isTrue());
        assertThat(sent).filteredOn(p -> p.framingError() != null)
                .allSatisfy(p -> assertThat(p.value().length).isLessThanOrEqualTo(PacketFramer.MAX_ERROR_VALUE_BYTES));
        assertThat(framer.pendingBytes()).isZero();
        assertThat(splitter.retainedCapacity()).isLessThanOrEqualTo(ConsoleSplitter.MAX_LINE_BYTES);
    }

    static void write(ByteArrayOutputStream out, Random rnd, String line) {
        out.writeBytes(line.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(rnd.nextInt(5) == 0 ? new byte[] {'\r', '\n'} : new byte[] {'\n'});
    }

    /** JSON-safe text with some multi-byte characters. */
    static String text(Random rnd, int n) {
        String alphabet = "abcxyz 0123456789éü€😀";
        StringBuilder sb = new StringBuilder();
        while (sb.length() < n) {
            sb.appendCodePoint(alphabet.codePointAt(alphabet.offsetByCodePoints(0, rnd.nextInt(alphabet.codePointCount(0, alphabet.length())))));
        }
        return sb.toString();
    }

    static String ordinary(Random rnd) {
        return switch (rnd.nextInt(5)) {
            case 0 -> String.format("%8.3f Info Server.cpp:123: %s", rnd.nextDouble() * 1000, text(rnd, rnd.nextInt(80)));
            case 1 -> "2026-11-27 09:00:09 [CHAT] eve: KFKTR:{\"seq\":1} " + text(rnd, 10);
            case 2 -> " KFKTR:{\"indented\":1}";
            case 3 -> "kfktr:{\"lower\":1}\r  1.0 cr only\rKFKTR+ after a cr";
            default -> "";
        };
    }

    /** One hostile line (no '\n'). */
    static byte[] hostile(Random rnd) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        switch (rnd.nextInt(8)) {
            case 0 -> b.writeBytes(junk(rnd, rnd.nextInt(300))); // anything, maybe a marker by chance
            case 1 -> {
                b.writeBytes(WHOLE);
                b.writeBytes(junk(rnd, rnd.nextInt(300)));
            }
            case 2, 3 -> {
                b.writeBytes(PART);
                b.writeBytes(pick(rnd, "" + rnd.nextInt(50), "-1", "", "x", "1234567890123456789012", "007").getBytes(StandardCharsets.US_ASCII));
                b.write('/');
                b.writeBytes(pick(rnd, "" + rnd.nextInt(1100), "" + (1 + rnd.nextInt(3)), "-1", "0", "9999999", "a", "").getBytes(StandardCharsets.US_ASCII));
                b.write(rnd.nextInt(10) == 0 ? '|' : '/');
                b.writeBytes(pick(rnd, "" + rnd.nextInt(1100), "" + (2 + rnd.nextInt(3)), "999999", "1", "0", "-5", "10000000").getBytes(StandardCharsets.US_ASCII));
                if (rnd.nextInt(10) != 0) {
                    b.write(':');
                }
                b.writeBytes(junk(rnd, rnd.nextInt(64)));
            }
            case 4 -> { // over the protocol's line limit
                b.writeBytes(rnd.nextBoolean() ? WHOLE : PART);
                if (rnd.nextBoolean()) {
                    b.writeBytes(("1/1/2:").getBytes(StandardCharsets.US_ASCII));
                }
                b.writeBytes(junk(rnd, 3995 + rnd.nextInt(16_000)));
            }
            case 5 -> b.writeBytes(junk(rnd, 5000 + rnd.nextInt(20_000))); // a long line, mostly ordinary
            case 6 -> { // a repeated part
                String p = "KFKTR+" + rnd.nextInt(50) + "/1/2:" + rnd.nextInt(10);
                b.writeBytes((p + "\n" + p).getBytes(StandardCharsets.US_ASCII));
            }
            default -> {
                b.writeBytes(WHOLE);
                b.write(0);
                b.writeBytes(new byte[] {'{', '\r', (byte) 0xc3, (byte) 0x28, 0, '}'});
            }
        }
        return b.toByteArray();
    }

    static String pick(Random rnd, String... options) {
        return options[rnd.nextInt(options.length)];
    }

    /** Random bytes without '\n': control bytes, CR, NUL, invalid UTF-8, ASCII. */
    static byte[] junk(Random rnd, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            int r = rnd.nextInt(10);
            b[i] = (byte) (r < 5 ? 'a' + rnd.nextInt(26) : r < 7 ? rnd.nextInt(32) : rnd.nextInt(256));
            if (b[i] == '\n') {
                b[i] = '\r';
            }
        }
        return b;
    }

    static List<byte[]> split(byte[] input) {
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < input.length; i++) {
            if (input[i] == '\n') {
                lines.add(Arrays.copyOfRange(input, start, i + 1));
                start = i + 1;
            }
        }
        if (start < input.length) {
            lines.add(Arrays.copyOfRange(input, start, input.length));
        }
        return lines;
    }

    static boolean startsWith(byte[] line, byte[] prefix) {
        return line.length >= prefix.length && Arrays.equals(line, 0, prefix.length, prefix, 0, prefix.length);
    }

    static boolean validUtf8(byte[] b) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(b));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** Reads of random sizes, like a pipe. */
    static final class RandomChunks extends FilterInputStream {
        final Random rnd;

        RandomChunks(InputStream in, Random rnd) {
            super(in);
            this.rnd = rnd;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return super.read(b, off, Math.min(len, 1 + rnd.nextInt(rnd.nextBoolean() ? 16 : 9000)));
        }
    }
}
