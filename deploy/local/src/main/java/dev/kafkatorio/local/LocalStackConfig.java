package dev.kafkatorio.local;

import dev.kafkatorio.protocol.Keys;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the single-machine stack, validated once.
 *
 * @param bindAddress address the map's HTTP server binds to
 * @param port HTTP port of the map (0 = any free port)
 * @param dataDir where Kafka's log, Flink's checkpoints and temp files live
 * @param externalBootstrap an existing Kafka cluster to use instead of the embedded broker, or null
 * @param kafkaConfig a Kafka client properties file for the external cluster (security), or null
 * @param console what feeds the stack: the recorded demo, stdin, or nothing
 * @param serverId the server id the console is shipped under
 * @param demoSpeed replay speed of the demo (1.0 = real time)
 * @param checkpointInterval Flink checkpoint interval
 * @param parallelism Flink parallelism
 * @param consoleFile the server's console log to follow ({@link ConsoleSource#FOLLOW}), else null
 * @param accessToken the token the change log and other sensitive API need, or null for none
 * @param allowedHosts extra Host header names the map answers to (beside the bind address's own)
 */
public record LocalStackConfig(
        String bindAddress,
        int port,
        Path dataDir,
        String externalBootstrap,
        Path kafkaConfig,
        ConsoleSource console,
        String serverId,
        double demoSpeed,
        Duration checkpointInterval,
        int parallelism,
        Path consoleFile,
        String accessToken,
        java.util.List<String> allowedHosts) {

    /** What feeds packets into the stack. */
    public enum ConsoleSource {
        /** The recorded demo console, replayed in a loop. */
        DEMO,
        /** The stack's own stdin: pipe a real server's console into it. */
        STDIN,
        /** A log file the server's stdout is redirected into, followed like {@code tail -F}. */
        FOLLOW,
        /** Nothing: packets come from a kafka-pipe run elsewhere. */
        NONE
    }

    public LocalStackConfig {
        Objects.requireNonNull(bindAddress, "bind address");
        Objects.requireNonNull(dataDir, "data dir");
        Objects.requireNonNull(console, "console");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be 0..65535, got " + port);
        }
        Keys.requireServerId(serverId);
        if (!(demoSpeed >= 0) || Double.isInfinite(demoSpeed)) {
            throw new IllegalArgumentException("--demo-speed must be >= 0 (0 = as fast as possible), got " + demoSpeed);
        }
        if (checkpointInterval.toMillis() < 100) {
            throw new IllegalArgumentException("--checkpoint-interval must be at least 100ms");
        }
        if (parallelism < 1) {
            throw new IllegalArgumentException("--parallelism must be >= 1");
        }
        if ((console == ConsoleSource.FOLLOW) != (consoleFile != null)) {
            throw new IllegalArgumentException("--console-file <log> goes with the follow console and only with it");
        }
        if (accessToken != null && accessToken.isBlank()) {
            accessToken = null;
        }
        allowedHosts = allowedHosts == null ? java.util.List.of() : java.util.List.copyOf(allowedHosts);
        if (kafkaConfig != null && externalBootstrap == null) {
            throw new IllegalArgumentException("--kafka-config needs --kafka-bootstrap-servers (the embedded broker needs no client config)");
        }
    }

    /** Defaults for tests: any free port, no console, a fast checkpoint. */
    public static LocalStackConfig forTests(Path dataDir) {
        return new LocalStackConfig("127.0.0.1", 0, dataDir, null, null, ConsoleSource.NONE, "demo", 0, Duration.ofSeconds(1), 1,
                null, null, null);
    }

    /** A copy with another demo speed and console source ({@link ConsoleSource#DEMO} for the demo). */
    public LocalStackConfig withDemo(double speed) {
        return new LocalStackConfig(bindAddress, port, dataDir, externalBootstrap, kafkaConfig, ConsoleSource.DEMO, serverId,
                speed, checkpointInterval, parallelism, null, accessToken, allowedHosts);
    }

    /** A copy with another parallelism. */
    public LocalStackConfig withParallelism(int p) {
        return new LocalStackConfig(bindAddress, port, dataDir, externalBootstrap, kafkaConfig, console, serverId,
                demoSpeed, checkpointInterval, p, consoleFile, accessToken, allowedHosts);
    }

    /** A copy with an access token. */
    public LocalStackConfig withAccessToken(String token) {
        return new LocalStackConfig(bindAddress, port, dataDir, externalBootstrap, kafkaConfig, console, serverId,
                demoSpeed, checkpointInterval, parallelism, consoleFile, token, allowedHosts);
    }

    /** A copy with another console source and server id. */
    public LocalStackConfig withConsole(ConsoleSource source, String server) {
        return new LocalStackConfig(bindAddress, port, dataDir, externalBootstrap, kafkaConfig, source, server, demoSpeed,
                checkpointInterval, parallelism, source == ConsoleSource.FOLLOW ? consoleFile : null, accessToken, allowedHosts);
    }

    /** Never shows the access token. */
    @Override
    public String toString() {
        return "LocalStackConfig[bind=" + bindAddress + ", port=" + port + ", dataDir=" + dataDir + ", console=" + console
                + (consoleFile == null ? "" : " " + consoleFile) + ", serverId=" + serverId + ", parallelism=" + parallelism
                + ", accessToken=" + (accessToken == null ? "none" : "(set)") + ", allowedHosts=" + allowedHosts + "]";
    }
}
