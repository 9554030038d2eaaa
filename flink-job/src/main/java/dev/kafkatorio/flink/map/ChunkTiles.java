package dev.kafkatorio.flink.map;

import dev.kafkatorio.protocol.ChunkTerrain;
import dev.kafkatorio.protocol.TileChanges;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The decoded terrain of one 32×32 chunk: a tile name per cell and an optional resource (name and
 * amount) per cell, cells row by row (y outer, x inner). Mutable; {@link ChunkCodec} stores it.
 */
public final class ChunkTiles {

    /** Tiles per chunk edge. */
    public static final int SIZE = ChunkTerrain.SIZE;
    /** Cells per chunk. */
    public static final int CELLS = SIZE * SIZE;

    private final String[] tiles;
    private final String[] ores;
    private final long[] amounts;

    ChunkTiles(String[] tiles, String[] ores, long[] amounts) {
        this.tiles = tiles;
        this.ores = ores;
        this.amounts = amounts;
    }

    /** A chunk entirely of one tile, without resources. */
    public static ChunkTiles filled(String tile) {
        String[] tiles = new String[CELLS];
        Arrays.fill(tiles, tile);
        return new ChunkTiles(tiles, new String[CELLS], new long[CELLS]);
    }

    /** Expands a {@code chunk} packet (validated by the protocol codec: runs cover 1024 cells). */
    public static ChunkTiles of(ChunkTerrain terrain) {
        String[] tiles = new String[CELLS];
        int cell = 0;
        int[] runs = terrain.runs();
        for (int i = 0; i + 1 < runs.length; i += 2) {
            String name = terrain.palette()[runs[i]];
            int end = (int) Math.min(CELLS, (long) cell + Math.max(0, runs[i + 1])); // never past the chunk
            Arrays.fill(tiles, cell, end, name);
            cell = end;
        }
        if (cell != CELLS) {
            throw new IllegalArgumentException("runs cover " + cell + " of " + CELLS + " tiles");
        }
        String[] ores = new String[CELLS];
        long[] amounts = new long[CELLS];
        long[] cells = terrain.ores() == null ? new long[0] : terrain.ores();
        for (int i = 0; i + 3 < cells.length; i += 4) {
            int at = (int) (cells[i + 2] * SIZE + cells[i + 1]);
            ores[at] = terrain.orePalette()[(int) cells[i]];
            amounts[at] = cells[i + 3];
        }
        return new ChunkTiles(tiles, ores, amounts);
    }

    /** The tile name at {@code (dx, dy)}, 0..31 each. */
    public String tile(int dx, int dy) {
        return tiles[index(dx, dy)];
    }

    /** The resource at {@code (dx, dy)}, or {@code null}. */
    public String ore(int dx, int dy) {
        return ores[index(dx, dy)];
    }

    /** The resource amount at {@code (dx, dy)} (0 without a resource). */
    public long oreAmount(int dx, int dy) {
        return amounts[index(dx, dy)];
    }

    /** Puts a resource on a cell ({@code null} removes it). */
    public void setOre(int dx, int dy, String ore, long amount) {
        int i = index(dx, dy);
        ores[i] = ore;
        amounts[i] = ore == null ? 0 : amount;
    }

    /** Sets one tile; returns whether it changed. */
    public boolean setTile(int dx, int dy, String tile) {
        int i = index(dx, dy);
        if (tile.equals(tiles[i])) {
            return false;
        }
        tiles[i] = tile;
        return true;
    }

    /**
     * Applies the triples of {@code changes} that fall inside chunk {@code (cx, cy)}; returns whether
     * any tile changed.
     */
    public boolean apply(int cx, int cy, TileChanges changes) {
        boolean changed = false;
        int[] t = changes.tiles();
        for (int i = 0; i + 2 < t.length; i += 3) {
            if (Math.floorDiv(t[i], SIZE) == cx && Math.floorDiv(t[i + 1], SIZE) == cy) {
                changed |= setTile(Math.floorMod(t[i], SIZE), Math.floorMod(t[i + 1], SIZE), changes.palette()[t[i + 2]]);
            }
        }
        return changed;
    }

    String[] tilesRowMajor() {
        return tiles;
    }

    String[] oresRowMajor() {
        return ores;
    }

    long[] amountsRowMajor() {
        return amounts;
    }

    private static int index(int dx, int dy) {
        if (dx < 0 || dx >= SIZE || dy < 0 || dy >= SIZE) {
            throw new IllegalArgumentException("cell (" + dx + "," + dy + ") outside the chunk");
        }
        return dy * SIZE + dx;
    }

    /** One chunk's share of a {@link TileChanges} packet. */
    public record ChunkPart(int cx, int cy, TileChanges changes) {}

    /**
     * Splits a {@code tiles} packet into one {@link TileChanges} per chunk it touches (chunks in
     * order of first appearance, palette kept whole), so each part can go to its chunk's key.
     */
    public static List<ChunkPart> splitByChunk(TileChanges changes) {
        int[] t = changes.tiles();
        Map<Long, List<Integer>> starts = new LinkedHashMap<>();
        for (int i = 0; i + 2 < t.length; i += 3) {
            long key = ((long) Math.floorDiv(t[i], SIZE) << 32) ^ (Math.floorDiv(t[i + 1], SIZE) & 0xFFFFFFFFL);
            starts.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
        }
        List<ChunkPart> parts = new ArrayList<>(starts.size());
        for (Map.Entry<Long, List<Integer>> e : starts.entrySet()) {
            int[] mine = new int[e.getValue().size() * 3];
            int j = 0;
            for (int i : e.getValue()) {
                mine[j++] = t[i];
                mine[j++] = t[i + 1];
                mine[j++] = t[i + 2];
            }
            int cx = (int) (e.getKey() >> 32);
            int cy = (int) (long) e.getKey();
            parts.add(new ChunkPart(cx, cy, new TileChanges(changes.surface(), changes.palette(), mine)));
        }
        return parts;
    }
}
