package dev.kafkatorio.tiles.kafka;

import dev.kafkatorio.protocol.ChangeRecord;
import dev.kafkatorio.protocol.ChunkEntitiesUpdate;
import dev.kafkatorio.protocol.Keys;
import dev.kafkatorio.protocol.SurfaceUpdate;
import dev.kafkatorio.protocol.TagUpdate;
import dev.kafkatorio.protocol.TileKey;
import dev.kafkatorio.protocol.TopicJson;
import dev.kafkatorio.protocol.WsMessages.Layer;
import dev.kafkatorio.tiles.store.StoreBatch.ChunkEntitiesChange;
import dev.kafkatorio.tiles.store.StoreBatch.SurfaceChange;
import dev.kafkatorio.tiles.store.StoreBatch.TagChange;
import dev.kafkatorio.tiles.store.StoreBatch.TileChange;
import dev.kafkatorio.tiles.store.StoredTile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Reads tile, surface, chunk-entities, tag and change-log records into store changes; the one place that knows their wire format.
 * Throws {@link IllegalArgumentException} with the reason for anything malformed (the consumer
 * counts and skips such records). Pure logic: no Kafka client types.
 */
public final class TileRecords {

    /** A content hash as the Flink job writes it: 32 lowercase hex characters. */
    public static final Pattern CONTENT_HASH = Pattern.compile("^[0-9a-f]{32}$");

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private TileRecords() {}

    /**
     * A tile record: key {@code <server>/<surface>/<z>/<x>/<y>}, value PNG bytes with the hash header,
     * or a null value (tombstone) for a deleted tile.
     *
     * @param hashHeader the value of the {@code kafkatorio.content-hash} header, null if absent
     */
    public static TileChange tile(Layer layer, String key, byte[] value, byte[] hashHeader, long now) {
        TileKey tile = TileKey.parse(key);
        if (value == null) {
            return new TileChange(layer, tile, null);
        }
        if (hashHeader == null) {
            throw new IllegalArgumentException("tile record without a kafkatorio.content-hash header");
        }
        String hash = new String(hashHeader, StandardCharsets.UTF_8);
        if (!CONTENT_HASH.matcher(hash).matches()) {
            throw new IllegalArgumentException("content hash '" + abbreviate(hash)
                    + "' is not 32 lowercase hex characters");
        }
        if (!isPng(value)) {
            throw new IllegalArgumentException("tile value is not a PNG (" + value.length + " bytes)");
        }
        return new TileChange(layer, tile, new StoredTile(hash, value, now));
    }

    /**
     * A surface record: key {@code <server>/<surface>}, value {@link SurfaceUpdate} JSON for the same
     * server and surface, or a null value (tombstone) for a deleted surface.
     */
    public static SurfaceChange surface(String key, byte[] value) {
        int slash = key == null ? -1 : key.lastIndexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("surface key is not <server>/<surface>");
        }
        String server = Keys.requireServerId(key.substring(0, slash));
        int surface;
        try {
            surface = Integer.parseInt(key.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("surface index in key '" + key + "' is not an integer", e);
        }
        if (surface < 1) {
            throw new IllegalArgumentException("surface index in key '" + key + "' is below 1");
        }
        if (value == null) {
            return new SurfaceChange(server, surface, null);
        }
        SurfaceUpdate update;
        try {
            update = TopicJson.read(value, SurfaceUpdate.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("surface value is not SurfaceUpdate JSON: " + e.getMessage(), e);
        }
        if (!server.equals(update.server()) || surface != update.surface()) {
            throw new IllegalArgumentException(
                    "surface value is for " + update.server() + "/" + update.surface());
        }
        return new SurfaceChange(server, surface, update);
    }

    /**
     * A chunk-entities record: key {@code <server>/<surface>/<cx>/<cy>}, value {@link
     * ChunkEntitiesUpdate} JSON for the same chunk, or a tombstone (no entities left).
     */
    public static ChunkEntitiesChange chunkEntities(String key, byte[] value) {
        String[] parts = split(key, 4, "chunk key is not <server>/<surface>/<cx>/<cy>");
        String server = Keys.requireServerId(parts[0]);
        int surface = surfaceIndex(parts[1], key);
        int cx = integer(parts[2], key);
        int cy = integer(parts[3], key);
        if (value == null) {
            return new ChunkEntitiesChange(server, surface, cx, cy, null);
        }
        ChunkEntitiesUpdate u = json(value, ChunkEntitiesUpdate.class);
        if (!server.equals(u.server()) || surface != u.surface() || cx != u.cx() || cy != u.cy()) {
            throw new IllegalArgumentException("chunk-entities value is for " + u.server() + "/" + u.surface()
                    + "/" + u.cx() + "/" + u.cy());
        }
        if (u.entities() == null) {
            u = new ChunkEntitiesUpdate(u.v(), server, surface, cx, cy, new dev.kafkatorio.protocol.EntityState[0]);
        }
        return new ChunkEntitiesChange(server, surface, cx, cy, u);
    }

    /**
     * A map-tag record: key {@code <server>/<surface>/<id>}, value {@link TagUpdate} JSON for the same
     * tag, or a tombstone (removed).
     */
    public static TagChange tag(String key, byte[] value) {
        String[] parts = split(key, 3, "tag key is not <server>/<surface>/<id>");
        String server = Keys.requireServerId(parts[0]);
        int surface = surfaceIndex(parts[1], key);
        long id;
        try {
            id = Long.parseLong(parts[2]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("tag id in key '" + key + "' is not an integer", e);
        }
        if (value == null) {
            return new TagChange(server, surface, id, null);
        }
        TagUpdate u = json(value, TagUpdate.class);
        if (!server.equals(u.server()) || surface != u.surface() || id != u.id()) {
            throw new IllegalArgumentException("tag value is for " + u.server() + "/" + u.surface() + "/" + u.id());
        }
        return new TagChange(server, surface, id, u);
    }

    /** A change-log record: key {@code <server>}, value {@link ChangeRecord} JSON of that server. */
    public static ChangeRecord change(String key, byte[] value) {
        String server = Keys.requireServerId(key);
        if (value == null) {
            throw new IllegalArgumentException("change record without a value");
        }
        ChangeRecord r = json(value, ChangeRecord.class);
        if (!server.equals(r.server())) {
            throw new IllegalArgumentException("change value is for server " + r.server());
        }
        if (r.surface() < 1) {
            throw new IllegalArgumentException("change surface " + r.surface() + " is below 1");
        }
        return r;
    }

    private static String[] split(String key, int parts, String message) {
        String[] out = key == null ? new String[0] : key.split("/", -1);
        if (out.length != parts) {
            throw new IllegalArgumentException(message);
        }
        return out;
    }

    private static int surfaceIndex(String text, String key) {
        int surface = integer(text, key);
        if (surface < 1) {
            throw new IllegalArgumentException("surface index in key '" + key + "' is below 1");
        }
        return surface;
    }

    private static int integer(String text, String key) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' in key '" + key + "' is not an integer", e);
        }
    }

    private static <T> T json(byte[] value, Class<T> type) {
        try {
            return TopicJson.read(value, type);
        } catch (IOException e) {
            throw new IllegalArgumentException("value is not " + type.getSimpleName() + " JSON: " + e.getMessage(), e);
        }
    }

    static boolean isPng(byte[] value) {
        if (value.length < PNG_SIGNATURE.length) {
            return false;
        }
        for (int i = 0; i < PNG_SIGNATURE.length; i++) {
            if (value[i] != PNG_SIGNATURE[i]) {
                return false;
            }
        }
        return true;
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
