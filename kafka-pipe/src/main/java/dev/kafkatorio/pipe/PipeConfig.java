package dev.kafkatorio.pipe;

import dev.kafkatorio.protocol.Keys;
import dev.kafkatorio.protocol.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Immutable configuration of a {@link KafkaPipe}. Build it with {@link #builder()}; {@link
 * Builder#build()} validates and throws {@link IllegalArgumentException} with a message that says how
 * to fix the problem.
 */
public final class PipeConfig {

    /** Default capacity of the in-memory queue between the console reader and the Kafka sender. */
    public static final int DEFAULT_QUEUE_CAPACITY = 10_000;

    /** Default bound of {@link KafkaPipe#close()}: how long pending records may still be sent. */
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(10);

    /** Default capacity of the on-disk spool: 1 GiB. */
    public static final long DEFAULT_SPOOL_MAX_BYTES = 1L << 30;

    /** Default fsync interval of the spool segment being written. */
    public static final long DEFAULT_SPOOL_FSYNC_MILLIS = 1_000;

    private static final Pattern TOPIC_PREFIX = Pattern.compile("^[A-Za-z0-9._-]{0,100}$");

    private final String bootstrapServers;
    private final String serverId;
    private final Properties producerProperties;
    private final String topicPrefix;
    private final int queueCapacity;
    private final Duration closeTimeout;
    private final Path spoolDir;
    private final long spoolMaxBytes;
    private final long spoolFsyncMillis;
    private final String resumeSession;

    private PipeConfig(Builder b) {
        this.bootstrapServers = b.bootstrapServers.trim();
        this.serverId = b.serverId;
        this.producerProperties = copy(b.producerProperties);
        this.topicPrefix = b.topicPrefix;
        this.queueCapacity = b.queueCapacity;
        this.closeTimeout = b.closeTimeout;
        this.spoolDir = b.spoolDir;
        this.spoolMaxBytes = b.spoolMaxBytes;
        this.spoolFsyncMillis = b.spoolFsyncMillis;
        this.resumeSession = b.resumeSession;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String serverId() {
        return serverId;
    }

    /** The extra producer settings given by the user (a copy). */
    public Properties producerProperties() {
        return copy(producerProperties);
    }

    public String topicPrefix() {
        return topicPrefix;
    }

    public int queueCapacity() {
        return queueCapacity;
    }

    public Duration closeTimeout() {
        return closeTimeout;
    }

    /** The on-disk spool's directory, or {@code null} for the in-memory queue ({@link #queueCapacity()}). */
    public Path spoolDir() {
        return spoolDir;
    }

    public long spoolMaxBytes() {
        return spoolMaxBytes;
    }

    public long spoolFsyncMillis() {
        return spoolFsyncMillis;
    }

    /** A session id to continue (follow mode after a restart), or {@code null} to start a new one. */
    public String resumeSession() {
        return resumeSession;
    }

    /** The topic raw packets go to: {@link Topics#PACKETS} behind the prefix. */
    public String topic() {
        return Topics.prefixed(topicPrefix, Topics.PACKETS);
    }

    /**
     * The producer settings kafka-pipe uses: its defaults, the user's {@link #producerProperties()}
     * over them, then {@code bootstrap.servers} and the byte-array serializers, which are always ours.
     */
    public Properties effectiveProducerProperties() {
        Properties p = new Properties();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        // console lines are small (<= 4000 bytes): 64 KiB batches hold a burst without much memory
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, "65536");
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(32L * 1024 * 1024));
        p.put(ProducerConfig.RETRIES_CONFIG, String.valueOf(Integer.MAX_VALUE));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
        // the sender thread may block in send() while metadata is missing; bounded so close() is prompt
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        p.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "kafka-pipe-" + serverId);
        p.putAll(producerProperties);
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return p;
    }

    @Override
    public String toString() {
        // never the producer property values: they may hold passwords
        return "PipeConfig[bootstrapServers=" + bootstrapServers + ", serverId=" + serverId + ", topic=" + topic()
                + ", queueCapacity=" + queueCapacity + ", spoolDir=" + spoolDir + ", spoolMaxBytes=" + spoolMaxBytes
                + ", producerProperties=" + producerProperties.stringPropertyNames()
                + "]";
    }

    private static Properties copy(Properties source) {
        Properties p = new Properties();
        if (source != null) {
            for (String name : source.stringPropertyNames()) {
                p.setProperty(name, source.getProperty(name));
            }
        }
        return p;
    }

    /** Builder of {@link PipeConfig}. */
    public static final class Builder {
        private String bootstrapServers;
        private String serverId;
        private Properties producerProperties = new Properties();
        private String topicPrefix = "";
        private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
        private Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;
        private Path spoolDir;
        private long spoolMaxBytes = DEFAULT_SPOOL_MAX_BYTES;
        private long spoolFsyncMillis = DEFAULT_SPOOL_FSYNC_MILLIS;
        private String resumeSession;

        private Builder() {}

        /**
         * Spool packets in segment files in this directory (created if missing; one kafka-pipe per
         * directory); {@code null} (default) for a bounded in-memory queue that does not survive a
         * restart.
         */
        public Builder spoolDir(Path spoolDir) {
            this.spoolDir = spoolDir;
            return this;
        }

        /** Capacity of the on-disk spool in bytes (default 1 GiB); past it packets are dropped (gap). */
        public Builder spoolMaxBytes(long spoolMaxBytes) {
            this.spoolMaxBytes = spoolMaxBytes;
            return this;
        }

        /** How often the segment being written is fsynced (default 1000 ms). */
        public Builder spoolFsyncMillis(long spoolFsyncMillis) {
            this.spoolFsyncMillis = spoolFsyncMillis;
            return this;
        }

        /** Continue this session id instead of starting a new one (follow mode after a restart). */
        public Builder resumeSession(String resumeSession) {
            this.resumeSession = resumeSession;
            return this;
        }

        /** Required: {@code host:port[,host:port...]}. */
        public Builder bootstrapServers(String bootstrapServers) {
            this.bootstrapServers = bootstrapServers;
            return this;
        }

        /** Required: the record key and {@code kafkatorio.server} header, see {@link Keys#SERVER_ID}. */
        public Builder serverId(String serverId) {
            this.serverId = serverId;
            return this;
        }

        /** Extra Kafka producer settings (e.g. security), merged over kafka-pipe's defaults. */
        public Builder producerProperties(Properties producerProperties) {
            this.producerProperties = producerProperties == null ? new Properties() : copy(producerProperties);
            return this;
        }

        /** Prefix of the topic name, {@code ""} (default) for none. */
        public Builder topicPrefix(String topicPrefix) {
            this.topicPrefix = topicPrefix == null ? "" : topicPrefix;
            return this;
        }

        /** How many packets may wait for the sender before new ones are dropped. */
        public Builder queueCapacity(int queueCapacity) {
            this.queueCapacity = queueCapacity;
            return this;
        }

        /** How long {@link KafkaPipe#close()} may spend sending what is still pending. */
        public Builder closeTimeout(Duration closeTimeout) {
            this.closeTimeout = closeTimeout;
            return this;
        }

        public PipeConfig build() {
            if (bootstrapServers == null || bootstrapServers.isBlank()) {
                throw new IllegalArgumentException(
                        "missing bootstrap servers: pass --bootstrap-servers host:port[,host:port...]");
            }
            Keys.requireServerId(serverId);
            if (!TOPIC_PREFIX.matcher(topicPrefix).matches()) {
                throw new IllegalArgumentException("invalid topic prefix '" + topicPrefix
                        + "': use at most 100 characters from A-Z a-z 0-9 . _ - (or none)");
            }
            if (queueCapacity < 1) {
                throw new IllegalArgumentException(
                        "invalid queue capacity " + queueCapacity + ": pass a positive number, e.g. 10000");
            }
            if (spoolMaxBytes < 1 << 20) {
                throw new IllegalArgumentException("invalid spool capacity " + spoolMaxBytes
                        + " bytes: pass at least 1048576 (1 MiB), e.g. --spool-max-bytes 1073741824");
            }
            if (spoolFsyncMillis < 1) {
                throw new IllegalArgumentException("invalid spool fsync interval " + spoolFsyncMillis + " ms: pass a positive number, e.g. 1000");
            }
            if (resumeSession != null && !resumeSession.matches("^\\d{1,19}\\.\\d{1,19}$")) {
                throw new IllegalArgumentException("invalid session id to resume '" + resumeSession + "': expected <ms>.<n>");
            }
            Objects.requireNonNull(closeTimeout, "closeTimeout");
            if (closeTimeout.isNegative()) {
                throw new IllegalArgumentException("invalid close timeout " + closeTimeout + ": must not be negative");
            }
            return new PipeConfig(this);
        }
    }
}
