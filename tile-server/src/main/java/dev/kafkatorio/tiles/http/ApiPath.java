package dev.kafkatorio.tiles.http;

import dev.kafkatorio.protocol.Keys;

/**
 * Parses REST paths under {@code /api}: {@code /api/servers}, {@code /api/servers/{server}/players},
 * {@code .../surfaces}, {@code .../changes}, {@code .../surfaces/{surface}/at} and {@code
 * .../surfaces/{surface}/tags}. Pure logic: no Jetty types.
 */
public sealed interface ApiPath {

    /** {@code /api/servers}. */
    record Servers() implements ApiPath {}

    /** {@code /api/servers/{server}/players} with a valid server id. */
    record Players(String server) implements ApiPath {}

    /** {@code /api/servers/{server}/surfaces} with a valid server id. */
    record Surfaces(String server) implements ApiPath {}

    /** {@code /api/servers/{server}/changes}: the change log. */
    record Changes(String server) implements ApiPath {}

    /** {@code /api/servers/{server}/surfaces/{surface}/at}: what is at a point. */
    record At(String server, int surface) implements ApiPath {}

    /** {@code /api/servers/{server}/surfaces/{surface}/tags}: the map tags. */
    record Tags(String server, int surface) implements ApiPath {}

    /** The path has the shape of a known route but a malformed server id (400). */
    record BadServerId(String server) implements ApiPath {}

    /** The path has the shape of a known route but a malformed surface index (400). */
    record BadSurface(String surface) implements ApiPath {}

    /** No such route (404). */
    record Unknown() implements ApiPath {}

    /** Parses a decoded path-in-context. */
    static ApiPath parse(String path) {
        if (path == null) {
            return new Unknown();
        }
        if (path.equals("/api/servers") || path.equals("/api/servers/")) {
            return new Servers();
        }
        String prefix = "/api/servers/";
        if (!path.startsWith(prefix)) {
            return new Unknown();
        }
        String[] parts = path.substring(prefix.length()).split("/", -1);
        boolean perServer = parts.length == 2
                && (parts[1].equals("players") || parts[1].equals("surfaces") || parts[1].equals("changes"));
        boolean perSurface = parts.length == 4 && parts[1].equals("surfaces")
                && (parts[3].equals("at") || parts[3].equals("tags"));
        if (!perServer && !perSurface) {
            String last = parts[parts.length - 1];
            boolean serverRoute = last.equals("players") || last.equals("surfaces") || last.equals("changes");
            // "/api/servers/a/b/players": a server id with a slash, not an unknown route.
            return serverRoute && parts.length > 2
                    ? new BadServerId(String.join("/", java.util.Arrays.copyOf(parts, parts.length - 1)))
                    : new Unknown();
        }
        String server = parts[0];
        if (!Keys.SERVER_ID.matcher(server).matches()) {
            return new BadServerId(server);
        }
        if (perServer) {
            return switch (parts[1]) {
                case "players" -> new Players(server);
                case "surfaces" -> new Surfaces(server);
                default -> new Changes(server);
            };
        }
        if (!TilePath.POSITIVE.matcher(parts[2]).matches() || parts[2].length() > 10
                || Long.parseLong(parts[2]) > Integer.MAX_VALUE) {
            return new BadSurface(parts[2]);
        }
        int surface = Integer.parseInt(parts[2]);
        return parts[3].equals("at") ? new At(server, surface) : new Tags(server, surface);
    }
}
