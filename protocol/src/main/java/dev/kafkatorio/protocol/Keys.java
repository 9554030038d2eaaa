package dev.kafkatorio.protocol;

import java.util.regex.Pattern;

/**
 * Kafka record keys and the identifiers inside them. Keys are UTF-8 strings joined by {@code /}; a
 * server id therefore never contains {@code /}.
 */
public final class Keys {

    /** What a server id may look like: 1–64 of letters, digits, {@code .}, {@code _}, {@code -}. */
    public static final Pattern SERVER_ID = Pattern.compile("^[A-Za-z0-9._-]{1,64}$");

    private Keys() {}

    /** Throws with a message that says how to fix it if {@code id} is not a valid server id. */
    public static String requireServerId(String id) {
        if (id == null || !SERVER_ID.matcher(id).matches()) {
            throw new IllegalArgumentException(
                    "invalid server id '" + id + "': use 1-64 characters from A-Z a-z 0-9 . _ -");
        }
        return id;
    }

    /** Key of raw packets, dead letters and server status: the server id. */
    public static String server(String server) {
        return server;
    }

    /** Key of a player update: {@code <server>/<player index>}. */
    public static String player(String server, int playerIndex) {
        return server + "/" + playerIndex;
    }

    /** Key of a surface: {@code <server>/<surface index>}. */
    public static String surface(String server, int surface) {
        return server + "/" + surface;
    }

    /** Key of a chunk: {@code <server>/<surface>/<cx>/<cy>}. */
    public static String chunk(String server, int surface, int cx, int cy) {
        return server + "/" + surface + "/" + cx + "/" + cy;
    }

    /** Key of a map tag: {@code <server>/<surface>/<tag id>}. */
    public static String tag(String server, int surface, long id) {
        return server + "/" + surface + "/" + id;
    }

    /** Key of a map tile: {@code <server>/<surface>/<z>/<x>/<y>}, x and y signed. */
    public static String tile(String server, int surface, int z, long x, long y) {
        return server + "/" + surface + "/" + z + "/" + x + "/" + y;
    }
}
