package dev.kafkatorio.tiles.live;

import dev.kafkatorio.protocol.ChangeRecord;
import dev.kafkatorio.protocol.Keys;
import dev.kafkatorio.protocol.PlayerUpdate;
import dev.kafkatorio.protocol.ServerStatus;
import dev.kafkatorio.protocol.SurfaceUpdate;
import dev.kafkatorio.protocol.TagUpdate;
import dev.kafkatorio.protocol.TileKey;
import dev.kafkatorio.protocol.WsMessages;
import java.util.Objects;

/**
 * One WebSocket message ready to send, with its coalescing key: a newer message with the same key
 * replaces an older one that a client has not been sent yet.
 *
 * @param key coalescing key, e.g. {@code player:<server>/<index>} or {@code server:<server>}
 * @param server the server the message is about (clients subscribe per server)
 * @param text the JSON text built by {@link WsMessages}
 * @param restricted whether only clients with the access token get it (live player positions and
 *     the change log); without a configured token every client has access
 */
public record LiveMessage(String key, String server, String text, boolean restricted) {

    public LiveMessage {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(text, "text");
    }

    /** An unrestricted message. */
    public LiveMessage(String key, String server, String text) {
        this(key, server, text, false);
    }

    /** The {@code player} message for an update; key {@code player:<server>/<index>}. */
    public static LiveMessage player(PlayerUpdate update, long sentAt) {
        return new LiveMessage(
                "player:" + Keys.player(update.server(), update.index()),
                update.server(),
                WsMessages.player(update, sentAt),
                true);
    }

    /** The {@code server} message for a status; key {@code server:<server>}. */
    public static LiveMessage server(ServerStatus status, long sentAt) {
        return new LiveMessage(
                "server:" + Keys.server(status.server()), status.server(), WsMessages.server(status, sentAt));
    }

    /**
     * The {@code tile} message ({@code etag} non-null) or {@code tile-deleted} ({@code etag} null);
     * key {@code tile:<layer>:<server>/<surface>/<z>/<x>/<y>}, so a client that falls behind gets only
     * the latest state of each tile.
     */
    public static LiveMessage tile(WsMessages.Layer layer, TileKey key, String etag, long sentAt) {
        return new LiveMessage("tile:" + layer.wireName() + ":" + key.key(), key.server(),
                WsMessages.tile(layer, key, etag, sentAt));
    }

    /** The {@code surface} message; key {@code surface:<server>/<surface>}. */
    public static LiveMessage surface(SurfaceUpdate update, long sentAt) {
        return new LiveMessage("surface:" + Keys.surface(update.server(), update.surface()),
                update.server(), WsMessages.surface(update, sentAt));
    }

    /** The {@code surface-deleted} message; same key as {@link #surface}. */
    public static LiveMessage surfaceDeleted(String server, int surface, long sentAt) {
        return new LiveMessage("surface:" + Keys.surface(server, surface), server,
                WsMessages.surfaceDeleted(server, surface, sentAt));
    }

    /**
     * The {@code change} message (restricted). Its key {@code
     * change:<server>/<session>/<seq>/<index>} is unique per change, so changes are never coalesced:
     * a client that falls behind gets every one of them, or is closed as too slow once its queue
     * passes the bound.
     */
    public static LiveMessage change(ChangeRecord change, long sentAt) {
        return new LiveMessage("change:" + change.server() + "/" + change.session() + "/" + change.seq() + "/"
                + change.index(), change.server(), WsMessages.change(change, sentAt), true);
    }

    /** The {@code tag} message; key {@code tag:<server>/<surface>/<id>}. */
    public static LiveMessage tag(TagUpdate tag, long sentAt) {
        return new LiveMessage("tag:" + Keys.tag(tag.server(), tag.surface(), tag.id()), tag.server(),
                WsMessages.tag(tag, sentAt));
    }

    /** The {@code tag-deleted} message; same key as {@link #tag}. */
    public static LiveMessage tagDeleted(String server, int surface, long id, long sentAt) {
        return new LiveMessage("tag:" + Keys.tag(server, surface, id), server,
                WsMessages.tagDeleted(server, surface, id, sentAt));
    }
}
