package dev.kafkatorio.tiles.http;

import dev.kafkatorio.tiles.live.ClientSink;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/** A {@link ClientSink} over a Jetty WebSocket session: non-blocking {@code sendText}. */
final class JettySessionSink implements ClientSink {

    /** How long a closed client gets to complete the close handshake before the TCP is dropped. */
    private static final long DISCONNECT_AFTER_MS = 2_000;

    private final Session session;
    private final ScheduledExecutorService scheduler;

    JettySessionSink(Session session, ScheduledExecutorService scheduler) {
        this.session = session;
        this.scheduler = scheduler;
    }

    @Override
    public void send(String text, SendCallback callback) {
        session.sendText(text, Callback.from(callback::succeeded, callback::failed));
    }

    @Override
    public void close(int statusCode, String reason) {
        session.close(statusCode, reason, Callback.NOOP);
        // A client that stopped reading never reads the close frame either: drop the connection.
        scheduler.schedule(() -> {
            if (session.isOpen()) {
                session.disconnect();
            }
        }, DISCONNECT_AFTER_MS, TimeUnit.MILLISECONDS);
    }
}
