package dev.kafkatorio.flink.map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kafkatorio.protocol.EntityPrototype;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Map colours of entities as the game's chart picks them, as {@code 0xAARRGGBB} (alpha 0 = not
 * drawn). Resolution order, first hit wins ({@code P} = the server's entity prototype from the
 * {@code prototypes} packet, {@code F} = {@code map-colors-2.0.77.json}):
 *
 * <ol>
 *   <li>entity of the viewing force (the exported force, {@code player} by default): {@code
 *       P.friendly} (the engine-resolved {@code friendly_map_color}) → {@code P.color} ({@code
 *       map_color}) → {@code F.entities_with_explicit_map_color[name]} → by type: rails {@code
 *       chart.rail_color} / {@code elevated_rail_color} / {@code rail_ramp_color}, electric poles
 *       {@code chart.electric_power_pole_color}, {@code chart.default_friendly_color_by_type[type]} →
 *       {@code chart.default_friendly_color};
 *   <li>neutral entity (force {@code neutral} or none: trees, rocks, cliffs): {@code P.color} →
 *       {@code F.entities_with_explicit_map_color[name]} → trees {@code
 *       chart.default_color_by_type.tree} (translucent, alpha 102) → not drawn;
 *   <li>any other force (enemy): {@code P.enemy} → {@code P.color} → explicit colour of F → {@code
 *       chart.default_enemy_color}.
 * </ol>
 *
 * This follows the file's {@code entity_color_resolution_notes} (the game uses {@code map_color}
 * only where no friendly/enemy colour is defined). Not thread-safe (a cache); one per operator
 * subtask and server.
 */
public final class EntityColors {

    /** The force whose map is exported unless configured otherwise (the mod's {@code kafkatorio-map-force}). */
    public static final String DEFAULT_VIEWING_FORCE = "player";

    private static final Set<String> RAILS = Set.of(
            "straight-rail", "curved-rail-a", "curved-rail-b", "half-diagonal-rail", "legacy-straight-rail",
            "legacy-curved-rail");
    private static final Set<String> ELEVATED_RAILS = Set.of(
            "elevated-straight-rail", "elevated-curved-rail-a", "elevated-curved-rail-b", "elevated-half-diagonal-rail");

    private static volatile Defaults defaults;

    private final Map<String, EntityPrototype> prototypes;
    private final String viewingForce;
    private final Map<String, Integer> cache = new HashMap<>();

    private EntityColors(Map<String, EntityPrototype> prototypes, String viewingForce) {
        this.prototypes = prototypes;
        this.viewingForce = viewingForce;
    }

    /**
     * The colours of a server's entity prototypes ({@code null} or empty: the game's defaults only)
     * seen by {@code viewingForce}.
     */
    public static EntityColors of(EntityPrototype[] serverPrototypes, String viewingForce) {
        Map<String, EntityPrototype> byName = new HashMap<>();
        if (serverPrototypes != null) {
            for (EntityPrototype p : serverPrototypes) {
                byName.put(p.name(), p);
            }
        }
        return new EntityColors(byName, viewingForce);
    }

    /** The server's prototype of an entity name, or {@code null}. */
    public EntityPrototype prototype(String name) {
        return prototypes.get(name);
    }

    /** {@code 0xAARRGGBB} of an entity; alpha 0 when the game's chart does not draw it. */
    public int color(String name, String type, String force) {
        Relation rel = relation(force);
        String cacheKey = rel.ordinal() + name + '\0' + type;
        Integer cached = cache.get(cacheKey);
        if (cached == null) {
            cached = resolve(name, type, rel);
            cache.put(cacheKey, cached);
        }
        return cached;
    }

    /** The colour of an entity in the state. */
    public int color(ChunkEntity e) {
        return color(e.name(), e.type(), e.force());
    }

    private enum Relation { FRIENDLY, NEUTRAL, ENEMY }

    private Relation relation(String force) {
        if (force == null || force.isEmpty() || "neutral".equals(force)) {
            return Relation.NEUTRAL;
        }
        return force.equals(viewingForce) ? Relation.FRIENDLY : Relation.ENEMY;
    }

    private int resolve(String name, String type, Relation rel) {
        Defaults d = defaults();
        EntityPrototype p = prototypes.get(name);
        Integer own = p == null ? null : opaque(ColorTable.parseHex(p.mapColor()));
        Integer explicit = own != null ? own : d.explicit.get(name);
        switch (rel) {
            case FRIENDLY -> {
                Integer friendly = p == null ? null : opaque(ColorTable.parseHex(p.friendlyColor()));
                if (friendly != null) {
                    return friendly;
                }
                if (explicit != null) {
                    return explicit;
                }
                Integer byType = d.friendlyByType(type);
                return byType != null ? byType : d.friendly;
            }
            case NEUTRAL -> {
                if (explicit != null) {
                    return explicit;
                }
                return "tree".equals(type) ? d.tree : 0;
            }
            default -> {
                Integer enemy = p == null ? null : opaque(ColorTable.parseHex(p.enemyColor()));
                if (enemy != null) {
                    return enemy;
                }
                return explicit != null ? explicit : d.enemy;
            }
        }
    }

    private static Integer opaque(Integer rgb) {
        return rgb == null ? null : 0xFF000000 | rgb;
    }

    /** The colour file's entity colours. */
    private record Defaults(
            Map<String, Integer> explicit, Map<String, Integer> byType, int friendly, int enemy, int tree, int rail,
            int elevatedRail, int railRamp, int pole) {

        Integer friendlyByType(String type) {
            if (RAILS.contains(type)) {
                return rail;
            }
            if (ELEVATED_RAILS.contains(type)) {
                return elevatedRail;
            }
            if ("rail-ramp".equals(type)) {
                return railRamp;
            }
            if ("electric-pole".equals(type)) {
                return pole;
            }
            return byType.get(type);
        }
    }

    private static Defaults defaults() {
        Defaults d = defaults;
        if (d == null) {
            d = load();
            defaults = d;
        }
        return d;
    }

    private static Defaults load() {
        try (InputStream in = EntityColors.class.getClassLoader().getResourceAsStream(ColorTable.FALLBACK_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(ColorTable.FALLBACK_RESOURCE + " is not on the classpath");
            }
            JsonNode root = new ObjectMapper().readTree(in);
            JsonNode chart = root.get("chart");
            Map<String, Integer> explicit = new HashMap<>();
            section(root.get("entities_with_explicit_map_color"), explicit);
            Map<String, Integer> byType = new HashMap<>();
            section(chart.get("default_friendly_color_by_type"), byType);
            return new Defaults(Map.copyOf(explicit), Map.copyOf(byType), argb(chart.get("default_friendly_color")),
                    argb(chart.get("default_enemy_color")), argb(chart.get("default_color_by_type").get("tree")),
                    argb(chart.get("rail_color")), argb(chart.get("elevated_rail_color")),
                    argb(chart.get("rail_ramp_color")), argb(chart.get("electric_power_pole_color")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + ColorTable.FALLBACK_RESOURCE, e);
        }
    }

    private static void section(JsonNode node, Map<String, Integer> into) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            into.put(e.getKey(), argb(e.getValue()));
        }
    }

    private static int argb(JsonNode colour) {
        JsonNode rgb = colour.get("rgb");
        int alpha = colour.has("alpha") ? colour.get("alpha").asInt() : 255;
        return alpha << 24 | rgb.get(0).asInt() << 16 | rgb.get(1).asInt() << 8 | rgb.get(2).asInt();
    }
}
