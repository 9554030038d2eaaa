package dev.kafkatorio.tiles;

import dev.kafkatorio.protocol.SurfaceUpdate;
import dev.kafkatorio.protocol.TagUpdate;
import dev.kafkatorio.protocol.WsMessages.Layer;
import dev.kafkatorio.tiles.http.AccessToken;
import dev.kafkatorio.tiles.http.ApiHandler;
import dev.kafkatorio.tiles.http.GetOnlyHandler;
import dev.kafkatorio.tiles.http.HardenedErrorHandler;
import dev.kafkatorio.tiles.http.HostPolicy;
import dev.kafkatorio.tiles.http.HttpHardeningHandler;
import dev.kafkatorio.tiles.http.LiveSocketHandler;
import dev.kafkatorio.tiles.http.MetricsHandler;
import dev.kafkatorio.tiles.http.OriginPolicy;
import dev.kafkatorio.tiles.http.RequestHeaderTimeout;
import dev.kafkatorio.tiles.http.StaticContent;
import dev.kafkatorio.tiles.http.TileHandler;
import dev.kafkatorio.tiles.kafka.StateConsumer;
import dev.kafkatorio.tiles.kafka.TileConsumer;
import dev.kafkatorio.tiles.live.Broadcaster;
import dev.kafkatorio.tiles.live.LiveState;
import dev.kafkatorio.tiles.store.TileCache;
import dev.kafkatorio.tiles.store.TileStore;
import java.net.URI;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.MimeTypes;
import org.eclipse.jetty.http.pathmap.PathSpec;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.PathMappingsHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tile server: Jetty (REST, map tiles, static map, metrics, WebSocket) over the live state
 * materialised from Kafka and the persistent tile store.
 *
 * <pre>{@code
 * try (TileServer server = TileServer.newServer(config)) {
 *     server.start();
 *     System.out.println(server.uri());
 *     server.join();
 * }
 * }</pre>
 *
 * <p>Routes: {@code /api/*}, {@code /metrics}, {@code /ws}, {@code /tiles/*}, {@code
 * /chart-tiles/*} and {@code /entity-tiles/*}, {@code /vendor/leaflet/*}, and the web map at {@code /}. {@link #newServer} only
 * builds; {@link #start()} opens the tile store in the data dir, then starts Jetty and the consumers.
 */
public final class TileServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TileServer.class);

    private final TileServerConfig config;
    private final Server jetty;
    private final ServerConnector connector;
    private final HostPolicy hostPolicy;
    private final RequestHeaderTimeout headerTimeout;
    private final NetworkConnectionLimit connectionLimit;
    private final HttpHardeningHandler hardening;
    private final LiveState state = new LiveState();
    private final Broadcaster broadcaster;
    private final StateConsumer consumer;
    private final TileStore store;
    private final TileCache cache;
    private final TileConsumer tileConsumer;
    private final ScheduledExecutorService housekeeping;
    private boolean started;
    private boolean stopped;

    private TileServer(TileServerConfig config) {
        this.config = config;
        this.broadcaster = new Broadcaster(config.maxPendingPerClient(), config.slowClientTimeout(),
                System::nanoTime);
        this.consumer = new StateConsumer(config.bootstrapServers(), config.kafkaProperties(),
                config.topicPrefix(), state, broadcaster);
        this.store = new TileStore(config.dataDir(), config.changeLogSize());
        this.cache = new TileCache(store, config.cacheMaxBytes());
        this.tileConsumer = new TileConsumer(config.bootstrapServers(), config.kafkaProperties(),
                config.topicPrefix(), store, cache, state, broadcaster, System::currentTimeMillis);
        this.housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tile-server-housekeeping");
            t.setDaemon(true);
            return t;
        });

        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("tile-server-http");
        this.jetty = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        this.headerTimeout = new RequestHeaderTimeout(config.requestHeaderTimeout());
        this.connector = new ServerConnector(jetty, headerTimeout.connectionFactory(http));
        connector.setHost(config.bindAddress());
        connector.setPort(config.port());
        connector.setIdleTimeout(config.idleTimeout().toMillis());
        jetty.addConnector(connector);
        // At the limit Jetty stops accepting; further connections wait in the OS accept queue.
        this.connectionLimit = new NetworkConnectionLimit(config.maxConnections(), connector);
        jetty.addBean(connectionLimit);
        this.hostPolicy = HostPolicy.of(config.bindAddress(), config.allowedHosts(), connector::getLocalPort);

        AccessToken token = AccessToken.of(config.accessToken());
        LiveSocketHandler sockets = new LiveSocketHandler(jetty, broadcaster, state,
                new OriginPolicy(config.allowedOrigins()), token, housekeeping);
        TileHandler tiles = new TileHandler(cache);
        PathMappingsHandler routes = new PathMappingsHandler();
        routes.addMapping(PathSpec.from("/api/*"), new ApiHandler(state, store, token));
        // Every response gets the security headers; a foreign Host is refused before any route.
        ContextHandler root = new ContextHandler(routes, "/");
        this.hardening = new HttpHardeningHandler(root, hostPolicy);
        routes.addMapping(PathSpec.from("/metrics"), new GetOnlyHandler(new MetricsHandler(
                TileMetrics.register(broadcaster, consumer, sockets, store, cache, tileConsumer, tiles,
                        new TileMetrics.Http(hardening::hostRejections, headerTimeout::timeouts,
                                connectionLimit::getNetworkConnectionCount), config.gauges()))));
        routes.addMapping(PathSpec.from("/ws"), sockets);
        for (Layer layer : Layer.values()) {
            // The handler parses the full canonical path itself (TilePath), like the API.
            routes.addMapping(PathSpec.from("/" + layer.pathSegment() + "/*"), tiles);
        }
        routes.addMapping(PathSpec.from("/vendor/leaflet/*"),
                new GetOnlyHandler(StaticContent.leaflet(jetty)));
        routes.addMapping(PathSpec.from("/*"), new GetOnlyHandler(StaticContent.webMap(jetty)));
        // The root context: PathMappingsHandler derives each route's context path from it.
        // Static text types with their charset (Jetty's resource service takes the type verbatim from
        // the extension mapping; API JSON sets its own). All web map and Leaflet files are UTF-8.
        MimeTypes.Mutable mime = root.getMimeTypes();
        mime.addMimeMapping("html", "text/html; charset=utf-8");
        mime.addMimeMapping("js", "text/javascript; charset=utf-8");
        mime.addMimeMapping("mjs", "text/javascript; charset=utf-8");
        mime.addMimeMapping("css", "text/css; charset=utf-8");
        mime.addMimeMapping("map", "application/json; charset=utf-8"); // Leaflet's source maps
        mime.addMimeMapping("svg", "image/svg+xml; charset=utf-8");
        jetty.setHandler(hardening);
        jetty.setErrorHandler(new HardenedErrorHandler());
        jetty.setStopTimeout(5_000);
    }

    /** Builds an unstarted server; call {@link #start()}. */
    public static TileServer newServer(TileServerConfig config) {
        return new TileServer(config);
    }

    /**
     * Opens the tile store (the surfaces and tiles it holds are served at once, even while Kafka is
     * unreachable), starts Jetty, the Kafka consumers and the slow-client check.
     */
    public synchronized void start() throws Exception {
        if (started) {
            throw new IllegalStateException("already started");
        }
        started = true;
        store.open();
        for (SurfaceUpdate s : store.surfaces()) {
            state.putSurface(s);
        }
        for (TagUpdate t : store.tags()) {
            state.putTag(t);
        }
        state.setTileServers(store.tileServers());
        jetty.start();
        consumer.start();
        tileConsumer.start();
        long checkMs = Math.max(50, Math.min(1_000, config.slowClientTimeout().toMillis() / 4));
        housekeeping.scheduleWithFixedDelay(broadcaster::closeSlowClients, checkMs, checkMs,
                TimeUnit.MILLISECONDS);
        LOG.info("tile server listening on {}, answering to Host {} ({})", uri(), hostPolicy.describe(),
                config);
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

    /**
     * Stops the consumers, closes WebSocket clients (1001), stops Jetty and closes the tile store;
     * idempotent.
     */
    public synchronized void stop() throws Exception {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            tileConsumer.close();
            consumer.close();
            broadcaster.closeAll(1001, "server stopping");
            jetty.stop();
        } finally {
            housekeeping.shutdownNow();
            store.close();
        }
        LOG.info("tile server stopped");
    }

    @Override
    public void close() throws Exception {
        stop();
    }
}
