package dev.kafkatorio.protocol;

import java.util.Set;

/**
 * Body of a {@code tag} packet: a map tag (chart tag) added, modified or removed. Wire form: {@code
 * {"event":"added","id":7,"surface":1,"x":10,"y":-4,"text":"Iron mine","icon":"item/iron-ore",
 * "force":"player","player":1}}.
 *
 * @param event {@code added}, {@code modified} or {@code removed}
 * @param id {@code tag_number}
 * @param surface surface index
 * @param x position x
 * @param y position y
 * @param text label (user input: render as text)
 * @param icon {@code <type>/<name>} of the icon signal, {@code ""} if none
 * @param force force name
 * @param player index of the player who last edited it, 0 if unknown
 */
public record MapTag(
        String event, long id, int surface, double x, double y, String text, String icon, String force, int player)
        implements Payload {

    public static final Set<String> EVENTS = Set.of("added", "modified", "removed");
}
