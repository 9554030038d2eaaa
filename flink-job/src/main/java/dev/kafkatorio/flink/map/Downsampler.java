package dev.kafkatorio.flink.map;

/**
 * Builds a z−1 tile from its four z children. Each child (256×256 RGBA) is halved by a 2×2 box
 * filter into one 128×128 quadrant of the parent: alpha is the rounded mean of the four alphas,
 * colour the alpha-weighted rounded mean (so transparent pixels do not darken their neighbours). A
 * missing child leaves its quadrant fully transparent. Integer arithmetic only: deterministic.
 */
public final class Downsampler {

    /** Pixels per quadrant edge. */
    public static final int HALF = TileRenderer.PIXELS / 2;
    /** Bytes of one RGBA quadrant. */
    public static final int QUADRANT_BYTES = HALF * HALF * 4;

    private Downsampler() {}

    /** The quadrant (0 = north-west, 1 = north-east, 2 = south-west, 3 = south-east) a child tile fills in its parent. */
    public static int quadrantOf(long childX, long childY) {
        return (int) (Math.floorMod(childX, 2L) + 2 * Math.floorMod(childY, 2L));
    }

    /** A 256×256 RGBA child halved to a 128×128 RGBA quadrant. */
    public static byte[] halve(byte[] child) {
        int size = TileRenderer.PIXELS;
        if (child.length != TileRenderer.RGBA_BYTES) {
            throw new IllegalArgumentException("child tile must be " + TileRenderer.RGBA_BYTES + " bytes, got " + child.length);
        }
        byte[] out = new byte[QUADRANT_BYTES];
        for (int y = 0; y < HALF; y++) {
            for (int x = 0; x < HALF; x++) {
                int i00 = ((2 * y) * size + 2 * x) * 4;
                int i01 = i00 + 4;
                int i10 = i00 + size * 4;
                int i11 = i10 + 4;
                int a00 = child[i00 + 3] & 0xFF;
                int a01 = child[i01 + 3] & 0xFF;
                int a10 = child[i10 + 3] & 0xFF;
                int a11 = child[i11 + 3] & 0xFF;
                int alphaSum = a00 + a01 + a10 + a11;
                int o = (y * HALF + x) * 4;
                if (alphaSum == 0) {
                    continue; // stays transparent black
                }
                for (int c = 0; c < 3; c++) {
                    long weighted = (long) (child[i00 + c] & 0xFF) * a00 + (long) (child[i01 + c] & 0xFF) * a01
                            + (long) (child[i10 + c] & 0xFF) * a10 + (long) (child[i11 + c] & 0xFF) * a11;
                    out[o + c] = (byte) ((weighted + alphaSum / 2) / alphaSum);
                }
                out[o + 3] = (byte) ((alphaSum + 2) / 4);
            }
        }
        return out;
    }

    /** Copies a 128×128 quadrant into its place in a 256×256 RGBA parent. */
    public static void place(byte[] parent, int quadrant, byte[] half) {
        int ox = (quadrant & 1) * HALF;
        int oy = (quadrant >> 1) * HALF;
        for (int y = 0; y < HALF; y++) {
            System.arraycopy(half, y * HALF * 4, parent, ((oy + y) * TileRenderer.PIXELS + ox) * 4, HALF * 4);
        }
    }

    /** The parent of four children indexed by quadrant; a {@code null} child is transparent. */
    public static byte[] downsample(byte[][] children) {
        byte[] parent = new byte[TileRenderer.RGBA_BYTES];
        for (int q = 0; q < 4; q++) {
            if (children[q] != null) {
                place(parent, q, halve(children[q]));
            }
        }
        return parent;
    }
}
