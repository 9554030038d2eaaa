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
 *   <li>{@code {"v":1,"type":"surface","server":"s","sentAt":ms,"surface":SurfaceUpdate}}
 *   <li>{@code {"v":1,"type":"surface-deleted","server":"s","sentAt":ms,"surface":<index>}}
 *   <li>{@code {"v":1,"type":"tile","server":"s","sentAt":ms,"layer":"terrain"|"chart","surface":1,
 *       "z":3,"x":-1,"y":0,"etag":"<content hash>"}} — sent only after the tile server has committed
 *       the tile, so fetching it returns exactly these bytes
 *   <li>{@code {"v":1,"type":"tile-deleted",...same address fields, no etag}}
 *   <li>{@code {"v":1,"type":"change","server":"s","sentAt":ms,"change":ChangeRecord}}
 *   <li>{@code {"v":1,"type":"tag","server":"s","sentAt":ms,"tag":TagUpdate}} and {@code tag-deleted}
 *       with {@code surface} and {@code id}
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
    public static final String SURFACE_DELETED = "surface-deleted";
    public static final String CHANGE = "change";
    public static final String TAG = "tag";
    public static final String TAG_DELETED = "tag-deleted";

    /** Map layers with their tile topics and URL path segments. */
    public enum Layer {
        TERRAIN("terrain", Topics.TILES, "tiles"),
        CHART("chart", Topics.CHART_TILES, "chart-tiles"),
        ENTITIES("entities", Topics.ENTITY_TILES, "entity-tiles");

        private final String wireName;
        private final String topic;
        private final String pathSegment;

        Layer(String wireName, String topic, String pathSegment) {
            this.wireName = wireName;
            this.topic = topic;
            this.pathSegment = pathSegment;
        }

        public String wireName() {
            return wireName;
        }

        /** The (unprefixed) Kafka topic of this layer's tiles. */
        public String topic() {
            return topic;
        }

        /** First URL path segment: {@code /tiles/...} or {@code /chart-tiles/...}. */
        public String pathSegment() {
            return pathSegment;
        }
    }

    /** The {@code tile} message (etag non-null) or {@code tile-deleted} message (etag null). */
    public static String tile(Layer layer, TileKey tile, String etag, long sentAt) {
        ObjectNode root = envelope(etag == null ? TILE_DELETED : TILE, tile.server(), sentAt);
        root.put("layer", layer.wireName());
        root.put("surface", tile.surface());
        root.put("z", tile.z());
        root.put("x", tile.x());
        root.put("y", tile.y());
        if (etag != null) {
            root.put("etag", etag);
        }
        return root.toString();
    }

    /** The {@code change} message: {@code {..., "change": ChangeRecord}}. */
    public static String change(ChangeRecord change, long sentAt) {
        ObjectNode root = envelope(CHANGE, change.server(), sentAt);
        root.set("change", TopicJson.mapper().valueToTree(change));
        return root.toString();
    }

    /** The {@code tag} message: {@code {..., "tag": TagUpdate}}. */
    public static String tag(TagUpdate tag, long sentAt) {
        ObjectNode root = envelope(TAG, tag.server(), sentAt);
        root.set("tag", TopicJson.mapper().valueToTree(tag));
        return root.toString();
    }

    /** The {@code tag-deleted} message: {@code {..., "surface": n, "id": id}}. */
    public static String tagDeleted(String server, int surface, long id, long sentAt) {
        ObjectNode root = envelope(TAG_DELETED, server, sentAt);
        root.put("surface", surface);
        root.put("id", id);
        return root.toString();
    }

    /** The {@code surface} message. */
    public static String surface(SurfaceUpdate update, long sentAt) {
        ObjectNode root = envelope(SURFACE, update.server(), sentAt);
        root.set("surface", TopicJson.mapper().valueToTree(update));
        return root.toString();
    }

    /** The {@code surface-deleted} message. */
    public static String surfaceDeleted(String server, int surface, long sentAt) {
        ObjectNode root = envelope(SURFACE_DELETED, server, sentAt);
        root.put("surface", surface);
        return root.toString();
    }

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
