package dev.kafkatorio.pipe;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** Console input generated lazily (gigabytes without holding them) and a counting passthrough. */
final class Synthetic {

    private Synthetic() {}

    /** {@code n} copies of {@code fill}, generated on read. */
    static InputStream repeat(byte fill, long n) {
        return new InputStream() {
            long left = n;

            @Override
            public int read() {
                if (left == 0) {
                    return -1;
                }
                left--;
                return fill & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left == 0) {
                    return -1;
                }
                int k = (int) Math.min(len, left);
                Arrays.fill(b, off, off + k, fill);
                left -= k;
                return k;
            }
        };
    }

    static InputStream bytes(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    static InputStream bytes(byte[] b) {
        return new ByteArrayInputStream(b);
    }

    /** The streams one after the other. */
    static InputStream concat(InputStream... parts) {
        return concat(List.of(parts));
    }

    static InputStream concat(List<InputStream> parts) {
        return new SequenceInputStream(Collections.enumeration(new ArrayList<>(parts)));
    }

    /** Counts what is written and keeps only the first {@code keep} bytes. */
    static final class CountingOutput extends OutputStream {
        final int keep;
        long count;
        final java.io.ByteArrayOutputStream head = new java.io.ByteArrayOutputStream();

        CountingOutput(int keep) {
            this.keep = keep;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            int k = (int) Math.max(0, Math.min(len, keep - count));
            head.write(b, off, k);
            count += len;
            afterWrite();
        }

        void afterWrite() {}
    }
}
