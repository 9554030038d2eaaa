package dev.kafkatorio.tiles.live;

import dev.kafkatorio.protocol.Keys;
import dev.kafkatorio.protocol.PlayerUpdate;
import dev.kafkatorio.protocol.ServerStatus;
import dev.kafkatorio.protocol.WsMessages;
import java.util.Objects;

/**
 * One WebSocket message ready to send, with its coalescing key: a newer message with the same key
 * replaces an older one that a client has not been sent yet.
 *
 * @param key coalescing key, e.g. {@code player:<server>/<index>} or {@code server:<server>}
 * @param server the server the message is about (clients subscribe per server)
 * @param text the JSON text built by {@link WsMessages}
 */
public record LiveMessage(String key, String server, String text) {

    public LiveMessage {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(text, "text");
    }

    /** The {@code player} message for an update; key {@code player:<server>/<index>}. */
    public static LiveMessage player(PlayerUpdate update, long sentAt) {
        return new LiveMessage(
                "player:" + Keys.player(update.server(), update.index()),
                update.server(),
                WsMessages.player(update, sentAt));
    }

    /** The {@code server} message for a status; key {@code server:<server>}. */
    public static LiveMessage server(ServerStatus status, long sentAt) {
        return new LiveMessage(
                "server:" + Keys.server(status.server()), status.server(), WsMessages.server(status, sentAt));
    }

    // Later (issue #3): tile(server, surface, z, x, y, hash) with key "tile:<Keys.tile(...)>" — the
    // broadcaster needs no change, coalescing by key already gives "latest hash per tile".
}
