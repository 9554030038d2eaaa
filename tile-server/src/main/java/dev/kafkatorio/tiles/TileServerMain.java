package dev.kafkatorio.tiles;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Command line entry point: options → {@link TileServerConfig} → {@link TileServer}. */
@Command(name = "tile-server", mixinStandardHelpOptions = true,
        description = "Serves the Kafkatorio web map, map tiles, REST API and live WebSocket updates from Kafka.")
public final class TileServerMain implements Callable<Integer> {

    @Option(names = "--bind", defaultValue = TileServerConfig.DEFAULT_BIND_ADDRESS,
            description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String bindAddress;

    @Option(names = "--port", defaultValue = "8080", description = "HTTP port, 0 = ephemeral (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--bootstrap-servers", required = true, description = "Kafka bootstrap servers host:port[,...].")
    String bootstrapServers;

    @Option(names = "--kafka-config", description = "Java properties file with Kafka client settings (security.protocol, sasl.*, ssl.*).")
    Path kafkaConfig;

    @Option(names = "--topic-prefix", defaultValue = "", description = "Prefix of all topic names.")
    String topicPrefix;

    @Option(names = "--allowed-origin", description = "Extra allowed WebSocket origin, scheme://host[:port]; repeatable.")
    List<String> allowedOrigins = new ArrayList<>();

    @Option(names = "--allowed-hosts", split = ",", paramLabel = "HOST",
            description = "Extra Host names the server answers to (host, host:port, [v6]:port, or * = any),"
                    + " comma-separated, repeatable; required with --bind 0.0.0.0. Loopback binds allow"
                    + " localhost, 127.0.0.1 and [::1] at the port.")
    List<String> allowedHosts = new ArrayList<>();

    @Option(names = "--idle-timeout", defaultValue = "PT30S",
            description = "Idle timeout of HTTP connections, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration idleTimeout;

    @Option(names = "--request-header-timeout", defaultValue = "PT10S",
            description = "Longest time for a request's complete headers (slowloris bound), ISO-8601"
                    + " (default: ${DEFAULT-VALUE}).")
    Duration requestHeaderTimeout;

    @Option(names = "--max-connections", defaultValue = "1024",
            description = "Most open TCP connections, HTTP and WebSocket (default: ${DEFAULT-VALUE}).")
    int maxConnections;

    @Option(names = "--client-queue-bound", defaultValue = "10000",
            description = "Most distinct pending messages per WebSocket client (default: ${DEFAULT-VALUE}).")
    int clientQueueBound;

    @Option(names = "--slow-client-timeout", defaultValue = "PT30S",
            description = "Longest time one send may stay in flight, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration slowClientTimeout;

    @Option(names = "--data-dir", defaultValue = TileServerConfig.DEFAULT_DATA_DIR,
            description = "Directory of the tile store (SQLite), created if missing (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--cache-max-bytes", defaultValue = "67108864",
            description = "Bound of the in-memory tile cache in bytes, 0 = off (default: ${DEFAULT-VALUE}).")
    long cacheMaxBytes;

    @Option(names = "--change-log-size", defaultValue = "5000",
            description = "Change-log records kept per server (default: ${DEFAULT-VALUE}).")
    int changeLogSize;

    @Option(names = "--access-token", defaultValue = "${env:" + TileServerConfig.ACCESS_TOKEN_ENV + "}",
            description = "Token required for player positions and the change log (default: env "
                    + TileServerConfig.ACCESS_TOKEN_ENV + "; none = open).")
    String accessToken;

    @Override
    public Integer call() throws Exception {
        TileServerConfig.Builder b = TileServerConfig.builder()
                .bindAddress(bindAddress)
                .port(port)
                .bootstrapServers(bootstrapServers)
                .topicPrefix(topicPrefix)
                .allowedOrigins(allowedOrigins)
                .allowedHosts(allowedHosts)
                .idleTimeout(idleTimeout)
                .requestHeaderTimeout(requestHeaderTimeout)
                .maxConnections(maxConnections)
                .maxPendingPerClient(clientQueueBound)
                .slowClientTimeout(slowClientTimeout)
                .dataDir(dataDir)
                .cacheMaxBytes(cacheMaxBytes)
                .changeLogSize(changeLogSize)
                .accessToken(accessToken);
        TileServerConfig config;
        try {
            if (kafkaConfig != null) {
                b.kafkaConfigFile(kafkaConfig);
            }
            config = b.build();
        } catch (IllegalArgumentException e) {
            System.err.println("tile-server: " + e.getMessage());
            return 2;
        }
        TileServer server = TileServer.newServer(config);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.stop();
            } catch (Exception e) {
                e.printStackTrace();
            }
        }, "tile-server-shutdown"));
        server.start();
        server.join();
        return 0;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new TileServerMain()).execute(args));
    }
}
