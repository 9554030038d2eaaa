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
import java.util.Properties;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code kafka-pipe} command: parses options into a {@link PipeConfig} and pumps stdin (or a replay). */
@Command(
        name = "kafka-pipe",
        mixinStandardHelpOptions = true,
        versionProvider = KafkaPipeMain.Version.class,
        description = {
            "Reads a Factorio server console on stdin, ships Kafkatorio packet lines to Kafka and passes",
            "every other line through to stdout byte for byte. Logs go to stderr."
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
            description = "Kafka client .properties file (security: SASL_SSL, SCRAM, mTLS, ...), merged over the defaults.")
    Path producerConfig;

    @Option(names = "--topic-prefix", defaultValue = "", paramLabel = "<prefix>",
            description = "Prefix of the topic name (default: none).")
    String topicPrefix;

    @Option(names = "--queue-capacity", defaultValue = "" + PipeConfig.DEFAULT_QUEUE_CAPACITY, paramLabel = "<n>",
            description = "Packets that may wait for Kafka before new ones are dropped (default: ${DEFAULT-VALUE}).")
    int queueCapacity;

    @Option(names = "--replay", paramLabel = "<file>",
            description = "Replay a recorded console file instead of reading stdin.")
    Path replay;

    @Option(names = "--speed", defaultValue = "1", paramLabel = "<x>",
            description = "Replay speed factor, 0 = as fast as possible (default: ${DEFAULT-VALUE}).")
    double speed;

    @Option(names = "--loop", description = "Replay the file over and over.")
    boolean loop;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command and returns its exit code (0 ok, 1 failure, 2 bad usage or configuration). */
    static int run(String... args) {
        CommandLine cli = new CommandLine(new KafkaPipeMain());
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof IllegalArgumentException) {
                commandLine.getErr().println("kafka-pipe: " + ex.getMessage());
                return 2;
            }
            commandLine.getErr().println("kafka-pipe: failed: " + ex);
            LOG.error("kafka-pipe failed", ex);
            return 1;
        });
        return cli.execute(args);
    }

    @Override
    public Integer call() throws IOException {
        PipeConfig config = PipeConfig.builder()
                .bootstrapServers(bootstrapServers)
                .serverId(serverId)
                .producerProperties(loadProducerConfig(producerConfig))
                .topicPrefix(topicPrefix)
                .queueCapacity(queueCapacity)
                .build();
        if (replay == null && (loop || speed != 1)) {
            throw new IllegalArgumentException("--speed and --loop only apply to --replay <file>");
        }
        InputStream console = replay == null ? System.in : ReplayInput.paced(replay, speed, loop);
        OutputStream stdout = new FileOutputStream(FileDescriptor.out); // unbuffered: raw bytes, live
        KafkaPipe pipe = KafkaPipe.start(config);
        Thread hook = new Thread(pipe::close, "kafka-pipe-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            pipe.pump(console, stdout);
        } finally {
            pipe.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running already
            }
        }
        return 0;
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
