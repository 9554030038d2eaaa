package dev.kafkatorio.protocol;

import java.util.Set;

/**
 * Body of a {@code surface} packet: a surface's metadata after {@code event}.
 *
 * @param index surface index (its identity; stable within a save)
 * @param name surface name (user-editable for platforms: render as text only)
 * @param kind {@code planet}, {@code platform} or {@code other}
 * @param planet the planet's name for planet surfaces, {@code ""} otherwise
 * @param event one of {@link #EVENTS}
 */
public record SurfaceInfo(int index, String name, String kind, String planet, String event) implements Payload {

    public static final Set<String> KINDS = Set.of("planet", "platform", "other");
    public static final Set<String> EVENTS = Set.of("snapshot", "created", "renamed", "deleted", "cleared");
}
