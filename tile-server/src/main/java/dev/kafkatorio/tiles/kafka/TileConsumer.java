package dev.kafkatorio.tiles.kafka;

import dev.kafkatorio.protocol.ChangeRecord;
import dev.kafkatorio.protocol.KafkaHeaders;
import dev.kafkatorio.protocol.Topics;
import dev.kafkatorio.protocol.WsMessages.Layer;
import dev.kafkatorio.tiles.live.Broadcaster;
import dev.kafkatorio.tiles.live.LiveMessage;
import dev.kafkatorio.tiles.live.LiveState;
import dev.kafkatorio.tiles.store.StoreBatch;
import dev.kafkatorio.tiles.store.StoreBatch.ChunkEntitiesChange;
import dev.kafkatorio.tiles.store.StoreBatch.PartitionId;
import dev.kafkatorio.tiles.store.StoreBatch.Position;
import dev.kafkatorio.tiles.store.StoreBatch.SurfaceChange;
import dev.kafkatorio.tiles.store.StoreBatch.TagChange;
import dev.kafkatorio.tiles.store.StoreBatch.TileChange;
import dev.kafkatorio.tiles.store.TileCache;
import dev.kafkatorio.tiles.store.TileStore;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the tile topics (terrain, chart, entities), the surfaces, chunk-entities and tags topics and
 * the change log into the {@link TileStore}, on one thread (the store's only writer), and publishes
 * what changed once it is committed.
 *
 * <p>Per poll: every record becomes a store change (malformed ones are counted, logged and skipped;
 * their offsets still advance), then the changes and the new positions of every partition are
 * written in <b>one SQLite transaction</b>; only after the commit are the cache, the live state and
 * the WebSocket clients told. A restart therefore resumes exactly where the store ends, without
 * re-reading the topics, and a {@code tile} message always refers to bytes the server can serve.
 *
 * <p>On start each stored position is checked with {@link RebuildRule}; a topic with an unsafe
 * position is rebuilt: its rows are deleted and it is re-read from its start. The same happens when
 * the broker reports a position out of range while running ({@code auto.offset.reset=none}).
 * Missing topics are waited for with a WARN that says to create them.
 *
 * <p>The change log ({@link Topics#CHANGES}) is deleted by time, not compacted: it has no
 * tombstones, so its stored position is never judged by the retention rule; a position outside the
 * topic only moves to the topic's start, and the stored changes are kept.
 */
public final class TileConsumer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TileConsumer.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration RETRY = Duration.ofSeconds(2);
    private static final Duration KAFKA_CALL = Duration.ofSeconds(5);
    /** How often positions are written when only the "read to the end" time advanced. */
    private static final long POSITION_HEARTBEAT_MS = 10_000;
    /** Kafka's default {@code delete.retention.ms}, used when the topic config cannot be read. */
    static final long DEFAULT_DELETE_RETENTION_MS = 86_400_000L;
    private static final int WARNINGS_PER_POLL = 5;

    private final Map<String, Object> consumerProps;
    private final Map<String, Object> adminProps;
    private final Map<String, Layer> tileTopics = new LinkedHashMap<>();
    private final String surfacesTopic;
    private final String chunkEntitiesTopic;
    private final String tagsTopic;
    private final String changesTopic;
    private final TileStore store;
    private final TileCache cache;
    private final LiveState state;
    private final Broadcaster broadcaster;
    private final LongSupplier clock;

    private final CountDownLatch closing = new CountDownLatch(1);
    private final LongAdder consumed = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder rebuilds = new LongAdder();
    private final LongAdder commits = new LongAdder();
    private final LongAdder commitNanos = new LongAdder();
    private final AtomicLong lastRecordTimestamp = new AtomicLong(-1);
    private volatile long lag = -1;
    private volatile boolean caughtUp;

    // Consumer thread only.
    private final Map<TopicPartition, Position> committed = new HashMap<>();
    private final Map<TopicPartition, Long> readToEndAt = new HashMap<>();
    /** Topics read from their start (fresh or rebuilt), with the end offsets seen then. */
    private final Map<TopicPartition, Long> fullReadUntil = new HashMap<>();
    private List<TopicPartition> partitions = List.of();
    /** End offsets seen at start: until they are reached, {@link #caughtUp()} is false. */
    private Map<TopicPartition, Long> startEnd = Map.of();
    private long lastPositionWrite;
    private int startAttempts;

    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    /**
     * @param bootstrapServers Kafka bootstrap servers
     * @param clientProperties extra client properties (security), may be empty
     * @param topicPrefix deployment prefix of topic names
     * @param clock wall clock, epoch ms
     */
    public TileConsumer(String bootstrapServers, Map<String, String> clientProperties, String topicPrefix,
            TileStore store, TileCache cache, LiveState state, Broadcaster broadcaster, LongSupplier clock) {
        Map<String, Object> common = new HashMap<>(clientProperties);
        common.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        this.adminProps = new HashMap<>(common);
        adminProps.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "kafkatorio-tile-server-admin");
        Map<String, Object> p = new HashMap<>(common);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        // Never jump silently: an out-of-range position means a rebuild, decided here.
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        p.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "kafkatorio-tile-server-tiles");
        this.consumerProps = p;
        for (Layer layer : Layer.values()) {
            tileTopics.put(Topics.prefixed(topicPrefix, layer.topic()), layer);
        }
        this.surfacesTopic = Topics.prefixed(topicPrefix, Topics.SURFACES);
        this.chunkEntitiesTopic = Topics.prefixed(topicPrefix, Topics.CHUNK_ENTITIES);
        this.tagsTopic = Topics.prefixed(topicPrefix, Topics.TAGS);
        this.changesTopic = Topics.prefixed(topicPrefix, Topics.CHANGES);
        this.store = store;
        this.cache = cache;
        this.state = state;
        this.broadcaster = broadcaster;
        this.clock = clock;
    }

    /** Starts the consumer thread; the store must be open. */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        Properties props = new Properties();
        props.putAll(consumerProps);
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        thread = new Thread(this::run, "tile-server-tile-consumer");
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

    /** Records skipped because their key, headers or value could not be read. */
    public long recordFailures() {
        return failures.sum();
    }

    /** Topics re-read from their start because tombstones may have been missed. */
    public long rebuilds() {
        return rebuilds.sum();
    }

    public long storeCommits() {
        return commits.sum();
    }

    public double storeCommitSeconds() {
        return commitNanos.sum() / 1e9;
    }

    /** Timestamp (epoch ms) of the newest record consumed, or -1 before the first. */
    public long lastRecordTimestamp() {
        return lastRecordTimestamp.get();
    }

    /** Records not yet read, summed over partitions as of the last poll; -1 if unknown. */
    public long lag() {
        return lag;
    }

    /** Whether every partition has been read up to the end offsets seen at start. */
    public boolean caughtUp() {
        return caughtUp;
    }

    private void run() {
        KafkaConsumer<String, byte[]> c = consumer;
        try (c) {
            while (!startPositionsOrWarn(c)) {
                if (closing.await(RETRY.toMillis(), TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
            while (closing.getCount() > 0) {
                long pollStart = clock.getAsLong();
                ConsumerRecords<String, byte[]> records;
                try {
                    records = c.poll(POLL);
                } catch (WakeupException | org.apache.kafka.common.errors.InterruptException e) {
                    throw e;
                } catch (OffsetOutOfRangeException e) {
                    Set<String> topics = new HashSet<>();
                    e.partitions().forEach(tp -> topics.add(tp.topic()));
                    for (String topic : topics) {
                        rebuild(c, topic, "the broker reports position(s) " + e.offsetOutOfRangePartitions()
                                + " out of range");
                    }
                    continue;
                } catch (KafkaException e) {
                    // E.g. missing permissions or a deleted topic: keep serving, retry, never spin.
                    LOG.error("polling the tile topics failed; retrying in {} s", RETRY.toSeconds(), e);
                    sleep();
                    continue;
                }
                handle(c, records, pollStart);
            }
        } catch (WakeupException e) {
            // close() was called
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("the tile consumer stopped: tiles are no longer updated", e);
        }
        LOG.info("tile consumer stopped");
    }

    private boolean startPositionsOrWarn(KafkaConsumer<String, byte[]> c) throws InterruptedException {
        try {
            return startPositions(c);
        } catch (WakeupException | org.apache.kafka.common.errors.InterruptException e) {
            throw e;
        } catch (KafkaException e) {
            LOG.warn("cannot start reading the tile topics ({}); retrying every {} s", e.toString(),
                    RETRY.toSeconds());
            return false;
        }
    }

    /**
     * Finds the partitions, applies the rebuild rule and seeks; false to retry later (missing topics,
     * broker unreachable). Throws WakeupException when closing.
     */
    private boolean startPositions(KafkaConsumer<String, byte[]> c) throws InterruptedException {
        List<String> topics = new ArrayList<>(tileTopics.keySet());
        topics.addAll(List.of(surfacesTopic, chunkEntitiesTopic, tagsTopic, changesTopic));
        List<TopicPartition> all = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        Map<String, List<PartitionInfo>> existing;
        try {
            // One metadata call for all topics: while the broker is down each attempt costs one timeout.
            existing = c.listTopics(KAFKA_CALL);
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            existing = Map.of();
        }
        for (String topic : topics) {
            List<PartitionInfo> infos = existing.get(topic);
            if (infos == null || infos.isEmpty()) {
                missing.add(topic);
            } else {
                infos.forEach(i -> all.add(new TopicPartition(i.topic(), i.partition())));
            }
        }
        if (!missing.isEmpty()) {
            if (startAttempts++ % 15 != 0) {
                LOG.debug("tile topics {} still missing", missing);
                return false;
            }
            LOG.warn("Kafka topics {} do not exist (or the broker is unreachable): create them as compacted"
                    + " topics (cleanup.policy=compact), e.g. with deploy's topic setup; serving tiles"
                    + " from the store meanwhile and retrying every {} s", missing, RETRY.toSeconds());
            return false;
        }
        Map<TopicPartition, Long> begin;
        Map<TopicPartition, Long> end;
        try {
            begin = c.beginningOffsets(all, KAFKA_CALL);
            end = c.endOffsets(all, KAFKA_CALL);
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            LOG.warn("cannot read the tile topics' offsets yet ({}); retrying every {} s", e.toString(),
                    RETRY.toSeconds());
            return false;
        }
        Map<String, Long> retention = deleteRetention(topics);
        Map<PartitionId, Position> stored = store.positions();
        long now = clock.getAsLong();
        Set<String> rebuilt = new HashSet<>();
        for (String topic : topics) {
            for (TopicPartition tp : all) {
                if (!tp.topic().equals(topic)) {
                    continue;
                }
                // The change log has no tombstones to miss: only a position outside the topic matters.
                long retentionMs = topic.equals(changesTopic) ? Long.MAX_VALUE / 4 : retention.get(topic);
                Optional<String> why = RebuildRule.reason(stored.get(new PartitionId(topic, tp.partition())),
                        begin.get(tp), end.get(tp), retentionMs, now);
                if (why.isPresent()) {
                    rebuild(null, topic, tp + ": " + why.get());
                    rebuilt.add(topic);
                    break;
                }
            }
        }
        partitions = List.copyOf(all);
        c.assign(partitions);
        int resumed = 0;
        for (TopicPartition tp : partitions) {
            Position p = rebuilt.contains(tp.topic()) ? null : stored.get(new PartitionId(tp.topic(), tp.partition()));
            if (p == null) {
                p = new Position(begin.get(tp), 0);
                if (end.get(tp) > begin.get(tp)) {
                    fullReadUntil.put(tp, end.get(tp));
                }
            } else {
                resumed++;
            }
            c.seek(tp, p.nextOffset());
            committed.put(tp, p);
            readToEndAt.put(tp, p.syncedAt());
        }
        startEnd = end;
        caughtUp = isCaughtUp(end);
        LOG.info("reading {} ({} partitions, {} resumed from the store, topics rebuilt: {})",
                topics, partitions.size(), resumed, rebuilt);
        return true;
    }

    private boolean isCaughtUp(Map<TopicPartition, Long> end) {
        for (TopicPartition tp : partitions) {
            Position p = committed.get(tp);
            if (p == null || p.nextOffset() < end.getOrDefault(tp, 0L)) {
                return false;
            }
        }
        return true;
    }

    /** {@code delete.retention.ms} per topic; Kafka's default with a WARN when it cannot be read. */
    private Map<String, Long> deleteRetention(List<String> topics) {
        Map<String, Long> out = new HashMap<>();
        topics.forEach(t -> out.put(t, DEFAULT_DELETE_RETENTION_MS));
        Properties p = new Properties();
        p.putAll(adminProps);
        try (Admin admin = Admin.create(p)) {
            List<ConfigResource> resources = topics.stream()
                    .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
            Map<ConfigResource, Config> configs =
                    admin.describeConfigs(resources).all().get(KAFKA_CALL.toMillis(), TimeUnit.MILLISECONDS);
            configs.forEach((r, config) -> {
                ConfigEntry e = config.get(TopicConfig.DELETE_RETENTION_MS_CONFIG);
                if (e != null && e.value() != null) {
                    out.put(r.name(), Long.parseLong(e.value()));
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WakeupException();
        } catch (Exception e) {
            LOG.warn("cannot read delete.retention.ms of {} ({}): assuming Kafka's default {} ms; grant"
                    + " DescribeConfigs on the topics to use their own", topics, e.toString(),
                    DEFAULT_DELETE_RETENTION_MS);
        }
        return out;
    }

    /**
     * Deletes what the store holds from {@code topic} and re-reads it from its start. With a null
     * consumer only the store is reset (at start, before seeking).
     */
    private void rebuild(KafkaConsumer<String, byte[]> c, String topic, String why) {
        Layer layer = tileTopics.get(topic);
        String what = layer != null ? layer.wireName() + " tiles"
                : topic.equals(surfacesTopic) ? "surfaces"
                : topic.equals(chunkEntitiesTopic) ? "chunk entities"
                : topic.equals(tagsTopic) ? "map tags" : null;
        if (what == null) {
            LOG.warn("reading {} again from its start: {} (stored changes are kept)", topic, why);
        } else {
            LOG.warn("rebuilding {} from the start of {}: {}. Tombstones may have been compacted away, so the"
                    + " stored {} are deleted and the topic re-read (they reappear as they are read)",
                    what, topic, why, what);
        }
        while (true) {
            try {
                if (layer != null || topic.equals(surfacesTopic)) {
                    store.resetTopic(topic, layer);
                } else {
                    store.resetTable(topic, topic.equals(chunkEntitiesTopic) ? TileStore.Table.CHUNK_ENTITIES
                            : topic.equals(tagsTopic) ? TileStore.Table.TAGS : TileStore.Table.CHANGES);
                }
                break;
            } catch (SQLException e) {
                LOG.error("cannot reset {} in the tile store; retrying in {} s", topic, RETRY.toSeconds(), e);
                sleep();
            }
        }
        rebuilds.increment();
        if (layer != null) {
            cache.invalidate(layer);
            state.setTileServers(store.tileServers());
        } else if (topic.equals(surfacesTopic)) {
            state.clearSurfaces();
        } else if (topic.equals(tagsTopic)) {
            state.clearTags();
        }
        if (c != null) {
            List<TopicPartition> tps = partitions.stream().filter(tp -> tp.topic().equals(topic)).toList();
            c.seekToBeginning(tps);
            for (TopicPartition tp : tps) {
                committed.remove(tp);
                readToEndAt.put(tp, 0L);
            }
            // Positions are resolved lazily on the next poll; committed gets them after the next batch.
            try {
                fullReadUntil.putAll(c.endOffsets(tps, KAFKA_CALL));
            } catch (KafkaException e) {
                LOG.debug("no end offsets for {}: its tiles are published while it is re-read", topic, e);
            }
        }
    }

    private void handle(KafkaConsumer<String, byte[]> c, ConsumerRecords<String, byte[]> records, long pollStart)
            throws InterruptedException {
        long now = clock.getAsLong();
        StoreBatch batch = new StoreBatch();
        int warnings = 0;
        for (ConsumerRecord<String, byte[]> r : records) {
            consumed.increment();
            lastRecordTimestamp.accumulateAndGet(r.timestamp(), Math::max);
            try {
                Layer layer = tileTopics.get(r.topic());
                if (layer != null) {
                    Header h = r.headers().lastHeader(KafkaHeaders.CONTENT_HASH);
                    TileChange t = TileRecords.tile(layer, r.key(), r.value(), h == null ? null : h.value(), now);
                    if (t.deleted()) {
                        batch.deleteTile(layer, t.key());
                    } else {
                        batch.putTile(layer, t.key(), t.tile());
                    }
                } else if (r.topic().equals(surfacesTopic)) {
                    SurfaceChange s = TileRecords.surface(r.key(), r.value());
                    if (s.deleted()) {
                        batch.deleteSurface(s.server(), s.surface());
                    } else {
                        batch.putSurface(s.update());
                    }
                } else if (r.topic().equals(chunkEntitiesTopic)) {
                    ChunkEntitiesChange ch = TileRecords.chunkEntities(r.key(), r.value());
                    if (ch.deleted()) {
                        batch.deleteChunkEntities(ch.server(), ch.surface(), ch.cx(), ch.cy());
                    } else {
                        batch.putChunkEntities(ch.update());
                    }
                } else if (r.topic().equals(tagsTopic)) {
                    TagChange t = TileRecords.tag(r.key(), r.value());
                    if (t.deleted()) {
                        batch.deleteTag(t.server(), t.surface(), t.id());
                    } else {
                        batch.putTag(t.update());
                    }
                } else if (r.topic().equals(changesTopic)) {
                    batch.addChange(TileRecords.change(r.key(), r.value()));
                }
            } catch (RuntimeException e) {
                failures.increment();
                if (warnings++ < WARNINGS_PER_POLL) {
                    LOG.warn("skipping unreadable record {}-{}@{} (key '{}'): {}", r.topic(), r.partition(),
                            r.offset(), abbreviate(r.key()), e.getMessage());
                }
            }
        }
        if (warnings > WARNINGS_PER_POLL) {
            LOG.warn("skipped {} more unreadable records in this poll", warnings - WARNINGS_PER_POLL);
        }

        long lagSum = 0;
        boolean lagKnown = true;
        boolean positionsMoved = false;
        Map<TopicPartition, Position> next = new HashMap<>();
        for (TopicPartition tp : partitions) {
            long position;
            try {
                position = c.position(tp, Duration.ofSeconds(1));
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                continue; // a rebuild's lazy seek not resolved yet: keep the old position
            }
            OptionalLong l = c.currentLag(tp);
            if (l.isPresent()) {
                lagSum += l.getAsLong();
                if (l.getAsLong() == 0) {
                    readToEndAt.put(tp, pollStart);
                }
            } else {
                lagKnown = false;
            }
            Position p = new Position(position, readToEndAt.getOrDefault(tp, 0L));
            Position old = committed.get(tp);
            if (!p.equals(old)) {
                next.put(tp, p);
                positionsMoved |= old == null || old.nextOffset() != position;
            }
        }
        lag = lagKnown ? lagSum : -1;
        boolean changes = batch.hasData();
        if (!changes && !positionsMoved && (next.isEmpty() || now - lastPositionWrite < POSITION_HEARTBEAT_MS)) {
            return;
        }
        next.forEach((tp, p) -> batch.position(tp.topic(), tp.partition(), p));

        long t0 = System.nanoTime();
        try {
            store.apply(batch, now);
        } catch (SQLException | RuntimeException e) {
            LOG.error("cannot commit {} records to the store; re-reading them in {} s", records.count(),
                    RETRY.toSeconds(), e);
            for (TopicPartition tp : partitions) {
                Position p = committed.get(tp);
                if (p != null) {
                    c.seek(tp, p.nextOffset());
                }
            }
            sleep();
            return;
        }
        commits.increment();
        commitNanos.add(System.nanoTime() - t0);
        lastPositionWrite = now;
        committed.putAll(next);
        afterCommit(batch, now);
        if (!caughtUp && isCaughtUp(startEnd)) {
            caughtUp = true;
            LOG.info("tile store caught up with the topics: {} terrain and {} chart tiles",
                    store.tileCount(Layer.TERRAIN), store.tileCount(Layer.CHART));
        }
        fullReadUntil.entrySet().removeIf(e -> {
            Position p = committed.get(e.getKey());
            return p != null && p.nextOffset() >= e.getValue();
        });
        LOG.debug("committed {} records: {} tile, {} surface, {} chunk-entities, {} tag and {} change-log"
                + " changes", records.count(), batch.tiles().size(), batch.surfaces().size(),
                batch.chunkEntities().size(), batch.tags().size(), batch.changes().size());
    }

    /** After the commit: cache, live state, then WebSocket clients. */
    private void afterCommit(StoreBatch batch, long now) {
        cache.afterCommit(batch.tiles());
        List<LiveMessage> messages = new ArrayList<>();
        for (SurfaceChange s : batch.surfaces()) {
            if (s.deleted()) {
                state.removeSurface(s.server(), s.surface());
                messages.add(LiveMessage.surfaceDeleted(s.server(), s.surface(), now));
            } else {
                state.putSurface(s.update());
                messages.add(LiveMessage.surface(s.update(), now));
            }
        }
        if (!batch.tiles().isEmpty()) {
            state.setTileServers(store.tileServers());
            Set<String> fullRead = new HashSet<>();
            fullReadUntil.keySet().forEach(tp -> fullRead.add(tp.topic()));
            Set<Layer> quiet = new HashSet<>();
            tileTopics.forEach((topic, layer) -> {
                if (fullRead.contains(topic)) {
                    quiet.add(layer);
                }
            });
            for (TileChange t : batch.tiles()) {
                // A topic read from its start would flood every client with its whole history:
                // clients fetch what they show anyway.
                if (!quiet.contains(t.layer())) {
                    messages.add(LiveMessage.tile(t.layer(), t.key(), t.deleted() ? null : t.tile().etag(), now));
                }
            }
        }
        for (TagChange t : batch.tags()) {
            if (t.deleted()) {
                state.removeTag(t.server(), t.surface(), t.id());
                messages.add(LiveMessage.tagDeleted(t.server(), t.surface(), t.id(), now));
            } else {
                state.putTag(t.update());
                messages.add(LiveMessage.tag(t.update(), now));
            }
        }
        // Changes read in a first (or repeated) full read of the log are history, not news: clients
        // ask the REST API for history.
        boolean changesQuiet = fullReadUntil.keySet().stream().anyMatch(tp -> tp.topic().equals(changesTopic));
        if (!changesQuiet) {
            for (ChangeRecord r : batch.changes()) {
                messages.add(LiveMessage.change(r, now));
            }
        }
        broadcaster.publishAll(messages);
    }

    private void sleep() {
        try {
            if (closing.await(RETRY.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new WakeupException();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WakeupException();
        }
    }

    private static String abbreviate(String s) {
        return s == null ? null : s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
