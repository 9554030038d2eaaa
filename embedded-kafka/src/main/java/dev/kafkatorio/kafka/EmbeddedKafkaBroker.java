package dev.kafkatorio.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker in KRaft mode (combined broker and controller), in this JVM,
 * listening on loopback only.
 *
 * <pre>{@code
 * try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(dataDir)) {
 *     kafka.createTopics(List.of(new NewTopic("t", 1, (short) 1)));
 *     String bootstrap = kafka.bootstrapServers();
 * }
 * }</pre>
 *
 * <p>The broker can be stopped and started again on the same ports and data (for outage drills),
 * with {@link #stop()} and {@link #restart()}.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    private final Path dataDir;
    private final boolean deleteOnClose;
    private final int brokerPort;
    private final int controllerPort;
    private final Properties props;
    private KafkaRaftServer server;

    private EmbeddedKafkaBroker(Path dataDir, boolean deleteOnClose, int brokerPort, int controllerPort,
            Map<String, String> overrides) {
        this.dataDir = dataDir;
        this.deleteOnClose = deleteOnClose;
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
        this.props = brokerProperties(overrides);
    }

    /** Starts a broker on free loopback ports with its log dirs in a new temp dir, deleted on close. */
    public static EmbeddedKafkaBroker start() {
        try {
            return start(Files.createTempDirectory("kafkatorio-kafka-"), true, 0, Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temp dir for the broker", e);
        }
    }

    /**
     * Starts a broker keeping its data in {@code dataDir} (kept on close).
     *
     * @param port the client port on 127.0.0.1, 0 for a free one
     * @param overrides extra broker settings (e.g. {@code log.retention.ms})
     */
    public static EmbeddedKafkaBroker start(Path dataDir, boolean deleteOnClose, int port, Map<String, String> overrides) {
        EmbeddedKafkaBroker broker =
                new EmbeddedKafkaBroker(dataDir, deleteOnClose, port == 0 ? freePort() : port, freePort(), overrides);
        broker.format();
        broker.startServer();
        return broker;
    }

    /** {@code 127.0.0.1:<port>} for clients. */
    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    /** Client properties that reach this broker (a copy the caller may change). */
    public Properties clientProperties() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return p;
    }

    /** Creates topics, ignoring ones that exist, and waits for them. */
    public void createTopics(Collection<NewTopic> topics) {
        try (Admin admin = Admin.create(clientProperties())) {
            for (NewTopic t : topics) {
                try {
                    admin.createTopics(List.of(t)).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + t.name(), e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("timed out creating topics " + topics, e);
        }
    }

    /** Stops the broker, keeping its data and ports, so {@link #restart()} can bring it back. */
    public synchronized void stop() {
        if (server != null) {
            LOG.info("Stopping embedded Kafka broker on {}", bootstrapServers());
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    /** Starts a stopped broker again on the same ports and data. */
    public synchronized void restart() {
        if (server == null) {
            startServer();
        }
    }

    @Override
    public synchronized void close() {
        stop();
        if (deleteOnClose) {
            deleteRecursively(dataDir);
        }
    }

    private Properties brokerProperties(Map<String, String> overrides) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", dataDir.resolve("logs").toString());
        p.put("metadata.log.dir", dataDir.resolve("metadata").toString());
        p.put("num.partitions", "1");
        p.put("default.replication.factor", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "false");
        p.put("log.cleaner.backoff.ms", "1000");
        p.put("log.segment.delete.delay.ms", "1000");
        p.putAll(overrides);
        return p;
    }

    private void format() {
        try {
            Path config = Files.createDirectories(dataDir).resolve("server.properties");
            try (OutputStream out = Files.newOutputStream(config)) {
                props.store(out, "kafkatorio embedded broker");
            }
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            String clusterId = clusterId(dataDir);
            int rc = StorageTool.execute(
                    new String[] {"format", "-t", clusterId, "-c", config.toString(), "--ignore-formatted"},
                    new PrintStream(buf, true, StandardCharsets.UTF_8));
            if (rc != 0) {
                throw new IllegalStateException("kafka storage format failed (" + rc + "): " + buf.toString(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare broker data dir " + dataDir, e);
        }
    }

    /**
     * The cluster id this data dir was formatted with, or a new one (written to {@code cluster.id}
     * first, so a start killed between writing it and formatting reuses it). A restart must format
     * with the same id: {@code --ignore-formatted} skips formatted dirs, but the broker refuses to
     * start when {@code meta.properties} names another cluster than its config.
     */
    static String clusterId(Path dataDir) throws IOException {
        for (Path meta : List.of(dataDir.resolve("metadata").resolve("meta.properties"),
                dataDir.resolve("logs").resolve("meta.properties"))) {
            if (Files.isRegularFile(meta)) {
                Properties p = new Properties();
                try (var in = Files.newInputStream(meta)) {
                    p.load(in);
                }
                String id = p.getProperty("cluster.id");
                if (id != null && !id.isBlank()) {
                    return id.trim();
                }
            }
        }
        Path idFile = dataDir.resolve("cluster.id");
        if (Files.isRegularFile(idFile)) {
            String id = Files.readString(idFile, StandardCharsets.US_ASCII).trim();
            if (!id.isEmpty()) {
                return id;
            }
        }
        String id = Uuid.randomUuid().toString();
        Path tmp = dataDir.resolve("cluster.id.tmp");
        Files.writeString(tmp, id + "\n", StandardCharsets.US_ASCII);
        Files.move(tmp, idFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return id;
    }

    private void startServer() {
        long start = System.nanoTime();
        server = new KafkaRaftServer(KafkaConfig.fromProps(props), Time.SYSTEM);
        server.startup();
        awaitReady();
        LOG.info("Embedded Kafka broker ready on {} in {} ms", bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    private void awaitReady() {
        Properties p = clientProperties();
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try (Admin admin = Admin.create(p)) {
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("broker did not become ready on " + bootstrapServers(), e);
                    }
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the broker", e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            List<Path> all = new ArrayList<>(paths.sorted(Comparator.reverseOrder()).toList());
            for (Path path : all) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            LOG.warn("Could not delete broker data dir {}", dir, e);
        }
    }

    /** Creates one topic (if missing) with the given partitions and cleanup policy. */
    public void createTopic(String name, int partitions, boolean compacted) {
        createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(topicConfig(compacted))));
    }

    /**
     * Topic configs for a compacted topic (latest value per key; 64 MiB or 10-minute segments so the
     * cleaner gets to work) or a retained one (deleted after 7 days or past 512 MiB per partition,
     * whichever comes first, so the data dir of a long run reaches a plateau).
     */
    public static Map<String, String> topicConfig(boolean compacted) {
        return compacted
                ? Map.of("cleanup.policy", "compact", "min.cleanable.dirty.ratio", "0.1", "segment.ms", "600000",
                        "segment.bytes", Integer.toString(64 << 20))
                : Map.of("cleanup.policy", "delete", "retention.ms", Long.toString(7L * 24 * 3600 * 1000),
                        "retention.bytes", Long.toString(512L << 20), "segment.bytes", Integer.toString(64 << 20));
    }
}
