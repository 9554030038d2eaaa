package dev.kafkatorio.tiles.live;

/**
 * Where the {@link Broadcaster} writes one client's messages: a non-blocking text send and a close.
 * The Jetty adapter wraps a WebSocket session; unit tests use a hand-written fake.
 */
public interface ClientSink {

    /** Starts sending {@code text}; must not block; completes {@code callback} exactly once. */
    void send(String text, SendCallback callback);

    /** Closes the client with a WebSocket status code and reason; must not block. */
    void close(int statusCode, String reason);

    /** Completion of one {@link #send}. */
    interface SendCallback {
        void succeeded();

        void failed(Throwable cause);
    }
}
