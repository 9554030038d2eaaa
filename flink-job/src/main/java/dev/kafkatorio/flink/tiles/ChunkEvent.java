package dev.kafkatorio.flink.tiles;

import dev.kafkatorio.protocol.ChunkTerrain;
import dev.kafkatorio.protocol.GameChart;
import dev.kafkatorio.protocol.TileChanges;

/**
 * Something that happened to one chunk, split out of a packet so it can go to the chunk's key
 * ({@link TileKeys#chunk}). Exactly one of {@code terrain}, {@code tiles}, {@code chart} is set, or
 * {@code deleted} is true.
 *
 * @param server server id
 * @param surface surface index
 * @param cx chunk x
 * @param cy chunk y
 * @param terrain a {@code chunk} packet's body (replaces the chunk)
 * @param tiles this chunk's share of a {@code tiles} packet
 * @param chart a {@code chart} packet's body
 * @param deleted the chunk was deleted ({@code chunks-deleted})
 */
public record ChunkEvent(
        String server, int surface, int cx, int cy, ChunkTerrain terrain, TileChanges tiles, GameChart chart,
        boolean deleted) {

    /** Whether the terrain layer cares (chunk, tiles, deletion). */
    public boolean forTerrain() {
        return terrain != null || tiles != null || deleted;
    }

    /** Whether the chart layer cares (chart, deletion). */
    public boolean forChart() {
        return chart != null || deleted;
    }
}
