package dev.kafkatorio.flink.map;

import dev.kafkatorio.protocol.PacketCodec;
import java.util.Base64;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decodes the game's chart of one chunk ({@code chart} packets): base64 → zlib inflate (falling back
 * to raw deflate) → exactly 2048 bytes → 32×32 RGB565 pixels, little-endian, row by row → RGB888.
 *
 * <p>RGB565 → RGB888 uses bit replication: {@code r8 = r5<<3 | r5>>2}, {@code g8 = g6<<2 | g6>>4},
 * {@code b8 = b5<<3 | b5>>2}, so 0 stays 0 and full scale becomes 255 (plain shifting, as Clusterio
 * does, would turn white into 248,252,248). Either way a colour differs from the prototype's map
 * colour by up to 7 per channel, because the game quantised it to 565.
 */
public final class GameChartDecoder {

    /** Bytes of one chunk's chart: 32×32 pixels × 2. */
    public static final int CHART_BYTES = 2048;

    /** Most {@code Inflater.inflate} calls per chart (each either makes progress or ends the loop). */
    private static final int MAX_INFLATE_CALLS = 4 * (CHART_BYTES + 1);

    /** Longest chart string decoded ({@link PacketCodec#MAX_CHART_CHARS}; the codec rejects longer ones). */
    public static final int MAX_ENCODED_CHARS = PacketCodec.MAX_CHART_CHARS;

    private GameChartDecoder() {}

    /**
     * The 2048 RGB565 bytes of a chart string.
     *
     * @throws IllegalArgumentException if it is not base64 of zlib/deflate data of exactly 2048 bytes
     */
    public static byte[] inflate(String encoded) {
        if (encoded.length() > MAX_ENCODED_CHARS) {
            throw new IllegalArgumentException("chart data of " + encoded.length() + " chars is longer than "
                    + MAX_ENCODED_CHARS);
        }
        byte[] compressed;
        try {
            compressed = Base64.getMimeDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("chart data is not base64: " + e.getMessage(), e);
        }
        try {
            return inflate(compressed, false);
        } catch (DataFormatException e) {
            try {
                return inflate(compressed, true);
            } catch (DataFormatException raw) {
                throw new IllegalArgumentException("chart data is neither zlib nor deflate: " + e.getMessage(), e);
            }
        }
    }

    private static byte[] inflate(byte[] compressed, boolean raw) throws DataFormatException {
        Inflater inflater = new Inflater(raw);
        try {
            inflater.setInput(compressed);
            byte[] out = new byte[CHART_BYTES + 1]; // one spare byte detects longer data without inflating it all
            int n = 0;
            // output is bounded by the buffer (a zlib bomb stops at 2049 bytes); calls are bounded too, so
            // input on which the inflater makes no progress cannot spin here
            for (int calls = 0; n < out.length && !inflater.finished() && calls < MAX_INFLATE_CALLS; calls++) {
                int got = inflater.inflate(out, n, out.length - n);
                if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                n += got;
            }
            if (n != CHART_BYTES) {
                throw new IllegalArgumentException(
                        "chart data inflates to " + (n > CHART_BYTES ? "more than " + CHART_BYTES : n) + " bytes, expected "
                                + CHART_BYTES);
            }
            return java.util.Arrays.copyOf(out, CHART_BYTES);
        } finally {
            inflater.end();
        }
    }

    /** Converts one RGB565 value to {@code 0xRRGGBB} by bit replication. */
    public static int rgb565ToRgb(int v) {
        int r = (v >> 11) & 0x1F;
        int g = (v >> 5) & 0x3F;
        int b = v & 0x1F;
        return (r << 3 | r >> 2) << 16 | (g << 2 | g >> 4) << 8 | (b << 3 | b >> 2);
    }

    /** The 1024 {@code 0xRRGGBB} pixels (row by row) of 2048 little-endian RGB565 bytes. */
    public static int[] toRgb(byte[] rgb565) {
        if (rgb565.length != CHART_BYTES) {
            throw new IllegalArgumentException("chart must be " + CHART_BYTES + " bytes, got " + rgb565.length);
        }
        int[] rgb = new int[CHART_BYTES / 2];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = rgb565ToRgb((rgb565[2 * i] & 0xFF) | (rgb565[2 * i + 1] & 0xFF) << 8);
        }
        return rgb;
    }
}
