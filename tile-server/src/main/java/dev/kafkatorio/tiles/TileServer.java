package dev.kafkatorio.tiles;

import dev.kafkatorio.tiles.http.ApiHandler;
import dev.kafkatorio.tiles.http.GetOnlyHandler;
import dev.kafkatorio.tiles.http.LiveSocketHandler;
import dev.kafkatorio.tiles.http.MetricsHandler;
import dev.kafkatorio.tiles.http.NotYetHandler;
import dev.kafkatorio.tiles.http.OriginPolicy;
import dev.kafkatorio.tiles.http.StaticContent;
import dev.kafkatorio.tiles.kafka.StateConsumer;
import dev.kafkatorio.tiles.live.Broadcaster;
import dev.kafkatorio.tiles.live.LiveState;
import java.net.URI;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.pathmap.PathSpec;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.PathMappingsHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tile server: Jetty (REST, static map, metrics, WebSocket) over the live state materialised
 * from Kafka.
 *
 * <pre>{@code
 * try (TileServer server = TileServer.newServer(config)) {
 *     server.start();
 *     System.out.println(server.uri());
 *     server.join();
 * }
 * }</pre>
 *
 * <p>Routes: {@code /api/*}, {@code /metrics}, {@code /ws}, {@code /tiles/*} (reserved for map
 * tiles), {@code /vendor/leaflet/*}, and the web map at {@code /}.
 */
public final class TileServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TileServer.class);

    private final TileServerConfig config;
    private final Server jetty;
    private final ServerConnector connector;
    private final LiveState state = new LiveState();
    private final Broadcaster broadcaster;
    private final StateConsumer consumer;
    private final ScheduledExecutorService housekeeping;
    private boolean started;
    private boolean stopped;

    private TileServer(TileServerConfig config) {
        this.config = config;
        this.broadcaster = new Broadcaster(config.maxPendingPerClient(), config.slowClientTimeout(),
                System::nanoTime);
        this.consumer = new StateConsumer(config.bootstrapServers(), config.kafkaProperties(),
                config.topicPrefix(), state, broadcaster);
        this.housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tile-server-housekeeping");
            t.setDaemon(true);
            return t;
        });

        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("tile-server-http");
        this.jetty = new Server(threads);
        this.connector = new ServerConnector(jetty);
        connector.setHost(config.bindAddress());
        connector.setPort(config.port());
        jetty.addConnector(connector);

        LiveSocketHandler sockets = new LiveSocketHandler(jetty, broadcaster, state,
                new OriginPolicy(config.allowedOrigins()), housekeeping);
        PathMappingsHandler routes = new PathMappingsHandler();
        routes.addMapping(PathSpec.from("/api/*"), new ApiHandler(state));
        routes.addMapping(PathSpec.from("/metrics"),
                new GetOnlyHandler(new MetricsHandler(TileMetrics.register(broadcaster, consumer, sockets))));
        routes.addMapping(PathSpec.from("/ws"), sockets);
        // Issue #3 replaces this with the tile handler (GET /tiles/{server}/{surface}/{z}/{x}/{y}.png).
        routes.addMapping(PathSpec.from("/tiles/*"), new NotYetHandler("map tiles"));
        routes.addMapping(PathSpec.from("/vendor/leaflet/*"),
                new GetOnlyHandler(StaticContent.leaflet(jetty)));
        routes.addMapping(PathSpec.from("/*"), new GetOnlyHandler(StaticContent.webMap(jetty)));
        // A root context: PathMappingsHandler derives each route's context path from it.
        ContextHandler root = new ContextHandler(routes, "/");
        jetty.setHandler(root);
        jetty.setStopTimeout(5_000);
    }

    /** Builds an unstarted server; call {@link #start()}. */
    public static TileServer newServer(TileServerConfig config) {
        return new TileServer(config);
    }

    /** Starts Jetty, the Kafka consumer and the slow-client check. */
    public synchronized void start() throws Exception {
        if (started) {
            throw new IllegalStateException("already started");
        }
        started = true;
        jetty.start();
        consumer.start();
        long checkMs = Math.max(50, Math.min(1_000, config.slowClientTimeout().toMillis() / 4));
        housekeeping.scheduleWithFixedDelay(broadcaster::closeSlowClients, checkMs, checkMs,
                TimeUnit.MILLISECONDS);
        LOG.info("tile server listening on {} ({})", uri(), config);
    }

    /** The actual port (after {@link #start()}; resolves port 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /** {@code http://<bind address>:<port>/}. */
    public URI uri() {
        String host = config.bindAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + port() + "/");
    }

    /** Blocks until the server stops. */
    public void join() throws InterruptedException {
        jetty.join();
    }

    /** Stops the consumer, closes WebSocket clients (1001) and stops Jetty; idempotent. */
    public synchronized void stop() throws Exception {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            consumer.close();
            broadcaster.closeAll(1001, "server stopping");
            jetty.stop();
        } finally {
            housekeeping.shutdownNow();
        }
        LOG.info("tile server stopped");
    }

    @Override
    public void close() throws Exception {
        stop();
    }
}
