package dev.kafkatorio.tiles;

import dev.kafkatorio.tiles.http.HostPolicy;
import dev.kafkatorio.tiles.http.OriginPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * Everything the tile server needs, validated once; immutable.
 *
 * <pre>{@code
 * TileServerConfig config = TileServerConfig.builder()
 *         .bootstrapServers("127.0.0.1:9092")
 *         .port(0)                                   // ephemeral, see TileServer#port()
 *         .kafkaConfigFile(Path.of("client.properties")) // security.protocol, sasl.*, ssl.*
 *         .topicPrefix("staging.")
 *         .bindAddress("0.0.0.0")
 *         .allowedHost("map.example.com")            // required with 0.0.0.0 (DNS rebinding)
 *         .allowedOrigin("https://map.example.com")
 *         .idleTimeout(Duration.ofSeconds(30))
 *         .requestHeaderTimeout(Duration.ofSeconds(10)) // slowloris bound
 *         .maxConnections(1024)
 *         .dataDir(Path.of("/var/lib/kafkatorio/tiles")) // the SQLite tile store
 *         .cacheMaxBytes(256L << 20)                 // in-memory tile cache bound
 *         .changeLogSize(20_000)                     // change-log rows kept per server
 *         .accessToken(System.getenv("KAFKATORIO_ACCESS_TOKEN")) // null/blank = no token
 *         .build();
 * }</pre>
 *
 * <p>{@link #build()} throws {@link IllegalArgumentException} whose message says what to change.
 */
public final class TileServerConfig {

    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_MAX_PENDING_PER_CLIENT = 10_000;
    public static final Duration DEFAULT_SLOW_CLIENT_TIMEOUT = Duration.ofSeconds(30);
    public static final String DEFAULT_DATA_DIR = "tile-data";
    public static final long DEFAULT_CACHE_MAX_BYTES = 64L << 20;
    public static final int DEFAULT_CHANGE_LOG_SIZE = 5000;
    /** Jetty's idle timeout of an HTTP connection (no bytes either way); WebSockets have their own. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    /** Longest time to receive a request's complete headers (after connecting or the last response). */
    public static final Duration DEFAULT_REQUEST_HEADER_TIMEOUT = Duration.ofSeconds(10);
    /** Most open TCP connections (HTTP and WebSocket together); more wait in the accept queue. */
    public static final int DEFAULT_MAX_CONNECTIONS = 1024;
    /** Environment variable the CLI reads the access token from when {@code --access-token} is absent. */
    public static final String ACCESS_TOKEN_ENV = "KAFKATORIO_ACCESS_TOKEN";

    private final String bindAddress;
    private final int port;
    private final String bootstrapServers;
    private final Map<String, String> kafkaProperties;
    private final String topicPrefix;
    private final List<String> allowedOrigins;
    private final int maxPendingPerClient;
    private final Duration slowClientTimeout;
    private final Path dataDir;
    private final long cacheMaxBytes;
    private final int changeLogSize;
    private final java.util.List<Gauge> gauges;
    private final String accessToken;
    private final List<String> allowedHosts;
    private final Duration idleTimeout;
    private final Duration requestHeaderTimeout;
    private final int maxConnections;

    private TileServerConfig(Builder b) {
        this.bindAddress = b.bindAddress;
        this.port = b.port;
        this.bootstrapServers = b.bootstrapServers;
        this.kafkaProperties = Map.copyOf(b.kafkaProperties);
        this.topicPrefix = b.topicPrefix;
        this.allowedOrigins = List.copyOf(b.allowedOrigins);
        this.maxPendingPerClient = b.maxPendingPerClient;
        this.slowClientTimeout = b.slowClientTimeout;
        this.dataDir = b.dataDir;
        this.cacheMaxBytes = b.cacheMaxBytes;
        this.changeLogSize = b.changeLogSize;
        this.gauges = java.util.List.copyOf(b.gauges);
        this.accessToken = b.accessToken;
        this.allowedHosts = List.copyOf(b.allowedHosts);
        this.idleTimeout = b.idleTimeout;
        this.requestHeaderTimeout = b.requestHeaderTimeout;
        this.maxConnections = b.maxConnections;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String bindAddress() {
        return bindAddress;
    }

    /** The configured port; 0 means ephemeral (ask the started server for the actual one). */
    public int port() {
        return port;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Extra Kafka client properties (security settings), without bootstrap.servers. */
    public Map<String, String> kafkaProperties() {
        return kafkaProperties;
    }

    public String topicPrefix() {
        return topicPrefix;
    }

    /** Normalised extra WebSocket origins ({@code scheme://host[:port]}, lower case). */
    public List<String> allowedOrigins() {
        return allowedOrigins;
    }

    /**
     * Normalised extra Host names the server answers to ({@code host}, {@code host:port}, {@code
     * [v6]:port}, or {@code *} = any), besides the defaults of the bind address; see {@link HostPolicy}.
     */
    public List<String> allowedHosts() {
        return allowedHosts;
    }

    /** Jetty's idle timeout of HTTP connections. */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /** Longest time for a request's complete headers, from connecting or from the previous response. */
    public Duration requestHeaderTimeout() {
        return requestHeaderTimeout;
    }

    /** Most open TCP connections; at the limit Jetty stops accepting until one closes. */
    public int maxConnections() {
        return maxConnections;
    }

    public int maxPendingPerClient() {
        return maxPendingPerClient;
    }

    public Duration slowClientTimeout() {
        return slowClientTimeout;
    }

    /** Where the tile store (SQLite) lives; one data dir per deployment (topic prefix). */
    public Path dataDir() {
        return dataDir;
    }

    /** Bound of the in-memory tile cache in bytes (PNG bytes plus a per-entry overhead). */
    public long cacheMaxBytes() {
        return cacheMaxBytes;
    }

    /** Change-log records kept per server in the store (the newest). */
    public int changeLogSize() {
        return changeLogSize;
    }

    /**
     * A gauge an embedder adds to {@code /metrics} (the local stack: the Flink job's restarts, its
     * resource use).
     *
     * @param name a Prometheus metric name ({@code [a-zA-Z_:][a-zA-Z0-9_:]*})
     * @param help its help text
     * @param value read on every scrape, from the scraping thread
     */
    public record Gauge(String name, String help, java.util.function.DoubleSupplier value) {
        public Gauge {
            if (name == null || !name.matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) {
                throw new IllegalArgumentException("metric name '" + name + "' must match [a-zA-Z_:][a-zA-Z0-9_:]*");
            }
            java.util.Objects.requireNonNull(help, "help");
            java.util.Objects.requireNonNull(value, "value");
        }
    }

    /** The embedder's extra gauges (empty by default). */
    public java.util.List<Gauge> gauges() {
        return gauges;
    }

    /**
     * The access token guarding live player positions and the change log, or null when they are
     * open to everyone (the default, for the demo).
     */
    public String accessToken() {
        return accessToken;
    }

    @Override
    public String toString() {
        // Kafka properties may hold secrets (sasl.jaas.config): print only their names.
        return "TileServerConfig{bind=" + bindAddress + ":" + port + ", bootstrap=" + bootstrapServers
                + ", kafkaProperties=" + kafkaProperties.keySet() + ", topicPrefix='" + topicPrefix
                + "', allowedOrigins=" + allowedOrigins + ", allowedHosts=" + allowedHosts
                + ", idleTimeout=" + idleTimeout + ", requestHeaderTimeout=" + requestHeaderTimeout
                + ", maxConnections=" + maxConnections + ", maxPendingPerClient=" + maxPendingPerClient
                + ", slowClientTimeout=" + slowClientTimeout + ", dataDir=" + dataDir
                + ", cacheMaxBytes=" + cacheMaxBytes + ", changeLogSize=" + changeLogSize
                + ", accessToken=" + (accessToken == null ? "off" : "set") + "}"; // never the token itself
    }

    /** Builder of {@link TileServerConfig}; all setters return {@code this}. */
    public static final class Builder {
        private String bindAddress = DEFAULT_BIND_ADDRESS;
        private int port = DEFAULT_PORT;
        private String bootstrapServers;
        private final Map<String, String> kafkaProperties = new LinkedHashMap<>();
        private String topicPrefix = "";
        private final List<String> allowedOrigins = new ArrayList<>();
        private int maxPendingPerClient = DEFAULT_MAX_PENDING_PER_CLIENT;
        private Duration slowClientTimeout = DEFAULT_SLOW_CLIENT_TIMEOUT;
        private Path dataDir = Path.of(DEFAULT_DATA_DIR);
        private long cacheMaxBytes = DEFAULT_CACHE_MAX_BYTES;
        private int changeLogSize = DEFAULT_CHANGE_LOG_SIZE;
        private final java.util.List<Gauge> gauges = new java.util.ArrayList<>();
        private String accessToken;
        private final List<String> allowedHosts = new ArrayList<>();
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private Duration requestHeaderTimeout = DEFAULT_REQUEST_HEADER_TIMEOUT;
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;

        private Builder() {}

        /**
         * An extra Host the server answers to: {@code host} (any port), {@code host:port}, {@code
         * [v6]:port}, or {@code *} to switch the Host check off. Loopback binds allow {@code
         * localhost}, {@code 127.0.0.1}, {@code [::1]} at the server's port, a specific bind address
         * allows itself; binding to {@code 0.0.0.0}/{@code ::} requires at least one entry.
         */
        public Builder allowedHost(String host) {
            allowedHosts.add(host);
            return this;
        }

        /** {@link #allowedHost} for each. */
        public Builder allowedHosts(List<String> hosts) {
            hosts.forEach(this::allowedHost);
            return this;
        }

        /** Jetty's idle timeout of HTTP connections (default 30 s). */
        public Builder idleTimeout(Duration idleTimeout) {
            this.idleTimeout = idleTimeout;
            return this;
        }

        /**
         * Longest time to receive a request's complete headers, counted from connecting and from the
         * end of the previous response on a kept-alive connection (default 10 s).
         */
        public Builder requestHeaderTimeout(Duration requestHeaderTimeout) {
            this.requestHeaderTimeout = requestHeaderTimeout;
            return this;
        }

        /** Most open TCP connections, HTTP and WebSocket (default 1024). */
        public Builder maxConnections(int maxConnections) {
            this.maxConnections = maxConnections;
            return this;
        }

        /** Change-log records kept per server (default 5000; the oldest beyond it are deleted). */
        /** Adds a gauge to {@code /metrics}. */
        public Builder gauge(String name, String help, java.util.function.DoubleSupplier value) {
            gauges.add(new Gauge(name, help, value));
            return this;
        }

        public Builder changeLogSize(int changeLogSize) {
            this.changeLogSize = changeLogSize;
            return this;
        }

        /**
         * Token required for live player positions and the change log ({@code Authorization: Bearer}
         * on REST, {@code ?token=} on the WebSocket); null or blank = no token (default).
         */
        public Builder accessToken(String accessToken) {
            this.accessToken = accessToken == null || accessToken.isBlank() ? null : accessToken;
            return this;
        }

        /** Address to listen on (default 127.0.0.1; {@code 0.0.0.0} for all interfaces). */
        public Builder bindAddress(String bindAddress) {
            this.bindAddress = bindAddress;
            return this;
        }

        /** TCP port (default 8080; 0 = ephemeral). */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Kafka bootstrap servers, {@code host:port[,host:port...]} (required). */
        public Builder bootstrapServers(String bootstrapServers) {
            this.bootstrapServers = bootstrapServers;
            return this;
        }

        /** One extra Kafka client property (e.g. {@code security.protocol}). */
        public Builder kafkaProperty(String name, String value) {
            kafkaProperties.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
            return this;
        }

        /** Extra Kafka client properties. */
        public Builder kafkaProperties(Map<String, String> properties) {
            properties.forEach(this::kafkaProperty);
            return this;
        }

        /** Reads a standard Java properties file of Kafka client settings (e.g. SASL/SSL). */
        public Builder kafkaConfigFile(Path file) {
            if (!Files.isReadable(file)) {
                throw new IllegalArgumentException(
                        "--kafka-config " + file + " is not a readable file: pass a Java properties"
                                + " file with Kafka client settings such as security.protocol");
            }
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read Kafka config " + file, e);
            }
            p.stringPropertyNames().forEach(n -> kafkaProperty(n, p.getProperty(n)));
            return this;
        }

        /** Prefix of all topic names (default none), see {@code Topics.prefixed}. */
        public Builder topicPrefix(String topicPrefix) {
            this.topicPrefix = topicPrefix == null ? "" : topicPrefix;
            return this;
        }

        /** An extra allowed WebSocket origin besides same-origin, e.g. {@code https://map.example.com}. */
        public Builder allowedOrigin(String origin) {
            allowedOrigins.add(origin);
            return this;
        }

        public Builder allowedOrigins(List<String> origins) {
            origins.forEach(this::allowedOrigin);
            return this;
        }

        /** Most distinct pending messages per WebSocket client before it is closed as too slow. */
        public Builder maxPendingPerClient(int maxPendingPerClient) {
            this.maxPendingPerClient = maxPendingPerClient;
            return this;
        }

        /** How long one send to a client may stay in flight before it is closed as too slow. */
        public Builder slowClientTimeout(Duration slowClientTimeout) {
            this.slowClientTimeout = slowClientTimeout;
            return this;
        }

        /** Directory of the tile store (default {@code ./tile-data}); created if missing. */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /** Bound of the in-memory tile cache in bytes (default 64 MiB; 0 disables it). */
        public Builder cacheMaxBytes(long cacheMaxBytes) {
            this.cacheMaxBytes = cacheMaxBytes;
            return this;
        }

        /** Validates and builds; the exception message says how to fix the first problem. */
        public TileServerConfig build() {
            if (bindAddress == null || bindAddress.isBlank()) {
                throw new IllegalArgumentException(
                        "bind address is empty: use an IP such as 127.0.0.1 (default) or 0.0.0.0");
            }
            List<String> hosts = new ArrayList<>();
            for (String h : allowedHosts) {
                hosts.add(HostPolicy.normaliseEntry(h)); // throws with a fix-it message
            }
            allowedHosts.clear();
            allowedHosts.addAll(hosts);
            HostPolicy.of(bindAddress, allowedHosts, () -> port); // checks the bind address
            if (HostPolicy.bindKind(bindAddress) == HostPolicy.BindKind.WILDCARD && allowedHosts.isEmpty()) {
                throw new IllegalArgumentException("bind address " + bindAddress + " listens on every"
                        + " interface, so the server must know the names clients use: pass them with"
                        + " --allowed-hosts, e.g. --allowed-hosts map.example.com,192.168.1.5 (or"
                        + " --allowed-hosts '*' to switch the Host check off, e.g. behind a proxy that"
                        + " checks Host); the check defeats DNS rebinding");
            }
            checkTimeout(idleTimeout, "idle timeout", "--idle-timeout", DEFAULT_IDLE_TIMEOUT);
            checkTimeout(requestHeaderTimeout, "request header timeout", "--request-header-timeout",
                    DEFAULT_REQUEST_HEADER_TIMEOUT);
            if (maxConnections < 1) {
                throw new IllegalArgumentException("connection limit " + maxConnections + " must be at"
                        + " least 1: pass --max-connections <n> (default " + DEFAULT_MAX_CONNECTIONS
                        + "; a browser with the map open uses up to 7)");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException(
                        "port " + port + " is out of range: use 1-65535, or 0 for an ephemeral port");
            }
            if (bootstrapServers == null || bootstrapServers.isBlank()) {
                throw new IllegalArgumentException(
                        "Kafka bootstrap servers are missing: pass --bootstrap-servers host:port");
            }
            for (String hp : bootstrapServers.split(",")) {
                if (!hp.trim().matches("^[^:\\s]+:\\d{1,5}$")) {
                    throw new IllegalArgumentException(
                            "bootstrap server '" + hp.trim() + "' is not host:port: use e.g."
                                    + " 127.0.0.1:9092 (comma-separated for several)");
                }
            }
            if (kafkaProperties.containsKey("bootstrap.servers")) {
                throw new IllegalArgumentException(
                        "the Kafka config sets bootstrap.servers: remove it there and pass"
                                + " --bootstrap-servers instead");
            }
            if (!topicPrefix.matches("^[A-Za-z0-9._-]*$")) {
                throw new IllegalArgumentException(
                        "topic prefix '" + topicPrefix + "' has characters Kafka does not allow in"
                                + " topic names: use only A-Z a-z 0-9 . _ -");
            }
            List<String> normalised = new ArrayList<>();
            for (String o : allowedOrigins) {
                normalised.add(OriginPolicy.normaliseOrigin(o)); // throws with a fix-it message
            }
            allowedOrigins.clear();
            allowedOrigins.addAll(normalised);
            if (maxPendingPerClient < 1) {
                throw new IllegalArgumentException(
                        "per-client queue bound " + maxPendingPerClient + " must be at least 1"
                                + " (default " + DEFAULT_MAX_PENDING_PER_CLIENT + ")");
            }
            if (slowClientTimeout == null || slowClientTimeout.isNegative() || slowClientTimeout.isZero()) {
                throw new IllegalArgumentException(
                        "slow-client timeout must be positive, e.g. 30s (default "
                                + DEFAULT_SLOW_CLIENT_TIMEOUT.toSeconds() + "s)");
            }
            if (dataDir == null || dataDir.toString().isBlank()) {
                throw new IllegalArgumentException(
                        "data dir is empty: pass --data-dir <directory> (default ./" + DEFAULT_DATA_DIR + ")");
            }
            if (Files.exists(dataDir) && !Files.isDirectory(dataDir)) {
                throw new IllegalArgumentException("data dir " + dataDir + " is a file: pass a directory"
                        + " with --data-dir (it is created if missing)");
            }
            if (cacheMaxBytes < 0) {
                throw new IllegalArgumentException("tile cache size " + cacheMaxBytes + " is negative: use"
                        + " a number of bytes, e.g. 67108864 for 64 MiB, or 0 to disable the cache");
            }
            if (changeLogSize < 1) {
                throw new IllegalArgumentException("change-log size " + changeLogSize + " must be at least 1"
                        + " (default " + DEFAULT_CHANGE_LOG_SIZE + " changes per server)");
            }
            if (accessToken != null && (accessToken.length() < 8 || !accessToken.matches("^[\\x21-\\x7e]+$"))) {
                // Never echo the token: it is a secret even when it is a bad one.
                throw new IllegalArgumentException("the access token must be at least 8 printable ASCII"
                        + " characters without spaces, e.g. from `openssl rand -hex 24`");
            }
            return new TileServerConfig(this);
        }

        private static void checkTimeout(Duration d, String what, String option, Duration dflt) {
            if (d == null || d.isNegative() || d.toMillis() < 1) {
                throw new IllegalArgumentException(what + " " + d + " must be at least 1 ms: pass "
                        + option + " as an ISO-8601 duration, e.g. " + dflt + " (the default)");
            }
            if (d.compareTo(Duration.ofDays(1)) > 0) {
                throw new IllegalArgumentException(what + " " + d + " is longer than a day: pass "
                        + option + " as an ISO-8601 duration, e.g. " + dflt + " (the default)");
            }
        }
    }
}
