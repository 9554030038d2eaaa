package dev.kafkatorio.tiles.http;

import dev.kafkatorio.protocol.Keys;
import dev.kafkatorio.protocol.TileKey;
import dev.kafkatorio.protocol.TileScheme;
import dev.kafkatorio.protocol.WsMessages.Layer;
import java.util.regex.Pattern;

/**
 * Parses tile URLs: {@code /tiles/{server}/{surface}/{z}/{x}/{y}.png} (terrain) and {@code
 * /chart-tiles/...} (game chart). Numbers must be canonical decimal integers (no sign on the
 * surface, no {@code +}, no leading zeros, no {@code -0}), so each tile has exactly one URL. Pure
 * logic: no Jetty types.
 */
public sealed interface TilePath {

    /** A well-formed tile address. */
    record Tile(Layer layer, TileKey key) implements TilePath {}

    /** Under a tile prefix but malformed (400), with the reason. */
    record Bad(String reason) implements TilePath {}

    /** Not a tile URL at all (404). */
    record NotTiles() implements TilePath {}

    /** A canonical signed decimal integer. */
    Pattern SIGNED = Pattern.compile("^(0|-?[1-9][0-9]*)$");
    /** A canonical unsigned decimal integer ≥ 1. */
    Pattern POSITIVE = Pattern.compile("^[1-9][0-9]*$");

    /** Parses a decoded, canonical path (e.g. Jetty's {@code HttpURI.getCanonicalPath()}). */
    static TilePath parse(String path) {
        if (path == null) {
            return new NotTiles();
        }
        for (Layer layer : Layer.values()) {
            String prefix = "/" + layer.pathSegment() + "/";
            if (path.startsWith(prefix)) {
                return parse(layer, path.substring(prefix.length()));
            }
            if (path.equals("/" + layer.pathSegment())) {
                return new Bad(usage(layer));
            }
        }
        return new NotTiles();
    }

    private static TilePath parse(Layer layer, String rest) {
        String[] parts = rest.split("/", -1);
        if (parts.length != 5) {
            return new Bad(usage(layer));
        }
        String server = parts[0];
        if (!Keys.SERVER_ID.matcher(server).matches()) {
            return new Bad("invalid server id: use 1-64 characters from A-Z a-z 0-9 . _ -");
        }
        String last = parts[4];
        if (!last.endsWith(".png")) {
            return new Bad("tile URLs end in .png: " + usage(layer));
        }
        String y = last.substring(0, last.length() - ".png".length());
        if (!POSITIVE.matcher(parts[1]).matches()) {
            return new Bad("surface must be an integer >= 1");
        }
        if (!SIGNED.matcher(parts[2]).matches() || !SIGNED.matcher(parts[3]).matches()
                || !SIGNED.matcher(y).matches()) {
            return new Bad("z, x and y must be integers");
        }
        try {
            int surface = Integer.parseInt(parts[1]);
            int z = Integer.parseInt(parts[2]);
            if (z < TileScheme.MIN_ZOOM || z > TileScheme.MAX_ZOOM) {
                return new Bad("z must be from " + TileScheme.MIN_ZOOM + " to " + TileScheme.MAX_ZOOM);
            }
            return new Tile(layer, new TileKey(server, surface, z, Long.parseLong(parts[3]), Long.parseLong(y)));
        } catch (NumberFormatException e) {
            return new Bad("a coordinate is out of range");
        }
    }

    private static String usage(Layer layer) {
        return "use /" + layer.pathSegment() + "/{server}/{surface}/{z}/{x}/{y}.png";
    }
}
