package dev.kafkatorio.protocol;

/**
 * Body of a {@code chart} packet: the game's own map pixels of one chunk, from {@code
 * LuaForce.get_chunk_chart} (Factorio 2.0.61+ and 2.1): 32×32 RGB565 pixels, one per tile, row by
 * row, two bytes each little-endian, compressed and base64-encoded by {@code helpers.encode_string}
 * (zlib deflate + base64). The chart includes entities and refreshes only when a chunk is re-charted;
 * it is a separate layer, not the terrain.
 *
 * @param surface surface index
 * @param cx chunk x
 * @param cy chunk y
 * @param data {@code helpers.encode_string} of the 2048-byte pixel string
 */
public record GameChart(int surface, int cx, int cy, String data) implements Payload {}
