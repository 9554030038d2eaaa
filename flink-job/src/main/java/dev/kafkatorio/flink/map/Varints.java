package dev.kafkatorio.flink.map;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Unsigned LEB128 varints and length-prefixed UTF-8 strings, the building blocks of {@link ChunkCodec}. */
final class Varints {

    private Varints() {}

    static void write(ByteArrayOutputStream out, long value) {
        if (value < 0) {
            throw new IllegalArgumentException("varints are unsigned, got " + value);
        }
        while ((value & ~0x7FL) != 0) {
            out.write((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }

    static void writeString(ByteArrayOutputStream out, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        write(out, bytes.length);
        out.writeBytes(bytes);
    }

    /** A cursor over an encoded byte array. */
    static final class Reader {
        private final byte[] bytes;
        private int pos;

        Reader(byte[] bytes) {
            this.bytes = bytes;
        }

        long read() {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= bytes.length) {
                    throw new IllegalArgumentException("truncated varint at byte " + pos);
                }
                int b = bytes[pos++] & 0xFF;
                value |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
            throw new IllegalArgumentException("varint longer than 64 bits at byte " + pos);
        }

        int readInt(int max) {
            long v = read();
            if (v > max) {
                throw new IllegalArgumentException("value " + v + " > " + max + " at byte " + pos);
            }
            return (int) v;
        }

        int readByte() {
            if (pos >= bytes.length) {
                throw new IllegalArgumentException("truncated at byte " + pos);
            }
            return bytes[pos++] & 0xFF;
        }

        String readString() {
            int len = readInt(bytes.length - pos);
            String s = new String(bytes, pos, len, StandardCharsets.UTF_8);
            pos += len;
            return s;
        }

        boolean atEnd() {
            return pos == bytes.length;
        }
    }
}
