package dev.kafkatorio.protocol;

/**
 * Value of the {@link Topics#TAGS} topic: a map tag as it stands. Key: {@link Keys#tag}; a tombstone
 * when removed. {@code text} is user input: render as text only.
 */
public record TagUpdate(
        int v, String server, int surface, long id, double x, double y, String text, String icon, String force,
        int player, long tick) {}
