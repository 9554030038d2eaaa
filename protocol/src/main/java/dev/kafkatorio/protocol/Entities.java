package dev.kafkatorio.protocol;

/**
 * Body of an {@code entities} packet: entity lifecycle events of one surface, batched per tick
 * window. Wire form: {@code {"surface":1,"changes":[EntityChange...]}}.
 *
 * @param surface surface index
 * @param changes the events in the order they happened
 */
public record Entities(int surface, EntityChange[] changes) implements Payload {}
