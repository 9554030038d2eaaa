package dev.kafkatorio.tiles.http;

import dev.kafkatorio.protocol.Keys;

/**
 * Parses REST paths under {@code /api}: {@code /api/servers}, {@code /api/servers/{server}/players}
 * and {@code /api/servers/{server}/surfaces}. Pure logic: no Jetty types.
 */
public sealed interface ApiPath {

    /** {@code /api/servers}. */
    record Servers() implements ApiPath {}

    /** {@code /api/servers/{server}/players} with a valid server id. */
    record Players(String server) implements ApiPath {}

    /** {@code /api/servers/{server}/surfaces} with a valid server id. */
    record Surfaces(String server) implements ApiPath {}

    /** The path has the shape of a known route but a malformed server id (400). */
    record BadServerId(String server) implements ApiPath {}

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
        for (String suffix : new String[] {"/players", "/surfaces"}) {
            if (path.startsWith(prefix) && path.endsWith(suffix)
                    && path.length() > prefix.length() + suffix.length() - 1) {
                String server = path.substring(prefix.length(), path.length() - suffix.length());
                if (!Keys.SERVER_ID.matcher(server).matches()) {
                    return new BadServerId(server);
                }
                return suffix.equals("/players") ? new Players(server) : new Surfaces(server);
            }
        }
        return new Unknown();
    }
}
