package dev.kafkatorio.protocol;

import java.util.Set;

/**
 * Body of a {@code player} packet: one player's full state after {@code event}.
 *
 * @param index the player's index (stable for the save)
 * @param name the player's name (user input: render as text only)
 * @param event what happened, one of {@link #EVENTS}
 * @param surface index of the player's physical surface
 * @param x physical position, game tiles, east positive
 * @param y physical position, game tiles, south positive
 * @param color the player's colour as {@code #rrggbb}
 * @param connected whether the player is connected
 */
public record PlayerState(
        int index,
        String name,
        String event,
        int surface,
        double x,
        double y,
        String color,
        boolean connected)
        implements Payload {

    /** The events a player packet may report. */
    public static final Set<String> EVENTS =
            Set.of(
                    "snapshot", "joined", "left", "died", "respawned", "moved", "surface-changed",
                    "removed");
}
