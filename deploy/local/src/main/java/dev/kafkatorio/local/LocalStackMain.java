package dev.kafkatorio.local;

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
                    + " passed through to stdout), or 'none' (a kafka-pipe elsewhere). Default: ${DEFAULT-VALUE}.")
    String console;

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
        LocalStackConfig.ConsoleSource source = switch (console) {
            case "demo" -> LocalStackConfig.ConsoleSource.DEMO;
            case "-" -> LocalStackConfig.ConsoleSource.STDIN;
            case "none" -> LocalStackConfig.ConsoleSource.NONE;
            default -> throw new CommandLine.ParameterException(new CommandLine(this),
                    "--console must be 'demo', '-' or 'none', got '" + console + "'");
        };
        if (source == LocalStackConfig.ConsoleSource.STDIN && serverId == null) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "--console - needs --server-id <id> naming the server whose console is piped in");
        }
        LocalStackConfig config = new LocalStackConfig(bind, port, dataDir.toAbsolutePath(), kafkaBootstrap, kafkaConfig,
                source, serverId == null ? "demo" : serverId, demoSpeed, checkpointInterval, parallelism);
        LocalStack stack = LocalStack.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.close();
            stopped.countDown();
        }, "shutdown"));
        // the URL goes to stderr when stdout carries a real server's console passthrough
        (source == LocalStackConfig.ConsoleSource.STDIN ? System.err : System.out)
                .println("Kafkatorio is running. Open the map: " + stack.mapUri() + "  (Ctrl+C to stop)");
        stopped.await();
        return 0;
    }

    public static void main(String[] args) {
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
