package dev.kafkatorio.protocol;

/**
 * One entity as it stands, in a {@code chunk-entities} snapshot. Wire form: {@code {"unit":123,
 * "name":"assembling-machine-2","type":"assembling-machine","x":4.5,"y":-7.5,"dir":0,
 * "force":"player","quality":"normal"}} (unit absent or 0 for trees, rocks, cliffs, resources).
 */
public record EntityState(
        long unit, String name, String type, double x, double y, int direction, String force, String quality) {}
