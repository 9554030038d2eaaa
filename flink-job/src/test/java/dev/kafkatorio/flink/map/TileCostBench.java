package dev.kafkatorio.flink.map;

/**
 * Measures the per-tile cost of the map pipeline's steps (not a test: run its {@code main}). Prints a
 * results table: chunk state bytes, decode + render, downsample, PNG encode, PNG size.
 */
public final class TileCostBench {

    private TileCostBench() {}

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        ColorTable colors = ColorTable.fallback();
        byte[][] states = new byte[64][];
        long stateBytes = 0;
        long oreStateBytes = 0;
        for (int i = 0; i < states.length; i++) {
            states[i] = ChunkCodec.encode(MapTestData.noisyChunk(i, false));
            stateBytes += states[i].length;
            oreStateBytes += ChunkCodec.encode(MapTestData.noisyChunk(i, true)).length;
        }
        byte[] rgba = null;
        long sink = 0;
        for (int round = 0; round < 2; round++) { // first round warms up
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                rgba = TileRenderer.renderTerrain(ChunkCodec.decode(states[i % states.length]), colors);
                sink += rgba[i % 1000];
            }
            long t1 = System.nanoTime();
            byte[][] children = {rgba, rgba, rgba, rgba};
            for (int i = 0; i < n; i++) {
                sink += Downsampler.downsample(children)[i % 1000];
            }
            long t2 = System.nanoTime();
            long pngBytes = 0;
            for (int i = 0; i < n; i++) {
                byte[] png = PngEncoder.encode(TileRenderer.renderTerrain(ChunkCodec.decode(states[i % states.length]), colors));
                pngBytes += png.length;
            }
            long t3 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                sink += PngEncoder.contentHash(rgba).length();
            }
            long t4 = System.nanoTime();
            long packedBytes = 0;
            byte[] half = Downsampler.halve(rgba);
            for (int i = 0; i < n; i++) {
                packedBytes += QuadrantCodec.encode(
                        Downsampler.halve(TileRenderer.renderTerrain(ChunkCodec.decode(states[i % states.length]), colors))).length;
            }
            long t5 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                sink += QuadrantCodec.decode(QuadrantCodec.encode(half))[i % 1000];
            }
            long t6 = System.nanoTime();
            if (round == 1) {
                System.out.printf("| step | per tile |%n| --- | --- |%n");
                System.out.printf("| chunk state (noisy, no ore), mean | %d B |%n", stateBytes / states.length);
                System.out.printf("| chunk state (noisy, 36 ore cells), mean | %d B |%n", oreStateBytes / states.length);
                System.out.printf("| decode state + render z=3 RGBA | %.3f ms |%n", (t1 - t0) / 1e6 / n);
                System.out.printf("| downsample 4 children → parent | %.3f ms |%n", (t2 - t1) / 1e6 / n);
                System.out.printf("| render + PNG encode | %.3f ms |%n", (t3 - t2) / 1e6 / n);
                System.out.printf("| SHA-256 of 256 KiB (upper bound; PNGs are smaller) | %.3f ms |%n", (t4 - t3) / 1e6 / n);
                System.out.printf("| PNG size, mean | %d B |%n", pngBytes / n);
                System.out.printf("| render + halve + QuadrantCodec.encode | %.3f ms |%n", (t5 - t4) / 1e6 / n);
                System.out.printf("| QuadrantCodec encode + decode | %.3f ms |%n", (t6 - t5) / 1e6 / n);
                System.out.printf("| pyramid state per quadrant (raw 65536 B), mean | %d B |%n", packedBytes / n);
            }
        }
        System.out.println("(checksum " + sink + ")");
    }
}
