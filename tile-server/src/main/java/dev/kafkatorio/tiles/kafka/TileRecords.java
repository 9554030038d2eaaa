package dev.kafkatorio.tiles.kafka;

import dev.kafkatorio.protocol.Keys;
import dev.kafkatorio.protocol.SurfaceUpdate;
import dev.kafkatorio.protocol.TileKey;
import dev.kafkatorio.protocol.TopicJson;
import dev.kafkatorio.protocol.WsMessages.Layer;
import dev.kafkatorio.tiles.store.StoreBatch.SurfaceChange;
import dev.kafkatorio.tiles.store.StoreBatch.TileChange;
import dev.kafkatorio.tiles.store.StoredTile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Reads tile and surface records into store changes; the one place that knows their wire format.
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
