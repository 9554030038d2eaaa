package dev.kafkatorio.protocol;

import java.util.Set;

/**
 * One entity lifecycle event inside an {@code entities} packet.
 *
 * <p>Wire form (keys as below; optional ones may be absent): {@code {"event":"built","unit":123,
 * "name":"transport-belt","type":"transport-belt","x":10.5,"y":3.5,"dir":4,"force":"player",
 * "quality":"normal","player":1,"cause":"player"}}.
 *
 * @param event one of {@link #EVENTS}
 * @param unit {@code unit_number}, 0 for entities without one (trees, rocks, cliffs, resources:
 *     identified by name + position)
 * @param name prototype name
 * @param type prototype type
 * @param x entity position x (its centre), game tiles
 * @param y entity position y
 * @param direction {@code defines.direction} value (0..15, 16-way in 2.0), 0 when it has none
 * @param force force name
 * @param quality quality name, {@code ""} where the game has none
 * @param player index of the responsible player (for robot work: who placed the ghost or ordered the
 *     deconstruction; {@code last_user} as a fallback), 0 when the game cannot tell
 * @param cause {@code player}, {@code robot}, {@code platform}, {@code script} or {@code game}
 * @param fromX for {@code teleported}: the old position x, else 0
 * @param fromY for {@code teleported}: the old position y, else 0
 * @param previousName for {@code upgraded}: the old prototype name, else {@code ""}
 */
public record EntityChange(
        String event,
        long unit,
        String name,
        String type,
        double x,
        double y,
        int direction,
        String force,
        String quality,
        int player,
        String cause,
        double fromX,
        double fromY,
        String previousName) {

    /** Events that add or replace an entity on the map. */
    public static final Set<String> PRESENT = Set.of("built", "rotated", "flipped", "upgraded", "cloned", "teleported");

    /** Events that remove an entity from the map. */
    public static final Set<String> GONE = Set.of("mined", "died", "destroyed", "depleted");

    /** All events. */
    public static final Set<String> EVENTS = union(PRESENT, GONE);

    /** Causes. */
    public static final Set<String> CAUSES = Set.of("player", "robot", "platform", "script", "game");

    private static Set<String> union(Set<String> a, Set<String> b) {
        java.util.Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
