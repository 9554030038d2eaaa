package dev.kafkatorio.protocol;

/**
 * Body of a {@code heartbeat} packet.
 *
 * @param online number of connected players
 */
public record Heartbeat(int online) implements Payload {}
