package dev.kafkatorio.tiles.kafka;

import dev.kafkatorio.protocol.Keys;
import dev.kafkatorio.protocol.PlayerUpdate;
import dev.kafkatorio.protocol.ServerStatus;
import dev.kafkatorio.protocol.TopicJson;
import dev.kafkatorio.protocol.Topics;
import dev.kafkatorio.tiles.live.Broadcaster;
import dev.kafkatorio.tiles.live.LiveMessage;
import dev.kafkatorio.tiles.live.LiveState;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Materialises the compacted PLAYERS and SERVERS topics into {@link LiveState} and publishes every
 * change to the {@link Broadcaster}, on one thread.
 *
 * <p>It assigns all partitions (no consumer group, no commits), seeks to the beginning so the
 * compacted topics are read whole on every start, and reads {@code read_committed}. Missing topics
 * are waited for with a WARN that says to create them. Poison-pill policy: a record whose key or
 * value cannot be read is counted, logged at WARN with topic/partition/offset and skipped.
 */
public final class StateConsumer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StateConsumer.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration TOPIC_RETRY = Duration.ofSeconds(2);

    private final Map<String, Object> kafkaProps;
    private final String playersTopic;
    private final String serversTopic;
    private final LiveState state;
    private final Broadcaster broadcaster;
    private final CountDownLatch closing = new CountDownLatch(1);
    private final LongAdder consumed = new LongAdder();
    private final LongAdder parseFailures = new LongAdder();
    private final AtomicLong lastRecordTimestamp = new AtomicLong(-1);
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    /**
     * @param bootstrapServers Kafka bootstrap servers
     * @param clientProperties extra client properties (security), may be empty
     * @param topicPrefix deployment prefix of topic names
     */
    public StateConsumer(String bootstrapServers, Map<String, String> clientProperties, String topicPrefix,
            LiveState state, Broadcaster broadcaster) {
        Map<String, Object> p = new java.util.HashMap<>(clientProperties);
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        p.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "kafkatorio-tile-server");
        this.kafkaProps = p;
        this.playersTopic = Topics.prefixed(topicPrefix, Topics.PLAYERS);
        this.serversTopic = Topics.prefixed(topicPrefix, Topics.SERVERS);
        this.state = state;
        this.broadcaster = broadcaster;
    }

    /** Starts the consumer thread. */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        Properties props = new Properties();
        props.putAll(kafkaProps);
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        thread = new Thread(this::run, "tile-server-state-consumer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops the thread (wakeup) and closes the consumer; idempotent. */
    @Override
    public synchronized void close() throws InterruptedException {
        closing.countDown();
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        }
    }

    public long recordsConsumed() {
        return consumed.sum();
    }

    public long parseFailures() {
        return parseFailures.sum();
    }

    /** Timestamp (epoch ms) of the last record consumed, or -1 before the first. */
    public long lastRecordTimestamp() {
        return lastRecordTimestamp.get();
    }

    private void run() {
        KafkaConsumer<String, byte[]> c = consumer;
        try (c) {
            List<TopicPartition> partitions = waitForPartitions(c);
            if (partitions == null) {
                return;
            }
            c.assign(partitions);
            c.seekToBeginning(partitions);
            LOG.info("materialising {} and {} ({} partitions) from the beginning", playersTopic,
                    serversTopic, partitions.size());
            while (closing.getCount() > 0) {
                ConsumerRecords<String, byte[]> records = c.poll(POLL);
                if (!records.isEmpty()) {
                    apply(records);
                }
            }
        } catch (WakeupException e) {
            // close() was called
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("the state consumer stopped: live state is no longer updated", e);
        }
        LOG.info("state consumer stopped");
    }

    /** All partitions of both topics, retrying while a topic is missing; null if closing. */
    private List<TopicPartition> waitForPartitions(KafkaConsumer<String, byte[]> c)
            throws InterruptedException {
        int attempt = 0;
        while (closing.getCount() > 0) {
            List<TopicPartition> all = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            for (String topic : List.of(playersTopic, serversTopic)) {
                List<PartitionInfo> infos;
                try {
                    infos = c.partitionsFor(topic, Duration.ofSeconds(5));
                } catch (org.apache.kafka.common.errors.TimeoutException
                        | org.apache.kafka.common.errors.UnknownTopicOrPartitionException e) {
                    infos = List.of();
                }
                if (infos == null || infos.isEmpty()) {
                    missing.add(topic);
                } else {
                    infos.forEach(i -> all.add(new TopicPartition(i.topic(), i.partition())));
                }
            }
            if (missing.isEmpty()) {
                return all;
            }
            if (attempt++ % 15 == 0) {
                LOG.warn("Kafka topics {} do not exist (or are unreachable) yet: create them as"
                        + " compacted topics (cleanup.policy=compact), e.g. with deploy's topic"
                        + " setup; retrying every {} s", missing, TOPIC_RETRY.toSeconds());
            }
            closing.await(TOPIC_RETRY.toMillis(), TimeUnit.MILLISECONDS);
        }
        return null;
    }

    private void apply(ConsumerRecords<String, byte[]> records) {
        long now = System.currentTimeMillis();
        List<LiveMessage> messages = new ArrayList<>(records.count());
        for (ConsumerRecord<String, byte[]> r : records) {
            consumed.increment();
            lastRecordTimestamp.accumulateAndGet(r.timestamp(), Math::max);
            try {
                LiveMessage m = r.topic().equals(playersTopic) ? applyPlayer(r, now) : applyServer(r, now);
                if (m != null) {
                    messages.add(m);
                }
            } catch (IOException | RuntimeException e) {
                parseFailures.increment();
                LOG.warn("skipping unreadable record {}-{}@{} (key '{}'): {}", r.topic(), r.partition(),
                        r.offset(), r.key(), e.toString());
            }
        }
        broadcaster.publishAll(messages);
        LOG.debug("applied {} records", records.count());
    }

    private LiveMessage applyPlayer(ConsumerRecord<String, byte[]> r, long now) throws IOException {
        String key = r.key();
        int slash = key == null ? -1 : key.lastIndexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("player key is not <server>/<index>");
        }
        String server = Keys.requireServerId(key.substring(0, slash));
        int index = Integer.parseInt(key.substring(slash + 1));
        if (r.value() == null) {
            state.removePlayer(server, index);
            return null;
        }
        PlayerUpdate update = TopicJson.read(r.value(), PlayerUpdate.class);
        if (!server.equals(update.server()) || index != update.index()) {
            throw new IllegalArgumentException("value is for " + update.server() + "/" + update.index());
        }
        state.putPlayer(server, index, update);
        return LiveMessage.player(update, now);
    }

    private LiveMessage applyServer(ConsumerRecord<String, byte[]> r, long now) throws IOException {
        String server = Keys.requireServerId(r.key());
        if (r.value() == null) {
            state.removeServer(server);
            return null;
        }
        ServerStatus status = TopicJson.read(r.value(), ServerStatus.class);
        if (!server.equals(status.server())) {
            throw new IllegalArgumentException("value is for server " + status.server());
        }
        state.putServer(server, status);
        return LiveMessage.server(status, now);
    }
}
