package dev.kafkatorio.local;

import dev.kafkatorio.flink.JobConfig;
import dev.kafkatorio.flink.KafkatorioPipeline;
import dev.kafkatorio.kafka.EmbeddedKafkaBroker;
import dev.kafkatorio.pipe.KafkaPipe;
import dev.kafkatorio.pipe.PipeConfig;
import dev.kafkatorio.pipe.ReplayInput;
import dev.kafkatorio.protocol.Topics;
import dev.kafkatorio.tiles.TileServer;
import dev.kafkatorio.tiles.TileServerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole product on one machine: a real Kafka broker (KRaft), a Flink MiniCluster running the
 * same job a cluster runs (RocksDB state, checkpoints), the tile server with the map, and a console
 * feed (the recorded demo, stdin, or none).
 *
 * <pre>{@code
 * try (LocalStack stack = LocalStack.start(LocalStackConfig.forTests(dir))) {
 *     URI map = stack.mapUri();
 * }
 * }</pre>
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);

    /** Classpath location of the recorded demo console (made by factorio-mod/tools/record-demo.sh). */
    public static final String DEMO_RESOURCE = "/demo/demo-console.log";

    private final LocalStackConfig config;
    private EmbeddedKafkaBroker broker;
    private String bootstrapServers;
    private JobClient job;
    private TileServer tileServer;
    private KafkaPipe pipe;
    private Thread feeder;
    private InputStream demoInput;

    private LocalStack(LocalStackConfig config) {
        this.config = config;
    }

    /** Starts every component; on failure stops what was started and rethrows. */
    public static LocalStack start(LocalStackConfig config) throws Exception {
        LocalStack stack = new LocalStack(config);
        try {
            stack.startAll();
            return stack;
        } catch (Exception | Error e) {
            stack.close();
            throw e;
        }
    }

    private void startAll() throws Exception {
        Files.createDirectories(config.dataDir());
        Properties clientProps = loadClientProperties();
        if (config.externalBootstrap() == null) {
            broker = EmbeddedKafkaBroker.start(config.dataDir().resolve("kafka"), false, 0, Map.of());
            bootstrapServers = broker.bootstrapServers();
            for (Topics.Spec spec : Topics.ALL) {
                broker.createTopic(spec.name(), 2, spec.compacted());
            }
        } else {
            bootstrapServers = config.externalBootstrap();
            LOG.info("Using external Kafka at {} (topics must exist: see docs/operations.md)", bootstrapServers);
        }

        job = startFlinkJob(clientProps);

        tileServer = TileServer.newServer(TileServerConfig.builder()
                .bindAddress(config.bindAddress())
                .port(config.port())
                .bootstrapServers(bootstrapServers)
                .kafkaProperties(asMap(clientProps))
                .dataDir(config.dataDir().resolve("tiles"))
                .build());
        tileServer.start();

        if (config.console() != LocalStackConfig.ConsoleSource.NONE) {
            startFeeder(clientProps);
        }
    }

    private JobClient startFlinkJob(Properties clientProps) throws Exception {
        Configuration flink = flinkConfiguration(config.dataDir().resolve("flink"), config.parallelism(),
                config.checkpointInterval());
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(config.parallelism(), flink);
        KafkatorioPipeline.build(env, JobConfig.builder()
                .bootstrapServers(bootstrapServers)
                .kafkaProperties(asMap(clientProps))
                .parallelism(config.parallelism())
                // stable per data dir, so a restart after a crash aborts the transactions the last run
                // left open (they would hold back read_committed readers); distinct per data dir, so two
                // stacks in one JVM (tests) never share transactional ids
                .transactionalIdPrefix("kafkatorio-" + Integer.toHexString(config.dataDir().toAbsolutePath().hashCode()))
                .build());
        JobClient client = env.executeAsync("kafkatorio");
        LOG.info("Flink job {} submitted to the MiniCluster (RocksDB, checkpoints every {})", client.getJobID(),
                config.checkpointInterval());
        return client;
    }

    /**
     * The MiniCluster's Flink configuration: RocksDB state with incremental checkpoints under {@code
     * flinkDir}, generic types off, everything bound to loopback, temp files (RocksDB's native
     * library) under {@code flinkDir/tmp}.
     */
    public static Configuration flinkConfiguration(Path flinkDir, int parallelism, java.time.Duration checkpointInterval)
            throws IOException {
        Path tmp = Files.createDirectories(flinkDir.resolve("tmp"));
        Path scratch = Files.createDirectories(scratchDir(flinkDir));
        Map<String, String> flink = new HashMap<>();
        // RocksDB's working files and the checkpoints live on a RAM disk when there is one: the
        // single-machine stack never restores from them (it restarts the job from the committed Kafka
        // offsets), and a second's worth of fsyncs from ~40 operator instances otherwise saturates a
        // small machine's disk (docs/benchmarks.md)
        flink.put("state.backend.rocksdb.localdir", scratch.resolve("rocksdb").toString());
        flink.put("state.backend.type", "rocksdb");
        flink.put("execution.checkpointing.interval", checkpointInterval.toMillis() + " ms");
        flink.put("execution.checkpointing.dir", scratch.resolve("checkpoints").toUri().toString());
        // Full (not incremental) RocksDB snapshots: with a one-second interval, incremental ones flush
        // the memtables of every keyed operator's RocksDB instance each second, which measured slower
        // for map-sized state on 2 cores (docs/benchmarks.md). A cluster with large state should use
        // incremental checkpoints (flink-job/README.md).
        flink.put("execution.checkpointing.incremental", "false");
        flink.put("pipeline.generic-types", "false");
        // barriers overtake queued records, so a checkpoint never holds back live player updates
        flink.put("execution.checkpointing.unaligned.enabled", "true");
        flink.put("io.tmp.dirs", tmp.toString());
        flink.put("web.upload.dir", tmp.toString());
        flink.put("jobmanager.bind-host", "127.0.0.1");
        flink.put("taskmanager.bind-host", "127.0.0.1");
        flink.put("taskmanager.host", "127.0.0.1");
        flink.put("jobmanager.rpc.address", "127.0.0.1");
        flink.put("rest.bind-address", "127.0.0.1");
        flink.put("rest.address", "127.0.0.1");
        flink.put("taskmanager.memory.managed.size", "256m");
        flink.put("taskmanager.numberOfTaskSlots", Integer.toString(parallelism));
        return Configuration.fromMap(flink);
    }

    /**
     * A per-data-dir folder on {@code /dev/shm} if it is writable and has at least 1 GiB free (a
     * container's default 64 MiB would fill up), else {@code flinkDir/scratch}. Deleted on close.
     */
    static Path scratchDir(Path flinkDir) {
        Path shm = Path.of("/dev/shm");
        try {
            if (Files.isDirectory(shm) && Files.isWritable(shm)
                    && Files.getFileStore(shm).getUsableSpace() >= (1L << 30)) {
                return shm.resolve("kafkatorio-" + Integer.toHexString(flinkDir.toAbsolutePath().hashCode()));
            }
        } catch (IOException e) {
            LOG.debug("/dev/shm not usable", e);
        }
        return flinkDir.resolve("scratch");
    }

    private void startFeeder(Properties clientProps) throws IOException {
        pipe = KafkaPipe.start(PipeConfig.builder()
                .bootstrapServers(bootstrapServers)
                .serverId(config.serverId())
                .producerProperties(clientProps)
                .build());
        InputStream console;
        OutputStream passthrough;
        if (config.console() == LocalStackConfig.ConsoleSource.DEMO) {
            demoInput = ReplayInput.paced(demoFile(), config.demoSpeed(), true);
            console = demoInput;
            passthrough = OutputStream.nullOutputStream();
        } else {
            console = System.in;
            passthrough = System.out;
        }
        feeder = new Thread(() -> {
            try {
                pipe.pump(console, passthrough);
                LOG.info("Console ended: {}", pipe.stats());
            } catch (java.io.InterruptedIOException e) {
                LOG.debug("Console feed stopped");
            } catch (IOException e) {
                LOG.warn("Console feed failed", e);
            }
        }, "console-feed");
        feeder.setDaemon(true);
        feeder.start();
    }

    private Path demoFile() throws IOException {
        Path target = config.dataDir().resolve("demo-console.log");
        try (InputStream in = LocalStack.class.getResourceAsStream(DEMO_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("demo recording " + DEMO_RESOURCE + " missing from the jar");
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    private Properties loadClientProperties() {
        Properties p = new Properties();
        if (config.kafkaConfig() != null) {
            try (InputStream in = Files.newInputStream(config.kafkaConfig())) {
                p.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read --kafka-config " + config.kafkaConfig()
                        + ": give a readable Kafka client properties file", e);
            }
        }
        return p;
    }

    private static Map<String, String> asMap(Properties p) {
        Map<String, String> m = new HashMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
        return m;
    }

    /** The map's URL, e.g. {@code http://localhost:8080/}. */
    public URI mapUri() {
        String host = config.bindAddress().equals("0.0.0.0") || config.bindAddress().equals("127.0.0.1")
                ? "localhost" : config.bindAddress();
        return URI.create("http://" + host + ":" + tileServer.port() + "/");
    }

    /** The Kafka bootstrap servers the stack uses. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The embedded broker, or null when an external Kafka is used. */
    public EmbeddedKafkaBroker broker() {
        return broker;
    }

    @Override
    public void close() {
        if (demoInput != null) {
            try {
                demoInput.close(); // ends the endless replay, so pump() returns
            } catch (IOException e) {
                LOG.debug("closing the demo input", e);
            }
        }
        if (feeder != null) {
            feeder.interrupt();
        }
        if (pipe != null) {
            pipe.close();
        }
        if (tileServer != null) {
            try {
                tileServer.stop();
            } catch (Exception e) {
                LOG.warn("Tile server did not stop cleanly", e);
            }
        }
        if (job != null) {
            try {
                job.cancel().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("Flink job did not cancel cleanly", e);
            }
        }
        if (broker != null) {
            broker.close();
        }
        deleteRecursively(scratchDir(config.dataDir().resolve("flink")));
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("Could not delete the Flink scratch dir {}", dir, e);
        }
    }
}
