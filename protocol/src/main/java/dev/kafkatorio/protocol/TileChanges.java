package dev.kafkatorio.protocol;

/**
 * Body of a {@code tiles} packet: tiles built or mined (by players, robots, scripts), batched per
 * tick window. Wire form: {@code {"surface":1,"palette":["stone-path"],"tiles":[x,y,p,x,y,p,...]}}.
 *
 * @param surface surface index
 * @param palette tile names
 * @param tiles triples {@code [tile x, tile y, palette index]} in game tile coordinates
 */
public record TileChanges(int surface, String[] palette, int[] tiles) implements Payload {}
