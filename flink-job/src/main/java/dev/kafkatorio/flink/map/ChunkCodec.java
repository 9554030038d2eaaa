package dev.kafkatorio.flink.map;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The compact binary form of a chunk's terrain, as kept in Flink state. Version 1:
 *
 * <pre>
 * byte    1 (format version)
 * varint  P, then P × string          tile palette, in order of first appearance (row-major)
 * varint  R, then R × varint (length−1)·P + index       runs of tiles, row by row, covering 1024 cells
 *                                     (index and length share one varint: a short run of a small
 *                                     palette takes one byte)
 * varint  O, then O × string          resource palette, in order of first appearance
 * varint  N, then N × (varint cell gap, varint index, varint amount)   resource cells in cell order;
 *                                     the gap is cell − previous cell − 1 (previous = −1 at first)
 * </pre>
 *
 * Strings are a varint byte length and UTF-8. The encoding is canonical: equal chunks give equal
 * bytes, so comparing bytes tells whether anything changed. A typical noisy chunk (four grass
 * variants and dirt in ~230 runs) takes ~300 bytes; a chunk full of ore adds ~5 bytes per ore cell.
 */
public final class ChunkCodec {

    static final int VERSION = 1;

    private ChunkCodec() {}

    /** Encodes a chunk canonically. */
    public static byte[] encode(ChunkTiles chunk) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.write(VERSION);
        String[] tiles = chunk.tilesRowMajor();
        Map<String, Integer> palette = new HashMap<>();
        List<String> order = new ArrayList<>();
        for (String t : tiles) {
            if (palette.putIfAbsent(t, order.size()) == null) {
                order.add(t);
            }
        }
        Varints.write(out, order.size());
        order.forEach(name -> Varints.writeString(out, name));
        ByteArrayOutputStream runs = new ByteArrayOutputStream(256);
        int runCount = 0;
        for (int start = 0; start < tiles.length; ) {
            int end = start + 1;
            while (end < tiles.length && tiles[end].equals(tiles[start])) {
                end++;
            }
            Varints.write(runs, (long) (end - start - 1) * order.size() + palette.get(tiles[start]));
            runCount++;
            start = end;
        }
        Varints.write(out, runCount);
        out.writeBytes(runs.toByteArray());

        String[] ores = chunk.oresRowMajor();
        long[] amounts = chunk.amountsRowMajor();
        Map<String, Integer> orePalette = new HashMap<>();
        List<String> oreOrder = new ArrayList<>();
        int oreCells = 0;
        for (String ore : ores) {
            if (ore != null) {
                oreCells++;
                if (orePalette.putIfAbsent(ore, oreOrder.size()) == null) {
                    oreOrder.add(ore);
                }
            }
        }
        Varints.write(out, oreOrder.size());
        oreOrder.forEach(name -> Varints.writeString(out, name));
        Varints.write(out, oreCells);
        int previous = -1;
        for (int cell = 0; cell < ores.length; cell++) {
            if (ores[cell] != null) {
                Varints.write(out, cell - previous - 1);
                Varints.write(out, orePalette.get(ores[cell]));
                Varints.write(out, amounts[cell]);
                previous = cell;
            }
        }
        return out.toByteArray();
    }

    /**
     * Decodes bytes made by {@link #encode}.
     *
     * @throws IllegalArgumentException if the bytes are not a valid version-1 chunk
     */
    public static ChunkTiles decode(byte[] bytes) {
        Varints.Reader in = new Varints.Reader(bytes);
        int version = in.readByte();
        if (version != VERSION) {
            throw new IllegalArgumentException("unknown chunk state version " + version);
        }
        String[] palette = new String[in.readInt(ChunkTiles.CELLS)];
        for (int i = 0; i < palette.length; i++) {
            palette[i] = in.readString();
        }
        int runCount = in.readInt(ChunkTiles.CELLS);
        String[] tiles = new String[ChunkTiles.CELLS];
        int cell = 0;
        for (int r = 0; r < runCount; r++) {
            if (palette.length == 0) {
                throw new IllegalArgumentException("chunk state has runs but no palette");
            }
            long packed = in.read();
            String name = palette[(int) (packed % palette.length)];
            long length = packed / palette.length + 1;
            if (length > ChunkTiles.CELLS - cell) {
                throw new IllegalArgumentException("chunk state run " + r + " overruns the chunk");
            }
            java.util.Arrays.fill(tiles, cell, cell + (int) length, name);
            cell += (int) length;
        }
        if (cell != ChunkTiles.CELLS) {
            throw new IllegalArgumentException("chunk state runs cover " + cell + " cells");
        }
        String[] orePalette = new String[in.readInt(ChunkTiles.CELLS)];
        for (int i = 0; i < orePalette.length; i++) {
            orePalette[i] = in.readString();
        }
        int oreCells = in.readInt(ChunkTiles.CELLS);
        String[] ores = new String[ChunkTiles.CELLS];
        long[] amounts = new long[ChunkTiles.CELLS];
        int at = -1;
        for (int i = 0; i < oreCells; i++) {
            at += in.readInt(ChunkTiles.CELLS - 2 - at) + 1;
            ores[at] = orePalette[in.readInt(orePalette.length - 1)];
            amounts[at] = in.read();
        }
        if (!in.atEnd()) {
            throw new IllegalArgumentException("trailing bytes after the chunk state");
        }
        return new ChunkTiles(tiles, ores, amounts);
    }
}
