package dev.kafkatorio.flink.map;

import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Compact bytes of a 128×128 RGBA quadrant (pyramid state and records between levels): raw deflate
 * at the fastest level. Map tiles are flat 8×8 colour blocks, so a 64 KiB quadrant deflates to a
 * few KiB. Deterministic (same pixels, same JVM → same bytes). Bytes of exactly {@link
 * Downsampler#QUADRANT_BYTES} are the raw pixels (older state, and the unlikely case that
 * deflating does not help), so decoding is unambiguous.
 */
public final class QuadrantCodec {

    private QuadrantCodec() {}

    /** The compact form of a 128×128 RGBA quadrant. */
    public static byte[] encode(byte[] half) {
        if (half.length != Downsampler.QUADRANT_BYTES) {
            throw new IllegalArgumentException("quadrant must be " + Downsampler.QUADRANT_BYTES + " bytes, got " + half.length);
        }
        Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
        try {
            deflater.setInput(half);
            deflater.finish();
            byte[] buf = new byte[8192];
            int n = 0;
            while (!deflater.finished()) {
                if (n == buf.length) {
                    if (buf.length >= Downsampler.QUADRANT_BYTES) {
                        return half.clone(); // does not compress: keep raw
                    }
                    buf = Arrays.copyOf(buf, Math.min(buf.length * 2, Downsampler.QUADRANT_BYTES));
                }
                n += deflater.deflate(buf, n, buf.length - n);
            }
            return n == Downsampler.QUADRANT_BYTES ? half.clone() : Arrays.copyOf(buf, n);
        } finally {
            deflater.end();
        }
    }

    /** The 128×128 RGBA pixels of a compact quadrant. */
    public static byte[] decode(byte[] packed) {
        if (packed.length == Downsampler.QUADRANT_BYTES) {
            return packed;
        }
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(packed);
            byte[] out = new byte[Downsampler.QUADRANT_BYTES];
            int n = 0;
            while (n < out.length && !inflater.finished()) {
                int k = inflater.inflate(out, n, out.length - n);
                if (k == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                n += k;
            }
            if (n != out.length) {
                throw new IllegalArgumentException("corrupt quadrant: " + n + " of " + out.length + " bytes");
            }
            return out;
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("corrupt quadrant", e);
        } finally {
            inflater.end();
        }
    }
}
