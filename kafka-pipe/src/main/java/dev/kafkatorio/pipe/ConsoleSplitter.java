package dev.kafkatorio.pipe;

import dev.kafkatorio.protocol.ConsoleFraming;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Splits a raw console byte stream into lines at {@code '\n'} and passes every line that is not a
 * packet line through byte for byte ({@code '\r'}, the {@code '\n'} and a last line without newline
 * included), flushing per line. A {@code '\r'} alone does not end a line.
 *
 * <p>A line is a packet line if its first bytes are {@code KFKTR:} or {@code KFKTR+}. As soon as a
 * line's first bytes rule that out, its bytes are streamed to the passthrough, so a line of any length
 * passes through unchanged with bounded memory. Memory is bounded whatever the input: of an ordinary
 * line the first {@link #MAX_LINE_BYTES} bytes are retained for the {@link LineListener} (banner and
 * binary checks), of a packet line the first {@link #MAX_PACKET_RETAINED_BYTES} (enough to tell that
 * it is over the protocol's line limit); the rest is only counted ({@code totalLength}).
 */
final class ConsoleSplitter {

    /** Ordinary lines longer than this (terminator included) are oversized: retained only up to here. */
    static final int MAX_LINE_BYTES = 1 << 20;

    /**
     * Bytes of a packet line retained: the longest line the protocol allows plus a {@code '\r'}, so that
     * every valid line (even with CRLF) is seen whole and every longer one is seen to be longer.
     */
    static final int MAX_PACKET_RETAINED_BYTES = ConsoleFraming.MAX_LINE_BYTES + 1;

    private static final byte[] WHOLE = {'K', 'F', 'K', 'T', 'R', ':'};
    private static final byte[] PART = {'K', 'F', 'K', 'T', 'R', '+'};

    /** Receives every line after its passthrough. */
    interface LineListener {
        /**
         * @param bytes the retained bytes of the line; valid until this method returns
         * @param contentLength retained bytes without the line terminator ({@code \n} or {@code \r\n})
         * @param packet whether the line is a packet line (and was therefore not passed through)
         * @param totalLength the line's full length in bytes, terminator included
         */
        void onLine(byte[] bytes, int contentLength, boolean packet, long totalLength) throws IOException;

        /** The input ended in the middle of a line (no final newline); {@link #onLine} follows. */
        default void onUnterminatedLine() {}
    }

    private enum Kind { UNKNOWN, ORDINARY, PACKET }

    private final int maxLineBytes;
    private final int maxPacketBytes;
    private final LineListener listener;
    private byte[] line = new byte[8192];
    private int retained;
    private long total;
    private long consumed;
    private long lineStart;
    private Kind kind = Kind.UNKNOWN;

    ConsoleSplitter(LineListener listener) {
        this(listener, MAX_LINE_BYTES);
    }

    ConsoleSplitter(LineListener listener, int maxLineBytes) {
        this(listener, maxLineBytes, Math.min(maxLineBytes, MAX_PACKET_RETAINED_BYTES));
    }

    ConsoleSplitter(LineListener listener, int maxLineBytes, int maxPacketBytes) {
        if (maxLineBytes < WHOLE.length || maxPacketBytes < WHOLE.length) {
            throw new IllegalArgumentException("line limits must hold the marker");
        }
        this.listener = listener;
        this.maxLineBytes = maxLineBytes;
        this.maxPacketBytes = maxPacketBytes;
    }

    /** Reads {@code in} until EOF. A last line without newline is completed at EOF. */
    void pump(InputStream in, OutputStream passthrough) throws IOException {
        byte[] buf = new byte[64 * 1024];
        int n;
        while ((n = in.read(buf)) != -1) {
            int start = 0;
            for (int i = 0; i < n; i++) {
                if (buf[i] == '\n') {
                    append(buf, start, i + 1 - start, passthrough);
                    endLine(passthrough);
                    start = i + 1;
                }
            }
            if (start < n) {
                append(buf, start, n - start, passthrough);
                if (kind == Kind.ORDINARY) {
                    passthrough.flush(); // show a partial line live
                }
            }
        }
        if (total > 0) {
            listener.onUnterminatedLine();
            endLine(passthrough);
        }
    }

    /** Bytes taken from all inputs so far (across pump calls). */
    long consumedBytes() {
        return consumed;
    }

    /** During {@link LineListener#onLine}: where that line started, counted like {@link #consumedBytes()}. */
    long lineStart() {
        return lineStart;
    }

    /** Bytes of the line read so far but not yet complete (0 at a line boundary). */
    long pendingLineBytes() {
        return total;
    }

    /** The size of the line buffer now: the memory the splitter holds (for tests). */
    int retainedCapacity() {
        return line.length;
    }

    private void append(byte[] buf, int off, int len, OutputStream passthrough) throws IOException {
        Kind before = kind;
        Kind now = before == Kind.UNKNOWN ? classify(buf, off, len) : before;
        int limit = now == Kind.PACKET ? maxPacketBytes : maxLineBytes;
        // while UNKNOWN fewer than WHOLE.length bytes are retained and limit >= WHOLE.length: all are kept
        int keep = (int) Math.min(len, Math.max(0, limit - retained));
        if (keep > 0) {
            if (retained + keep > line.length) {
                line = Arrays.copyOf(line, Math.min(limit, Math.max(retained + keep, line.length * 2)));
            }
            System.arraycopy(buf, off, line, retained, keep);
        }
        int had = retained;
        retained += keep;
        total += len;
        consumed += len;
        kind = now;
        if (before == Kind.UNKNOWN && now == Kind.ORDINARY) {
            // what was buffered before this chunk has not been written yet
            passthrough.write(line, 0, had);
            passthrough.write(buf, off, len);
        } else if (before == Kind.ORDINARY) {
            passthrough.write(buf, off, len);
        }
    }

    /** The kind of the line given the retained bytes followed by {@code buf[off, off + len)}. */
    private Kind classify(byte[] buf, int off, int len) {
        int n = (int) Math.min(WHOLE.length, (long) retained + len);
        boolean whole = true;
        boolean part = true;
        for (int i = 0; i < n; i++) {
            byte b = i < retained ? line[i] : buf[off + i - retained];
            whole &= b == WHOLE[i];
            part &= b == PART[i];
        }
        if (!whole && !part) {
            return Kind.ORDINARY;
        }
        return n >= WHOLE.length ? Kind.PACKET : Kind.UNKNOWN;
    }

    private void endLine(OutputStream passthrough) throws IOException {
        boolean packet = kind == Kind.PACKET;
        if (kind == Kind.UNKNOWN) {
            // a short line that is a prefix of the marker, e.g. "KFK\n" or "\n": ordinary
            passthrough.write(line, 0, retained);
        }
        if (!packet) {
            passthrough.flush();
        }
        int content = retained;
        if (total == retained) { // the terminator is retained: strip it
            if (content > 0 && line[content - 1] == '\n') {
                content--;
                if (content > 0 && line[content - 1] == '\r') {
                    content--;
                }
            } else if (content > 0 && line[content - 1] == '\r') {
                content--; // "...\r" at EOF
            }
        }
        long length = total;
        lineStart = consumed - total;
        retained = 0;
        total = 0;
        kind = Kind.UNKNOWN;
        listener.onLine(line, content, packet, length);
        if (line.length > 64 * 1024) {
            line = new byte[8192]; // give back the memory of a long line
        }
    }
}
