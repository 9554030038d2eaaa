package dev.kafkatorio.protocol;

/**
 * Body of a {@code session-start} packet.
 *
 * @param modVersion the mod's version, e.g. {@code 0.1.0}
 * @param gameVersion the game's version ({@code script.active_mods.base}), e.g. {@code 2.0.77}
 * @param reason {@code init} (new game or mod added) or {@code load} (a save was loaded)
 */
public record SessionStart(String modVersion, String gameVersion, String reason) implements Payload {}
