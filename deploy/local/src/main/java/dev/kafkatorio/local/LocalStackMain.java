package dev.kafkatorio.local;

import dev.kafkatorio.tiles.TileServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the single-machine stack; with no arguments, the demo. */
@Command(
        name = "kafkatorio-local",
        mixinStandardHelpOptions = true,
        version = "kafkatorio-local 0.1.0",
        description = {
            "Runs Kafkatorio on one machine: a real Kafka broker (KRaft), a Flink MiniCluster running the job,",
            "the tile server with the web map, and a console feed. With no options it replays a recorded demo",
            "server in a loop and prints the map's URL."
        })
public final class LocalStackMain implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "8080", description = "HTTP port of the map (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1",
            description = "Address the map binds to (default: ${DEFAULT-VALUE}; 0.0.0.0 for all interfaces).")
    String bind;

    @Option(names = "--data-dir", defaultValue = "kafkatorio-data",
            description = "Kafka log, Flink checkpoints and temp files (default: ./${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--kafka-bootstrap-servers",
            description = "Use this Kafka cluster instead of the embedded broker (topics must exist).")
    String kafkaBootstrap;

    @Option(names = "--kafka-config", description = "Kafka client properties file for --kafka-bootstrap-servers (security).")
    Path kafkaConfig;

    @Option(names = "--console", defaultValue = "demo",
            description = "What feeds the map: 'demo' (recorded demo, looped), '-' (a real server's console on stdin,"
                    + " passed through to stdout), 'follow' (a log file the server's stdout goes to, see --console-file),"
                    + " or 'none' (a kafka-pipe elsewhere). Default: ${DEFAULT-VALUE}.")
    String console;

    @Option(names = "--console-file", paramLabel = "<log>",
            description = "With --console follow: the server's console log, followed like tail -F (rotation and"
                    + " truncation handled, the position kept in the data dir).")
    Path consoleFile;

    @Option(names = "--access-token-file", paramLabel = "<file>",
            description = "A file holding the access token that the change log and other sensitive API ask for"
                    + " (default: the " + TileServerConfig.ACCESS_TOKEN_ENV + " environment variable; none if unset).")
    Path accessTokenFile;

    @Option(names = "--allowed-hosts", paramLabel = "<host[:port]>", split = ",",
            description = "Host names the map is reached by (the Host header), besides the bind address and, on"
                    + " loopback, localhost; comma-separated or repeated, '*' turns the check off. Required with"
                    + " --bind 0.0.0.0 (DNS-rebinding protection).")
    java.util.List<String> allowedHosts;

    @Option(names = "--stop-timeout", defaultValue = "PT15S",
            description = "On SIGINT/SIGTERM the stack stops in order within this time, or exits hard (default: ${DEFAULT-VALUE}).")
    Duration stopTimeout;

    @Option(names = "--server-id", description = "Server id for the console (default: 'demo' for the demo, required for '-').")
    String serverId;

    @Option(names = "--demo-speed", defaultValue = "1.0", description = "Demo replay speed, 1.0 = real time (default: ${DEFAULT-VALUE}).")
    double demoSpeed;

    @Option(names = "--checkpoint-interval", defaultValue = "PT1S",
            description = "Flink checkpoint interval as an ISO-8601 duration (default: ${DEFAULT-VALUE}).")
    Duration checkpointInterval;

    @Option(names = "--parallelism", defaultValue = "1", description = "Flink parallelism (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Override
    public Integer call() throws Exception {
        CommandLine cmd = new CommandLine(this);
        LocalStackConfig.ConsoleSource source = switch (console) {
            case "demo" -> LocalStackConfig.ConsoleSource.DEMO;
            case "-" -> LocalStackConfig.ConsoleSource.STDIN;
            case "follow" -> LocalStackConfig.ConsoleSource.FOLLOW;
            case "none" -> LocalStackConfig.ConsoleSource.NONE;
            default -> throw new CommandLine.ParameterException(cmd,
                    "--console must be 'demo', '-', 'follow' or 'none', got '" + console + "'");
        };
        if ((source == LocalStackConfig.ConsoleSource.STDIN || source == LocalStackConfig.ConsoleSource.FOLLOW)
                && serverId == null) {
            throw new CommandLine.ParameterException(cmd,
                    "--console " + console + " needs --server-id <id> naming the server whose console it reads");
        }
        if ((source == LocalStackConfig.ConsoleSource.FOLLOW) != (consoleFile != null)) {
            throw new CommandLine.ParameterException(cmd, "--console follow needs --console-file <log>, and only it takes one");
        }
        if (stopTimeout.toMillis() < 1000) {
            throw new CommandLine.ParameterException(cmd, "--stop-timeout must be at least PT1S");
        }
        LocalStackConfig config = new LocalStackConfig(bind, port, dataDir.toAbsolutePath(), kafkaBootstrap, kafkaConfig,
                source, serverId == null ? "demo" : serverId, demoSpeed, checkpointInterval, parallelism,
                consoleFile == null ? null : consoleFile.toAbsolutePath(), accessToken(cmd), allowedHosts);
        // made before anything starts, so a JVM short of memory can still stop: past the deadline the
        // watchdog halts the process (the next start recovers as after kill -9)
        Watchdog watchdog = new Watchdog(stopTimeout);
        LocalStack stack;
        try {
            stack = LocalStack.start(config);
        } catch (DataDirLock.InUseException e) {
            cmd.getErr().println("kafkatorio-local: " + e.getMessage());
            return 2;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            watchdog.arm();
            stack.close();
            org.apache.logging.log4j.LogManager.shutdown();
            stopped.countDown();
        }, "shutdown"));
        // the URL goes to stderr when stdout carries a real server's console passthrough
        (source == LocalStackConfig.ConsoleSource.STDIN ? System.err : CONSOLE_OUT)
                .println("Kafkatorio is running. Open the map: " + stack.mapUri() + "  (Ctrl+C to stop)");
        stopped.await();
        return 0;
    }

    private String accessToken(CommandLine cmd) {
        if (accessTokenFile != null) {
            try {
                String token = java.nio.file.Files.readString(accessTokenFile).trim();
                if (token.isEmpty()) {
                    throw new CommandLine.ParameterException(cmd, "--access-token-file " + accessTokenFile + " is empty");
                }
                return token;
            } catch (java.io.IOException e) {
                throw new CommandLine.ParameterException(cmd, "cannot read --access-token-file " + accessTokenFile + ": " + e);
            }
        }
        return System.getenv(TileServerConfig.ACCESS_TOKEN_ENV);
    }

    /** The process's real stdout: the console passthrough (and the URL when there is none). */
    static final java.io.PrintStream CONSOLE_OUT = System.out;

    public static void main(String[] args) {
        // stdout carries only the server's console (with --console -): whatever a library prints to
        // System.out goes to stderr; the passthrough writes to the file descriptor itself
        System.setOut(System.err);
        CommandLine cli = new CommandLine(new LocalStackMain());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("kafkatorio-local: " + e.getMessage());
            return 1;
        });
        int rc = cli.execute(args);
        if (rc != 0) {
            System.exit(rc);
        }
    }
}
