package dev.kafkatorio.protocol;

/**
 * Body of a {@code chunk} packet: the terrain of one charted 32×32 chunk.
 *
 * <p>Wire form: {@code {"surface":1,"cx":-2,"cy":3,"force":"player","hash":"9f1c..","palette":
 * ["grass-1","water"],"runs":[0,1000,1,24],"ores":{"palette":["iron-ore"],"cells":[0,4,7,1200]}}}.
 *
 * @param surface surface index
 * @param cx chunk x (game tile x = 32·cx + dx)
 * @param cy chunk y
 * @param hash the mod's content hash of this chunk's export (changes when the content changes)
 * @param palette tile names used in the chunk
 * @param runs run-length encoding of the 1024 tiles, row by row (y outer, x inner) from the chunk's
 *     north-west corner: pairs {@code [palette index, run length]}; the lengths add up to 1024
 * @param orePalette resource entity names used in the chunk
 * @param ores resource entities: quadruples {@code [ore palette index, dx, dy, amount]}, dx/dy in 0..31
 */
public record ChunkTerrain(
        int surface, int cx, int cy, String hash, String[] palette, int[] runs, String[] orePalette, long[] ores)
        implements Payload {

    /** Tiles per chunk edge. */
    public static final int SIZE = 32;
}
