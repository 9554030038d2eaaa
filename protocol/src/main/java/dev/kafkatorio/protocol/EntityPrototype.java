package dev.kafkatorio.protocol;

/**
 * An entity prototype's map-relevant facts, inside the {@code prototypes} packet's {@code entities}
 * object: {@code {"assembling-machine-2":{"type":"assembling-machine","w":3,"h":3,
 * "color":"#rrggbb","friendly":"#rrggbb","enemy":"#rrggbb"}}} (colours optional).
 *
 * @param name prototype name
 * @param type prototype type
 * @param width tile width of its footprint (from the collision box, rounded up)
 * @param height tile height of its footprint
 * @param mapColor explicit {@code map_color}, {@code ""} if none
 * @param friendlyColor {@code friendly_map_color}, {@code ""} if none
 * @param enemyColor {@code enemy_map_color}, {@code ""} if none
 */
public record EntityPrototype(
        String name, String type, int width, int height, String mapColor, String friendlyColor, String enemyColor) {}
