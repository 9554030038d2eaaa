package dev.kafkatorio.pipe;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The {@code kafka-pipe} command: parses options into a {@link PipeConfig}, picks the mode and wires it. */
@Command(
        name = "kafka-pipe",
        mixinStandardHelpOptions = true,
        versionProvider = KafkaPipeMain.Version.class,
        usageHelpWidth = 110,
        synopsisHeading = "%nUsage:%n",
        customSynopsis = {
            "  kafka-pipe [options]                              stdin mode",
            "  kafka-pipe [options] -- <factorio command line>  wrapper mode",
            "  kafka-pipe [options] --follow <file>              follow mode",
            "  kafka-pipe [options] --replay <file> [--speed x] [--loop]   replay mode"
        },
        description = {
            "",
            "Reads a Factorio server console, ships Kafkatorio packet lines to Kafka and passes every other line",
            "through to stdout byte for byte. Logs go to stderr. The console is always drained promptly: packets",
            "go to a bounded spool (on disk with --spool-dir) that a sender thread ships to Kafka in order.",
            "",
            "Modes:",
            "  stdin    factorio --start-server save.zip | kafka-pipe ...   reads stdin until EOF.",
            "  wrapper  kafka-pipe ... -- factorio --start-server save.zip   starts the server as a child process,",
            "           pumps its stdout, inherits its stderr (not scanned), forwards our stdin to its stdin (admin",
            "           commands) and types /kafkatorio-resync into it after packets had to be dropped. SIGTERM/SIGINT",
            "           stop the server with SIGTERM (it saves) and kafka-pipe exits with the server's exit code.",
            "  follow   factorio ... > console.log  +  kafka-pipe ... --follow console.log --spool-dir d   follows the",
            "           file like tail -F (rotation, truncation), storing the read position and session in the spool",
            "           dir so a restart resumes exactly there. A crash of kafka-pipe cannot hurt the game here.",
            "  replay   ships a recorded console file as fast as possible (--speed 0) or at N x real time, with",
            "           a progress bar and a summary on stderr.",
            "",
            "Exit codes: 0 done, 2 bad usage or configuration, 1 other failure; wrapper mode: the server's.",
            "",
            "Options:"
        })
public final class KafkaPipeMain implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaPipeMain.class);

    @Option(names = "--bootstrap-servers", required = true, paramLabel = "<host:port,...>",
            description = "Kafka bootstrap servers.")
    String bootstrapServers;

    @Option(names = "--server-id", required = true, paramLabel = "<id>",
            description = "Id of this Factorio server (record key): 1-64 of A-Z a-z 0-9 . _ -")
    String serverId;

    @Option(names = "--producer-config", paramLabel = "<file>",
            description = "Kafka client .properties file (SASL_SSL, SCRAM, mTLS, ...), merged over the defaults. Values are never printed.")
    Path producerConfig;

    @Option(names = "--topic-prefix", defaultValue = "", paramLabel = "<prefix>",
            description = "Prefix of the topic name (default: none).")
    String topicPrefix;

    @Option(names = "--spool-dir", paramLabel = "<dir>",
            description = "Spool packets on disk here (segment files, CRC per record, ack file); survives Kafka outages and restarts. "
                    + "Without it: an in-memory queue of --queue-capacity packets. Required by --follow.")
    Path spoolDir;

    @Option(names = "--spool-max-bytes", defaultValue = "" + PipeConfig.DEFAULT_SPOOL_MAX_BYTES, paramLabel = "<bytes>",
            description = "Spool capacity; past it packets are dropped and a gap record follows (default: ${DEFAULT-VALUE} = 1 GiB).")
    long spoolMaxBytes;

    @Option(names = "--spool-fsync-ms", defaultValue = "" + PipeConfig.DEFAULT_SPOOL_FSYNC_MILLIS, paramLabel = "<ms>",
            description = "fsync the spool segment being written this often (default: ${DEFAULT-VALUE}); a power loss can lose this much.")
    long spoolFsyncMillis;

    @Option(names = "--queue-capacity", defaultValue = "" + PipeConfig.DEFAULT_QUEUE_CAPACITY, paramLabel = "<n>",
            description = "Without --spool-dir: packets that may wait for Kafka in memory before new ones are dropped (default: ${DEFAULT-VALUE}).")
    int queueCapacity;

    @Option(names = "--follow", paramLabel = "<file>",
            description = "Follow mode: follow this file (the server's stdout redirected into it) like tail -F.")
    Path follow;

    @Option(names = "--position-file", paramLabel = "<file>",
            description = "Follow mode: where the read position is stored (default: <spool-dir>/follow.position).")
    Path positionFile;

    @Option(names = "--replay", paramLabel = "<file>",
            description = "Replay mode: ship a recorded console file.")
    Path replay;

    @Option(names = "--speed", defaultValue = "1", paramLabel = "<x>",
            description = "Replay speed factor, 0 = as fast as possible (default: ${DEFAULT-VALUE}).")
    double speed;

    @Option(names = "--loop", description = "Replay the file over and over.")
    boolean loop;

    @Option(names = "--no-progress", description = "Replay mode: no progress bar (the summary is still printed).")
    boolean noProgress;

    @Option(names = "--metrics-port", paramLabel = "<port>",
            description = "Serve Prometheus metrics on http://127.0.0.1:<port>/metrics (default: off).")
    Integer metricsPort;

    @Option(names = "--stop-timeout", defaultValue = "60", paramLabel = "<s>",
            description = "Wrapper mode: how long the server may take to save and exit after SIGTERM (default: ${DEFAULT-VALUE}).")
    long stopTimeoutSeconds;

    /** What --producer-config held, to scrub its secrets from error messages. */
    Properties loadedProducerConfig;

    @Parameters(paramLabel = "<factorio command line>", arity = "0..*",
            description = "Wrapper mode: the server command after --.")
    List<String> command = new ArrayList<>();

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command and returns its exit code (0 ok, 1 failure, 2 bad usage or configuration). */
    static int run(String... args) {
        CommandLine cli = new CommandLine(new KafkaPipeMain());
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            // messages may quote a client setting (Kafka's config errors do): never print a secret
            Properties secrets = ((KafkaPipeMain) commandLine.getCommand()).loadedProducerConfig;
            if (ex instanceof IllegalArgumentException) {
                commandLine.getErr().println("kafka-pipe: " + Secrets.scrub(ex.getMessage(), secrets));
                return 2;
            }
            StringBuilder causes = new StringBuilder();
            for (Throwable t = ex; t != null; t = t.getCause()) {
                causes.append(causes.length() == 0 ? "" : "; caused by: ").append(t.getClass().getName()).append(": ")
                        .append(Secrets.scrub(t.getMessage(), secrets));
            }
            if (ex instanceof org.apache.kafka.common.KafkaException) {
                commandLine.getErr().println("kafka-pipe: cannot start the Kafka producer (check --producer-config): " + causes);
                return 2;
            }
            commandLine.getErr().println("kafka-pipe: failed: " + causes);
            LOG.debug("kafka-pipe failed", ex); // the stack trace only at DEBUG: exception messages may quote settings
            return 1;
        });
        return cli.execute(args);
    }

    @Override
    public Integer call() throws Exception {
        int modes = (command.isEmpty() ? 0 : 1) + (follow == null ? 0 : 1) + (replay == null ? 0 : 1);
        if (modes > 1) {
            throw new IllegalArgumentException("pick one mode: a server command after --, --follow <file> or --replay <file>");
        }
        if (replay == null && (loop || speed != 1 || noProgress)) {
            throw new IllegalArgumentException("--speed, --loop and --no-progress only apply to --replay <file>");
        }
        if (follow == null && positionFile != null) {
            throw new IllegalArgumentException("--position-file only applies to --follow <file>");
        }
        if (follow != null && spoolDir == null) {
            throw new IllegalArgumentException("--follow needs --spool-dir <dir>: the spool and the position must survive a restart");
        }
        if (metricsPort != null && (metricsPort < 0 || metricsPort > 65535)) {
            throw new IllegalArgumentException("invalid --metrics-port " + metricsPort + ": pass 1-65535 (0 = any free port)");
        }
        PipeConfig.Builder builder = PipeConfig.builder()
                .bootstrapServers(bootstrapServers)
                .serverId(serverId)
                .producerProperties(loadedProducerConfig = loadProducerConfig(producerConfig))
                .topicPrefix(topicPrefix)
                .queueCapacity(queueCapacity)
                .spoolDir(spoolDir)
                .spoolMaxBytes(spoolMaxBytes)
                .spoolFsyncMillis(spoolFsyncMillis);
        FollowInput followInput = null;
        if (follow != null) {
            followInput = new FollowInput(follow, new PositionFile(positionFile != null ? positionFile
                    : spoolDir.resolve("follow.position")), 100, 200);
            PositionFile.Position stored = followInput.storedPosition();
            if (stored != null) {
                builder.resumeSession(stored.session());
            }
        }
        PipeConfig config = builder.build();
        InputStream replayInput = replay == null ? null : ReplayInput.paced(replay, speed, loop); // validates the file
        OutputStream stdout = new SafeOutput(new FileOutputStream(FileDescriptor.out)); // unbuffered: raw bytes, live
        KafkaPipe pipe = KafkaPipe.start(config);
        PipeMetrics metrics = null;
        try {
            if (metricsPort != null) {
                metrics = PipeMetrics.serve(metricsPort, pipe::stats);
                LOG.info("Prometheus metrics on http://127.0.0.1:{}/metrics", metrics.port());
            }
            if (!command.isEmpty()) {
                return runWrapper(pipe, stdout);
            } else if (followInput != null) {
                runFollow(pipe, followInput, stdout);
            } else if (replayInput != null) {
                runReplay(pipe, replayInput, stdout);
            } else {
                runWithHook(pipe, null, () -> pipe.pump(System.in, stdout));
            }
            return 0;
        } finally {
            pipe.close();
            if (metrics != null) {
                metrics.close();
            }
        }
    }

    private int runWrapper(KafkaPipe pipe, OutputStream stdout) throws Exception {
        WrappedServer server = WrappedServer.start(command, System.in);
        pipe.onGap(lost -> server.requestResync());
        // SIGINT from a terminal reaches the whole foreground process group (the server too); SIGTERM
        // to kafka-pipe alone is forwarded by the hook, which then waits for the server to save and exit
        runWithHook(pipe, () -> server.stop(Duration.ofSeconds(stopTimeoutSeconds)), () -> pipe.pump(server.stdout(), stdout));
        int code = server.waitFor();
        LOG.info("The server exited with code {}", code);
        return code;
    }

    private void runFollow(KafkaPipe pipe, FollowInput input, OutputStream stdout) throws Exception {
        input.progress(pipe.followProgress());
        try (input) {
            runWithHook(pipe, input::stop, () -> pipe.pump(input, stdout));
        }
    }

    private void runReplay(KafkaPipe pipe, InputStream input, OutputStream stdout) throws Exception {
        ReplayProgress progress = new ReplayProgress(Files.size(replay), pipe::stats, System.err, !noProgress);
        try {
            runWithHook(pipe, null, () -> pipe.pump(progress.wrap(input), stdout));
            pipe.close(); // sends what is spooled, so that the summary counts it
        } finally {
            progress.close();
        }
    }

    /** What the main thread runs. */
    @FunctionalInterface
    interface Pump {
        void run() throws IOException;
    }

    /**
     * Runs {@code pump} with a shutdown hook that (on SIGTERM/SIGINT) calls {@code stopInput} (if any)
     * and gives the pump up to 10 s to finish (so the last position is stored), then closes the pipe.
     */
    private static void runWithHook(KafkaPipe pipe, Runnable stopInput, Pump pump) throws IOException {
        CountDownLatch pumped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            if (stopInput != null) {
                stopInput.run();
                try {
                    pumped.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            pipe.close();
        }, "kafka-pipe-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            pump.run();
        } finally {
            pumped.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running already
            }
        }
    }

    /** Reads a Kafka client properties file; values are never logged (they may hold passwords). */
    static Properties loadProducerConfig(Path file) {
        Properties p = new Properties();
        if (file == null) {
            return p;
        }
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot read --producer-config '" + file + "' (" + e.getClass().getSimpleName()
                    + "): pass a readable Kafka client .properties file");
        }
        LOG.info("Loaded {} producer settings from {}: {}", p.size(), file, p.stringPropertyNames());
        return p;
    }

    /** The version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = KafkaPipeMain.class.getPackage().getImplementationVersion();
            return new String[] {"kafka-pipe " + (v == null ? "(development build)" : v)};
        }
    }
}
