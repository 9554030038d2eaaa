package dev.kafkatorio.tiles.http;

import dev.kafkatorio.tiles.live.Broadcaster;
import dev.kafkatorio.tiles.live.LiveState;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Predicate;
import org.eclipse.jetty.websocket.api.Session;

/**
 * One WebSocket connection: registers with the {@link Broadcaster} on open (which queues the
 * snapshot), unregisters on close or error; ignores what the client sends.
 */
public final class LiveEndpoint implements Session.Listener.AutoDemanding {

    private final Broadcaster broadcaster;
    private final LiveState state;
    private final Predicate<String> serverFilter;
    private final boolean privileged;
    private final ScheduledExecutorService scheduler;
    private volatile Broadcaster.Client client;

    LiveEndpoint(Broadcaster broadcaster, LiveState state, Predicate<String> serverFilter,
            boolean privileged, ScheduledExecutorService scheduler) {
        this.privileged = privileged;
        this.broadcaster = broadcaster;
        this.state = state;
        this.serverFilter = serverFilter;
        this.scheduler = scheduler;
    }

    @Override
    public void onWebSocketOpen(Session session) {
        client = broadcaster.register(new JettySessionSink(session, scheduler), serverFilter, privileged,
                () -> state.snapshot(serverFilter, System.currentTimeMillis()));
    }

    @Override
    public void onWebSocketText(String message) {
        // Clients have nothing to say yet; ignore.
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        unregister();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        unregister();
    }

    private void unregister() {
        Broadcaster.Client c = client;
        if (c != null) {
            broadcaster.unregister(c);
        }
    }
}
