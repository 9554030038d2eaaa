package dev.kafkatorio.tiles.store;

import java.util.Objects;

/**
 * One tile as stored: its content hash (the HTTP entity tag, without quotes) and PNG bytes.
 *
 * @param etag 32 lowercase hex characters, from the record's {@code kafkatorio.content-hash} header
 * @param png the 256×256 PNG (not copied: treat as read-only)
 * @param updatedAt when the store committed it, epoch ms
 */
public record StoredTile(String etag, byte[] png, long updatedAt) {

    public StoredTile {
        Objects.requireNonNull(etag, "etag");
        Objects.requireNonNull(png, "png");
    }
}
