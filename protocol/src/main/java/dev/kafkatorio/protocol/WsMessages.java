package dev.kafkatorio.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * WebSocket messages from the tile server to the map: JSON objects {@code {v, type, ...}}.
 *
 * <p>Every message carries {@code sentAt}, the tile server's clock (epoch ms), so a browser can
 * compute packet ages without trusting its own clock.
 *
 * <ul>
 *   <li>{@code {"v":1,"type":"player","server":"s","sentAt":ms,"player":PlayerUpdate}}
 *   <li>{@code {"v":1,"type":"server","server":"s","sentAt":ms,"status":ServerStatus}}
 *   <li>later: {@code tile}, {@code tile-deleted}, {@code surface}
 * </ul>
 *
 * Clients ignore types they do not know.
 */
public final class WsMessages {

    public static final int VERSION = 1;
    public static final String PLAYER = "player";
    public static final String SERVER = "server";
    public static final String TILE = "tile";
    public static final String TILE_DELETED = "tile-deleted";
    public static final String SURFACE = "surface";

    private WsMessages() {}

    /** The {@code player} message for an update. */
    public static String player(PlayerUpdate update, long sentAt) {
        ObjectNode root = envelope(PLAYER, update.server(), sentAt);
        root.set("player", TopicJson.mapper().valueToTree(update));
        return root.toString();
    }

    /** The {@code server} message for a status. */
    public static String server(ServerStatus status, long sentAt) {
        ObjectNode root = envelope(SERVER, status.server(), sentAt);
        root.set("status", TopicJson.mapper().valueToTree(status));
        return root.toString();
    }

    private static ObjectNode envelope(String type, String server, long sentAt) {
        ObjectNode root = TopicJson.mapper().createObjectNode();
        root.put("v", VERSION);
        root.put("type", type);
        root.put("server", server);
        root.put("sentAt", sentAt);
        return root;
    }
}
