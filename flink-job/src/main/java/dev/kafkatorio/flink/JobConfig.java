package dev.kafkatorio.flink;

import dev.kafkatorio.protocol.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Immutable, validated configuration of the Kafkatorio job.
 *
 * <pre>{@code
 * JobConfig config = JobConfig.builder()
 *         .bootstrapServers("kafka-1:9092,kafka-2:9092")
 *         .topicPrefix("staging.")                      // optional, "" by default
 *         .groupId("kafkatorio-job")                    // the default
 *         .kafkaProperties(JobConfig.loadProperties(Path.of("client.properties")))
 *         .startingOffsets(JobConfig.StartingOffsets.COMMITTED_OR_EARLIEST) // the default
 *         .parallelism(2)                               // 0: the environment's default
 *         .transactionalIdPrefix("kafkatorio-tiles")    // the default; unique per job on a cluster
 *         .transactionTimeout(Duration.ofMinutes(15))   // the default; ≤ the broker's maximum
 *         .build();
 * }</pre>
 *
 * <p>Extra Kafka properties (security, timeouts) are passed to the source and all sinks; {@code
 * bootstrap.servers} and {@code group.id} are options of their own and may not appear there.
 *
 * @param bootstrapServers Kafka bootstrap servers, {@code host:port[,host:port...]}
 * @param topicPrefix prefix of every topic name ({@link Topics#prefixed}), {@code ""} for none
 * @param groupId consumer group of the packet source (offsets are committed on checkpoints)
 * @param kafkaProperties extra Kafka client properties, e.g. {@code security.protocol}
 * @param startingOffsets where the source starts when the job has no checkpoint/savepoint state
 * @param parallelism parallelism of the job's operators, 0 for the environment's default
 * @param sourceParallelism parallelism of the Kafka source, 0 for {@code parallelism}; more than
 *     the partition count of the packets topic leaves subtasks idle
 * @param transactionalIdPrefix prefix of the Kafka transactional ids of the exactly-once sinks (tiles
 *     and pass-through; each sink appends its own suffix); must differ between jobs on one cluster
 * @param transactionTimeout {@code transaction.timeout.ms} of the exactly-once sinks: at most the
 *     broker's {@code transaction.max.timeout.ms} (15 min by default), and longer than a checkpoint
 * @param passThroughTopic output topic (before the prefix) of the pass-through baseline ({@link
 *     KafkatorioPipeline#buildPassThrough})
 */
public record JobConfig(
        String bootstrapServers,
        String topicPrefix,
        String groupId,
        Map<String, String> kafkaProperties,
        StartingOffsets startingOffsets,
        int parallelism,
        int sourceParallelism,
        String transactionalIdPrefix,
        Duration transactionTimeout,
        String passThroughTopic) {

    /** The consumer group used unless configured otherwise. */
    public static final String DEFAULT_GROUP_ID = "kafkatorio-job";

    /** The transactional id prefix used unless configured otherwise. */
    public static final String DEFAULT_TRANSACTIONAL_ID_PREFIX = "kafkatorio-tiles";

    /** The broker's default {@code transaction.max.timeout.ms}; exactly-once sinks use it unless configured. */
    public static final Duration DEFAULT_TRANSACTION_TIMEOUT = Duration.ofMinutes(15);

    /** The pass-through baseline's output topic unless configured otherwise. */
    public static final String DEFAULT_PASS_THROUGH_TOPIC = "kafkatorio.pass-through.v1";

    private static final Pattern HOST_PORT = Pattern.compile("^[^\\s,:]+:\\d{1,5}$");
    private static final Pattern TOPIC_CHARS = Pattern.compile("^[A-Za-z0-9._-]*$");

    /** Where the packet source starts reading when the job starts without restored state. */
    public enum StartingOffsets {
        /** The group's committed offsets; the earliest offset for partitions without one. */
        COMMITTED_OR_EARLIEST,
        /** Always the earliest offset (reprocess the retained history). */
        EARLIEST,
        /** Only new packets. */
        LATEST
    }

    /** Validates; prefer {@link #builder()}. */
    public JobConfig {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException(
                    "bootstrap servers missing: pass --bootstrap-servers host:port[,host:port]");
        }
        for (String server : bootstrapServers.split(",")) {
            if (!HOST_PORT.matcher(server.trim()).matches()) {
                throw new IllegalArgumentException(
                        "invalid bootstrap server '" + server.trim() + "': use host:port, e.g. localhost:9092");
            }
        }
        topicPrefix = topicPrefix == null ? "" : topicPrefix;
        if (!TOPIC_CHARS.matcher(topicPrefix).matches()) {
            throw new IllegalArgumentException(
                    "invalid topic prefix '" + topicPrefix + "': use only A-Z a-z 0-9 . _ -");
        }
        if (groupId == null || groupId.isBlank()) {
            throw new IllegalArgumentException(
                    "consumer group id is blank: pass --group-id or leave it out for '" + DEFAULT_GROUP_ID + "'");
        }
        kafkaProperties = Map.copyOf(kafkaProperties == null ? Map.of() : kafkaProperties);
        for (String reserved : new String[] {"bootstrap.servers", "group.id"}) {
            if (kafkaProperties.containsKey(reserved)) {
                throw new IllegalArgumentException(
                        "'" + reserved + "' must not be set in the Kafka properties: use --"
                                + (reserved.equals("group.id") ? "group-id" : "bootstrap-servers") + " instead");
            }
        }
        startingOffsets = Objects.requireNonNullElse(startingOffsets, StartingOffsets.COMMITTED_OR_EARLIEST);
        transactionalIdPrefix = transactionalIdPrefix == null ? DEFAULT_TRANSACTIONAL_ID_PREFIX : transactionalIdPrefix;
        if (transactionalIdPrefix.isBlank() || !TOPIC_CHARS.matcher(transactionalIdPrefix).matches()) {
            throw new IllegalArgumentException(
                    "invalid transactional id prefix '" + transactionalIdPrefix + "': use 1+ of A-Z a-z 0-9 . _ -");
        }
        transactionTimeout = Objects.requireNonNullElse(transactionTimeout, DEFAULT_TRANSACTION_TIMEOUT);
        if (transactionTimeout.isNegative() || transactionTimeout.isZero()) {
            throw new IllegalArgumentException(
                    "transaction timeout must be positive (and at most the broker's transaction.max.timeout.ms), got "
                            + transactionTimeout);
        }
        passThroughTopic = passThroughTopic == null ? DEFAULT_PASS_THROUGH_TOPIC : passThroughTopic;
        if (passThroughTopic.isBlank() || !TOPIC_CHARS.matcher(passThroughTopic).matches()) {
            throw new IllegalArgumentException(
                    "invalid pass-through topic '" + passThroughTopic + "': use 1+ of A-Z a-z 0-9 . _ -");
        }
        if (parallelism < 0 || sourceParallelism < 0) {
            throw new IllegalArgumentException(
                    "parallelism must be 0 (environment default) or positive, got "
                            + parallelism + " / source " + sourceParallelism);
        }
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A topic name with this deployment's prefix. */
    public String topic(String topic) {
        return Topics.prefixed(topicPrefix, topic);
    }

    /** The extra Kafka properties as a fresh {@link Properties}. */
    public Properties kafkaClientProperties() {
        Properties props = new Properties();
        props.putAll(kafkaProperties);
        return props;
    }

    /** Reads a standard Java properties file, e.g. a Kafka client security config. */
    public static Map<String, String> loadProperties(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(
                    "Kafka config file " + file.toAbsolutePath() + " not found: pass an existing .properties file");
        }
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            props.load(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read Kafka config file " + file.toAbsolutePath(), e);
        }
        Map<String, String> map = new TreeMap<>();
        props.stringPropertyNames().forEach(name -> map.put(name, props.getProperty(name)));
        return map;
    }

    /** Hides secret values (passwords, JAAS configs) when the config is logged. */
    @Override
    public String toString() {
        Map<String, String> shown = new TreeMap<>();
        kafkaProperties.forEach(
                (k, v) -> shown.put(k, k.contains("password") || k.contains("jaas") || k.contains("secret") ? "***" : v));
        return "JobConfig[bootstrapServers=" + bootstrapServers + ", topicPrefix=" + topicPrefix
                + ", groupId=" + groupId + ", kafkaProperties=" + shown + ", startingOffsets=" + startingOffsets
                + ", parallelism=" + parallelism + ", sourceParallelism=" + sourceParallelism
                + ", transactionalIdPrefix=" + transactionalIdPrefix + ", transactionTimeout=" + transactionTimeout
                + ", passThroughTopic=" + passThroughTopic + "]";
    }

    /** Builder of {@link JobConfig}; {@link #build()} validates. */
    public static final class Builder {
        private String bootstrapServers;
        private String topicPrefix = "";
        private String groupId = DEFAULT_GROUP_ID;
        private final Map<String, String> kafkaProperties = new TreeMap<>();
        private StartingOffsets startingOffsets = StartingOffsets.COMMITTED_OR_EARLIEST;
        private int parallelism;
        private int sourceParallelism;
        private String transactionalIdPrefix = DEFAULT_TRANSACTIONAL_ID_PREFIX;
        private Duration transactionTimeout = DEFAULT_TRANSACTION_TIMEOUT;
        private String passThroughTopic = DEFAULT_PASS_THROUGH_TOPIC;

        private Builder() {}

        public Builder transactionalIdPrefix(String transactionalIdPrefix) {
            this.transactionalIdPrefix = transactionalIdPrefix;
            return this;
        }

        public Builder transactionTimeout(Duration transactionTimeout) {
            this.transactionTimeout = transactionTimeout;
            return this;
        }

        public Builder passThroughTopic(String passThroughTopic) {
            this.passThroughTopic = passThroughTopic;
            return this;
        }

        public Builder bootstrapServers(String bootstrapServers) {
            this.bootstrapServers = bootstrapServers;
            return this;
        }

        public Builder topicPrefix(String topicPrefix) {
            this.topicPrefix = topicPrefix;
            return this;
        }

        public Builder groupId(String groupId) {
            this.groupId = groupId;
            return this;
        }

        /** Adds extra Kafka client properties (e.g. from {@link #loadProperties}). */
        public Builder kafkaProperties(Map<String, String> properties) {
            this.kafkaProperties.putAll(properties);
            return this;
        }

        public Builder kafkaProperty(String name, String value) {
            this.kafkaProperties.put(name, value);
            return this;
        }

        public Builder startingOffsets(StartingOffsets startingOffsets) {
            this.startingOffsets = startingOffsets;
            return this;
        }

        public Builder parallelism(int parallelism) {
            this.parallelism = parallelism;
            return this;
        }

        public Builder sourceParallelism(int sourceParallelism) {
            this.sourceParallelism = sourceParallelism;
            return this;
        }

        public JobConfig build() {
            return new JobConfig(
                    bootstrapServers, topicPrefix, groupId, kafkaProperties, startingOffsets, parallelism,
                    sourceParallelism, transactionalIdPrefix, transactionTimeout, passThroughTopic);
        }
    }
}
