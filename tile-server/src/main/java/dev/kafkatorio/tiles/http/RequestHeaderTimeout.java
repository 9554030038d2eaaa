package dev.kafkatorio.tiles.http;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes an HTTP/1 connection whose request headers are not complete within a bounded time: from
 * the moment it opened, and again from the end of each response on a kept-alive connection. Jetty's
 * idle timeout alone does not stop a slowloris client, which sends a header byte every few seconds
 * and so is never idle; Jetty 12 has no header-read timeout of its own.
 *
 * <p>Installed with {@link #connectionFactory(HttpConfiguration)}: that factory's connections are
 * watched from {@code onOpened} (so only HTTP/1 connections, never an upgraded WebSocket
 * connection), and the {@link HttpConfiguration.Customizer} this class also is — called when a
 * request's headers are complete — stops the clock until the request completes. A connection that
 * is no longer the endpoint's connection (upgraded to a WebSocket) is left alone.
 */
public final class RequestHeaderTimeout implements HttpConfiguration.Customizer {

    private static final Logger LOG = LoggerFactory.getLogger(RequestHeaderTimeout.class);

    private final long timeoutMs;
    private final Map<Connection, Watch> watches = new ConcurrentHashMap<>();
    private final LongAdder timeouts = new LongAdder();

    public RequestHeaderTimeout(Duration timeout) {
        this.timeoutMs = timeout.toMillis();
        if (timeoutMs < 1) {
            throw new IllegalArgumentException("request header timeout must be at least 1 ms");
        }
    }

    /**
     * An HTTP/1.1 connection factory for {@code config} whose connections are watched; adds this
     * customizer to {@code config}.
     */
    public HttpConnectionFactory connectionFactory(HttpConfiguration config) {
        config.addCustomizer(this);
        return new HttpConnectionFactory(config) {
            @Override
            public Connection newConnection(Connector connector, EndPoint endPoint) {
                Connection connection = super.newConnection(connector, endPoint);
                connection.addEventListener(new Watch(connection, connector.getScheduler()));
                return connection;
            }
        };
    }

    /** Connections closed because their request headers did not arrive in time. */
    public long timeouts() {
        return timeouts.sum();
    }

    /** Connections currently watched (open HTTP/1 connections). */
    int watched() {
        return watches.size();
    }

    @Override
    public Request customize(Request request, HttpFields.Mutable responseHeaders) {
        Watch w = watches.get(request.getConnectionMetaData().getConnection());
        if (w != null) {
            long generation = w.requestStarted();
            Request.addCompletionListener(request, failure -> w.requestCompleted(generation));
        }
        return request;
    }

    /** The clock of one connection. */
    private final class Watch implements Connection.Listener {
        private final Connection connection;
        private final Scheduler scheduler;
        private Scheduler.Task task;
        private long generation;
        private boolean closed;

        Watch(Connection connection, Scheduler scheduler) {
            this.connection = connection;
            this.scheduler = scheduler;
        }

        @Override
        public void onOpened(Connection c) {
            watches.put(connection, this);
            synchronized (this) {
                arm();
            }
        }

        @Override
        public void onClosed(Connection c) {
            watches.remove(connection);
            synchronized (this) {
                closed = true;
                disarm();
            }
        }

        /** Headers are complete: stop the clock; returns the request's generation. */
        synchronized long requestStarted() {
            disarm();
            return ++generation;
        }

        /** The response is done: the next request's headers are due within the timeout. */
        synchronized void requestCompleted(long requestGeneration) {
            if (requestGeneration == generation) {
                arm();
            }
        }

        private void arm() {
            disarm();
            if (closed || connection.getEndPoint().getConnection() != connection) {
                return;
            }
            long armedGeneration = generation;
            task = scheduler.schedule(() -> expire(armedGeneration), timeoutMs, TimeUnit.MILLISECONDS);
        }

        private void disarm() {
            if (task != null) {
                task.cancel();
                task = null;
            }
        }

        private void expire(long armedGeneration) {
            EndPoint endPoint = connection.getEndPoint();
            synchronized (this) {
                if (closed || task == null || armedGeneration != generation
                        || endPoint.getConnection() != connection) {
                    return; // a request arrived, the connection closed or was upgraded
                }
                task = null;
            }
            timeouts.increment();
            LOG.debug("closing {}: request headers not received within {} ms", endPoint, timeoutMs);
            endPoint.close(new TimeoutException("request headers not received within " + timeoutMs + " ms"));
        }
    }
}
