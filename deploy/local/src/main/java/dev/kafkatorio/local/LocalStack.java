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
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.executiongraph.AccessExecutionVertex;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole product on one machine: a real Kafka broker (KRaft), a Flink MiniCluster running the
 * same job a cluster runs (RocksDB state, checkpoints), the tile server with the map, and a console
 * feed (the recorded demo, stdin, a followed log file, or none) through kafka-pipe's disk spool.
 *
 * <p>It restarts on its own data dir, whichever way it stopped: the data dir is locked (a second
 * stack on it refuses to start), the broker keeps its cluster id, and the job resumes from the newest
 * savepoint (taken on stop) or retained checkpoint under {@code <data-dir>/flink}. {@link #close()}
 * stops the feed, then the job (stop with a savepoint, else cancel keeping the last checkpoint), then
 * the tile server, then the broker.
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

    /** The RAM disk RocksDB's working files go to when it has room. */
    static final Path RAM_DISK = Path.of("/dev/shm");

    private final LocalStackConfig config;
    private final Path flinkDir;
    private DataDirLock lock;
    private Path scratch;
    private EmbeddedKafkaBroker broker;
    private String bootstrapServers;
    private MiniCluster flink;
    private JobID jobId;
    private URI flinkRest;
    private Path restoredFrom;
    private final AtomicInteger restarts = new AtomicInteger();
    private volatile JobStatus jobStatus = JobStatus.INITIALIZING;
    private Thread jobWatch;
    private TileServer tileServer;
    private KafkaPipe pipe;
    private Thread feeder;
    private InputStream feedInput;
    private volatile boolean closing;

    private LocalStack(LocalStackConfig config) {
        this.config = config;
        this.flinkDir = config.dataDir().resolve("flink");
    }

    /**
     * Starts every component; on failure stops what was started and rethrows. Throws {@link
     * DataDirLock.InUseException} (having touched nothing) when another stack holds the data dir.
     */
    public static LocalStack start(LocalStackConfig config) throws Exception {
        LocalStack stack = new LocalStack(config);
        stack.lock = DataDirLock.acquire(config.dataDir());
        try {
            stack.startAll();
            return stack;
        } catch (Exception | Error e) {
            stack.close();
            throw e;
        }
    }

    private void startAll() throws Exception {
        long t0 = System.nanoTime();
        scratch = Scratch.prepare(config.dataDir(), RAM_DISK);
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

        startFlinkJob(clientProps);

        TileServerConfig.Builder tiles = TileServerConfig.builder()
                .bindAddress(config.bindAddress())
                .port(config.port())
                .bootstrapServers(bootstrapServers)
                .kafkaProperties(asMap(clientProps))
                .dataDir(config.dataDir().resolve("tiles"))
                .accessToken(config.accessToken())
                .allowedHosts(config.allowedHosts())
                .gauge("kafkatorio_local_job_restarts", "Restarts of the Flink job since the stack started", restarts::get)
                .gauge("kafkatorio_local_job_running", "1 while the Flink job is RUNNING", () -> jobStatus == JobStatus.RUNNING ? 1 : 0)
                .gauge("kafkatorio_local_restored", "1 if the job was restored from a snapshot at start", () -> restoredFrom == null ? 0 : 1)
                .gauge("kafkatorio_local_scratch_bytes", "Bytes in RocksDB's scratch dir (RAM disk when there is one)",
                        () -> Scratch.sizeOf(scratch))
                .gauge("kafkatorio_local_open_fds", "Open file descriptors of the stack's process", LocalStack::openFds)
                .gauge("kafkatorio_local_pipe_spool_records", "Packets in kafka-pipe's disk spool, not yet in Kafka",
                        () -> pipe == null ? 0 : pipe.stats().spoolRecords());
        tileServer = TileServer.newServer(tiles.build());
        tileServer.start();

        if (config.console() != LocalStackConfig.ConsoleSource.NONE) {
            startFeeder(clientProps);
        }
        LOG.info("Stack started in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    private void startFlinkJob(Properties clientProps) throws Exception {
        restoredFrom = RestorePoints.latest(checkpointsDir(flinkDir), savepointsDir(flinkDir)).orElse(null);
        Configuration conf = flinkConfiguration(flinkDir, scratch, config.parallelism(), config.checkpointInterval());
        if (restoredFrom != null) {
            conf.setString("execution.state-recovery.path", restoredFrom.toUri().toString());
            // Flink owns the restored snapshot and deletes it once a newer checkpoint subsumes it
            conf.setString("execution.state-recovery.claim-mode", "CLAIM");
        }
        flink = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(config.parallelism())
                .build());
        flink.start();
        StreamExecutionEnvironment env = new StreamExecutionEnvironment(conf);
        env.setParallelism(config.parallelism());
        KafkatorioPipeline.build(env, JobConfig.builder()
                .bootstrapServers(bootstrapServers)
                .kafkaProperties(asMap(clientProps))
                .parallelism(config.parallelism())
                // stable per data dir, so a restart after a crash aborts the transactions the last run
                // left open (they would hold back read_committed readers); distinct per data dir, so two
                // stacks in one JVM (tests) never share transactional ids
                .transactionalIdPrefix("kafkatorio-" + Integer.toHexString(config.dataDir().toAbsolutePath().hashCode()))
                .build());
        StreamGraph graph = env.getStreamGraph();
        graph.setJobName("kafkatorio");
        jobId = flink.submitJob(graph).get(60, TimeUnit.SECONDS).getJobID();
        flinkRest = flink.getRestAddress().get(10, TimeUnit.SECONDS);
        LOG.info("Flink job {} submitted ({}; RocksDB, checkpoints every {} in {}); Flink REST API and web UI at {}", jobId,
                restoredFrom == null ? "no earlier state" : "restoring " + restoredFrom,
                config.checkpointInterval(), checkpointsDir(flinkDir), flinkRest);
        jobWatch = new Thread(this::watchJob, "flink-job-watch");
        jobWatch.setDaemon(true);
        jobWatch.start();
    }

    /** Polls the job's status and restart count once a second (logged, and read by {@link #jobRestarts()}). */
    private void watchJob() {
        while (!closing) {
            try {
                AccessExecutionGraph graph = flink.getExecutionGraph(jobId).get(5, TimeUnit.SECONDS);
                JobStatus status = graph.getState();
                int attempts = 0;
                for (AccessExecutionVertex v : graph.getAllExecutionVertices()) {
                    attempts = Math.max(attempts, v.getCurrentExecutionAttempt().getAttemptNumber());
                }
                int before = restarts.getAndSet(attempts);
                if (attempts > before) {
                    LOG.warn("The Flink job restarted ({} restart(s) so far); see the log above for the cause", attempts);
                }
                if (status != jobStatus) {
                    if (status == JobStatus.FAILED) {
                        LOG.error("The Flink job FAILED after {} restart(s) and stays down; the map serves what it has."
                                + " Fix the cause in the log above and start the stack again (it resumes from the last"
                                + " checkpoint)", attempts);
                    } else if (status.isGloballyTerminalState() && !closing) {
                        LOG.warn("The Flink job is {}", status);
                    }
                    jobStatus = status;
                }
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                if (closing) {
                    return;
                }
                LOG.debug("job status poll failed", e);
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    private static double openFds() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.UnixOperatingSystemMXBean unix ? unix.getOpenFileDescriptorCount() : -1;
    }

    static Path checkpointsDir(Path flinkDir) {
        return flinkDir.resolve("checkpoints");
    }

    static Path savepointsDir(Path flinkDir) {
        return flinkDir.resolve("savepoints");
    }

    /**
     * The stack's Flink configuration: RocksDB state (working files in {@code scratch}, which may be a
     * RAM disk), full checkpoints every {@code checkpointInterval} to {@code flinkDir/checkpoints} on
     * disk, retained on cancellation, aligned, with a timeout and tolerated failures; a bounded
     * exponential-delay restart strategy; RocksDB info logs capped; everything bound to loopback.
     */
    public static Configuration flinkConfiguration(Path flinkDir, Path scratch, int parallelism,
            Duration checkpointInterval) throws IOException {
        Path tmp = Files.createDirectories(flinkDir.resolve("tmp"));
        Files.createDirectories(scratch);
        Map<String, String> flink = new HashMap<>();
        flink.put("state.backend.type", "rocksdb");
        // RocksDB's working files may live on a RAM disk: nothing in them is needed to restore
        flink.put("state.backend.rocksdb.localdir", scratch.resolve("rocksdb").toString());
        // RocksDB's INFO LOG files grew by 140 MB in 10 minutes of the demo (17 instances): headers only,
        // at most 2 files of 1 MB per instance; and a bound on the open SST files per instance
        flink.put("state.backend.rocksdb.log.level", "HEADER_LEVEL");
        flink.put("state.backend.rocksdb.log.max-file-size", "1mb");
        flink.put("state.backend.rocksdb.log.file-num", "2");
        flink.put("state.backend.rocksdb.files.open", "64");
        flink.put("execution.checkpointing.interval", checkpointInterval.toMillis() + " ms");
        // checkpoints and savepoints are what a restart restores: on disk, never on the RAM disk
        flink.put("execution.checkpointing.dir", checkpointsDir(flinkDir).toUri().toString());
        flink.put("execution.checkpointing.savepoint-dir", savepointsDir(flinkDir).toUri().toString());
        flink.put("execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION");
        flink.put("execution.checkpointing.num-retained", "1");
        // Full (not incremental) RocksDB snapshots: with a one-second interval, incremental ones flush
        // the memtables of every keyed operator's RocksDB instance each second, which measured slower
        // for map-sized state on 2 cores (docs/benchmarks.md). A cluster with large state should use
        // incremental checkpoints (flink-job/README.md).
        flink.put("execution.checkpointing.incremental", "false");
        // Aligned checkpoints. Unaligned ones hung for the whole timeout during a fast backfill: the
        // async part waits in OperatorSnapshotFinalizer for the in-flight channel state, which only
        // completes once the last barrier has arrived on every input; aligned checkpoints persist no
        // channel state, so nothing is left to wait for (docs/operations.md).
        flink.put("execution.checkpointing.unaligned.enabled", "false");
        // a checkpoint that takes longer than this is abandoned: an idle one takes well under a second,
        // one in the middle of a full-speed backfill on 2 busy cores up to ~25 s (measured by
        // BackfillConsoleITCase); a few failures in a row are tolerated (a slow disk, a GC pause)
        // before the job fails over
        flink.put("execution.checkpointing.timeout", "120 s");
        flink.put("execution.checkpointing.tolerable-failed-checkpoints", "5");
        flink.put("execution.checkpointing.min-pause", Math.min(500, checkpointInterval.toMillis() / 2) + " ms");
        // a poison record cannot spin for ever: 1 s, 2 s, 4 s ... 60 s apart, and after 12 failures
        // without a quiet hour between them the job fails and stays down (logged, restart metric)
        flink.put("restart-strategy.type", "exponential-delay");
        flink.put("restart-strategy.exponential-delay.initial-backoff", "1 s");
        flink.put("restart-strategy.exponential-delay.max-backoff", "60 s");
        flink.put("restart-strategy.exponential-delay.backoff-multiplier", "2.0");
        flink.put("restart-strategy.exponential-delay.reset-backoff-threshold", "1 h");
        flink.put("restart-strategy.exponential-delay.jitter-factor", "0.1");
        flink.put("restart-strategy.exponential-delay.attempts-before-reset-backoff", "12");
        // enough checkpoint history in the REST API to see why one failed
        flink.put("web.checkpoints.history", "200");
        flink.put("pipeline.generic-types", "false");
        flink.put("io.tmp.dirs", tmp.toString());
        flink.put("web.upload.dir", tmp.toString());
        flink.put("jobmanager.bind-host", "127.0.0.1");
        flink.put("taskmanager.bind-host", "127.0.0.1");
        flink.put("taskmanager.host", "127.0.0.1");
        flink.put("jobmanager.rpc.address", "127.0.0.1");
        flink.put("rest.bind-address", "127.0.0.1");
        flink.put("rest.address", "127.0.0.1");
        flink.put("rest.bind-port", "0");
        flink.put("taskmanager.memory.managed.size", "256m");
        flink.put("taskmanager.numberOfTaskSlots", Integer.toString(parallelism));
        return Configuration.fromMap(flink);
    }

    /** {@link #flinkConfiguration(Path, Path, int, Duration)} with the scratch under {@code flinkDir}. */
    public static Configuration flinkConfiguration(Path flinkDir, int parallelism, Duration checkpointInterval)
            throws IOException {
        return flinkConfiguration(flinkDir, flinkDir.resolve("scratch"), parallelism, checkpointInterval);
    }

    private void startFeeder(Properties clientProps) throws IOException {
        // every console mode goes through kafka-pipe's disk spool under the data dir: a backfill faster
        // than Kafka, or Kafka away, loses nothing, and what a stop left unsent is sent at the next start
        Path spoolDir = Files.createDirectories(config.dataDir().resolve("pipe"));
        PipeConfig.Builder pipeConfig = PipeConfig.builder()
                .bootstrapServers(bootstrapServers)
                .serverId(config.serverId())
                .producerProperties(clientProps)
                .spoolDir(spoolDir.resolve("spool"))
                .closeTimeout(Duration.ofSeconds(3));
        InputStream console;
        OutputStream passthrough;
        switch (config.console()) {
            case DEMO -> {
                feedInput = ReplayInput.paced(demoFile(), config.demoSpeed(), true);
                console = feedInput;
                passthrough = OutputStream.nullOutputStream();
            }
            case FOLLOW -> {
                dev.kafkatorio.pipe.FollowFeed follow = dev.kafkatorio.pipe.FollowFeed.open(
                        config.consoleFile(), spoolDir.resolve("follow.position"));
                follow.storedSession().ifPresent(pipeConfig::resumeSession);
                feedInput = follow;
                console = follow;
                passthrough = OutputStream.nullOutputStream();
            }
            default -> {
                console = System.in;
                passthrough = new java.io.FileOutputStream(java.io.FileDescriptor.out); // raw, unbuffered
            }
        }
        pipe = KafkaPipe.start(pipeConfig.build());
        if (feedInput instanceof dev.kafkatorio.pipe.FollowFeed follow) {
            follow.attach(pipe);
        }
        feeder = new Thread(() -> {
            try {
                pipe.pump(console, passthrough);
                LOG.info("Console ended: {}", pipe.stats());
            } catch (java.io.InterruptedIOException e) {
                LOG.debug("Console feed stopped");
            } catch (IOException | RuntimeException e) {
                if (!closing) {
                    LOG.warn("Console feed failed: {}", e.toString());
                }
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

    /** The console feed's kafka-pipe, or null without a console. */
    public KafkaPipe pipe() {
        return pipe;
    }

    /** The MiniCluster's REST API (and web UI), on loopback. */
    public URI flinkRestUri() {
        return flinkRest;
    }

    /** The Flink job's id. */
    public JobID jobId() {
        return jobId;
    }

    /** How often the Flink job has restarted since this stack started (0 when healthy). */
    public int jobRestarts() {
        return restarts.get();
    }

    /** The Flink job's status, as last polled (once a second). */
    public JobStatus jobStatus() {
        return jobStatus;
    }

    /** The snapshot the job was restored from at start, if any. */
    public Optional<Path> restoredFrom() {
        return Optional.ofNullable(restoredFrom);
    }

    /** The RocksDB scratch dir (on the RAM disk when there is one). */
    public Path scratchDir() {
        return scratch;
    }

    /**
     * Stops everything in order, logging each step: the feed (kafka-pipe sends what it can for 3 s, the
     * rest stays in its disk spool), the job (stop with a savepoint; if that fails or takes over 8 s,
     * cancel: the last checkpoint is retained), the tile server, the broker; then deletes the scratch
     * and releases the data dir. Never throws.
     */
    @Override
    public void close() {
        closing = true;
        long t0 = System.nanoTime();
        if (jobWatch != null) {
            jobWatch.interrupt();
        }
        if (feedInput != null) {
            try {
                feedInput.close(); // ends the replay or the follow, so pump() returns
            } catch (IOException e) {
                LOG.debug("closing the console input", e);
            }
        }
        if (feeder != null) {
            feeder.interrupt();
        }
        if (pipe != null) {
            step("console feed", t0, () -> pipe.close());
        }
        if (feedInput instanceof dev.kafkatorio.pipe.FollowFeed follow) {
            try {
                follow.release();
            } catch (IOException e) {
                LOG.debug("closing the followed console file", e);
            }
        }
        if (flink != null) {
            step("Flink job", t0, this::stopJob);
            step("Flink MiniCluster", t0, () -> flink.closeAsync().get(10, TimeUnit.SECONDS));
        }
        if (tileServer != null) {
            step("tile server", t0, () -> tileServer.stop());
        }
        if (broker != null) {
            step("Kafka broker", t0, () -> broker.close());
        }
        if (scratch != null) {
            Scratch.deleteRecursively(scratch);
        }
        if (lock != null) {
            lock.close();
        }
        LOG.info("Stack stopped in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    private void stopJob() throws Exception {
        if (jobId == null) {
            return;
        }
        JobStatus status = flink.getJobStatus(jobId).get(5, TimeUnit.SECONDS);
        if (status == JobStatus.RUNNING) {
            try {
                CompletableFuture<String> savepoint = flink.stopWithSavepoint(jobId,
                        savepointsDir(flinkDir).toUri().toString(), false, SavepointFormatType.NATIVE);
                LOG.info("Flink job stopped with a savepoint at {}", savepoint.get(8, TimeUnit.SECONDS));
                return;
            } catch (Exception e) {
                LOG.warn("Stop with savepoint failed ({}); cancelling, the last checkpoint is kept", rootMessage(e));
            }
        }
        if (!status.isGloballyTerminalState()) {
            flink.cancelJob(jobId).get(5, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!flink.getJobStatus(jobId).get(5, TimeUnit.SECONDS).isGloballyTerminalState()
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            LOG.info("Flink job cancelled (was {}); restart resumes from its last checkpoint", status);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.toString();
    }

    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }

    private static void step(String what, long t0, Step step) {
        long start = System.nanoTime();
        try {
            step.run();
            LOG.info("Stopped the {} in {} ms", what, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        } catch (Exception e) {
            LOG.warn("The {} did not stop cleanly: {}", what, rootMessage(e));
        }
    }
}
