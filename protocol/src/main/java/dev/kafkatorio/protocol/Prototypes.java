package dev.kafkatorio.protocol;

/**
 * Body of a {@code prototypes} packet: map colours read from the running game, sent on init, on
 * configuration change and at every session start. On the wire: {@code {"tiles":{"grass-1":"#rrggbb",
 * ...},"resources":{"iron-ore":"#rrggbb",...}}}. Here as parallel arrays sorted by name (plain
 * arrays keep the record a Flink POJO).
 *
 * @param tileNames tile prototype names, sorted
 * @param tileColors {@code #rrggbb} map colour of each tile name
 * @param resourceNames resource entity prototype names, sorted
 * @param resourceColors {@code #rrggbb} map colour of each resource
 * @param entities entity prototypes (sizes and map colours), sorted by name; wire key {@code entities}
 */
public record Prototypes(
        String[] tileNames, String[] tileColors, String[] resourceNames, String[] resourceColors,
        EntityPrototype[] entities)
        implements Payload {

    /** Prototypes without entity prototypes (older mods). */
    public Prototypes(String[] tileNames, String[] tileColors, String[] resourceNames, String[] resourceColors) {
        this(tileNames, tileColors, resourceNames, resourceColors, new EntityPrototype[0]);
    }
}
