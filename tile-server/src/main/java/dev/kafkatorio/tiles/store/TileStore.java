package dev.kafkatorio.tiles.store;

import dev.kafkatorio.protocol.ChangeRecord;
import dev.kafkatorio.protocol.ChunkEntitiesUpdate;
import dev.kafkatorio.protocol.SurfaceUpdate;
import dev.kafkatorio.protocol.TagUpdate;
import dev.kafkatorio.protocol.TileKey;
import dev.kafkatorio.protocol.TopicJson;
import dev.kafkatorio.protocol.WsMessages.Layer;
import dev.kafkatorio.tiles.store.StoreBatch.ChunkEntitiesChange;
import dev.kafkatorio.tiles.store.StoreBatch.PartitionId;
import dev.kafkatorio.tiles.store.StoreBatch.Position;
import dev.kafkatorio.tiles.store.StoreBatch.SurfaceChange;
import dev.kafkatorio.tiles.store.StoreBatch.TagChange;
import dev.kafkatorio.tiles.store.StoreBatch.TileChange;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * The persistent tile store: one SQLite file ({@value #FILE_NAME}) in the data dir, in WAL mode, in
 * the spirit of MBTiles but keyed by the project's own signed tile scheme.
 *
 * <p>Schema (version {@value #SCHEMA_VERSION} in {@code PRAGMA user_version}):
 *
 * <pre>
 * tiles(layer TEXT, server TEXT, surface INTEGER, z INTEGER, x INTEGER, y INTEGER,
 *       etag TEXT, png BLOB, updated_at INTEGER, PRIMARY KEY (layer, server, surface, z, x, y))
 * surfaces(server TEXT, surface INTEGER, json TEXT, updated_at INTEGER, PRIMARY KEY (server, surface))
 * positions(topic TEXT, partition INTEGER, next_offset INTEGER, synced_at INTEGER,
 *           PRIMARY KEY (topic, partition))
 * chunk_entities(server TEXT, surface INTEGER, cx INTEGER, cy INTEGER, json TEXT, updated_at INTEGER,
 *           PRIMARY KEY (server, surface, cx, cy))                      -- since version 2
 * tags(server TEXT, surface INTEGER, id INTEGER, json TEXT, updated_at INTEGER,
 *           PRIMARY KEY (server, surface, id))                          -- since version 2
 * changes(id INTEGER PRIMARY KEY AUTOINCREMENT, server TEXT, session TEXT, seq INTEGER, idx INTEGER,
 *           tick INTEGER, player INTEGER, json TEXT, UNIQUE (server, session, seq, idx)) -- since 2
 * </pre>
 *
 * {@code changes} keeps the newest {@code changeLogSize} rows per server (by {@code id}, the order
 * they were read); {@code id} is the cursor of the change-log API.
 *
 * {@code z}, {@code x} and {@code y} are the scheme's values as they are ({@code TileScheme}: z from 3
 * down to -6, x/y signed, y pointing south): SQLite INTEGER is a signed 64-bit value, so there is no
 * offset, no unsigned mapping and no TMS y-flip as in MBTiles. {@code layer} is the layer's wire name
 * ({@code terrain} or {@code chart}).
 *
 * <p>Threads: {@link #apply} and {@link #resetTopic} belong to one writer thread (the tile consumer);
 * reads may come from any thread, each on one of a few pooled read connections (WAL lets readers see
 * the last committed state while the writer writes).
 */
public final class TileStore implements AutoCloseable {

    public static final String FILE_NAME = "tiles.sqlite";
    public static final int SCHEMA_VERSION = 2;
    /** Default of the change-log bound per server. */
    public static final int DEFAULT_CHANGE_LOG_SIZE = 5000;
    /** Held (OS file lock) while a store is open, so a second server cannot share the data dir. */
    public static final String LOCK_FILE = "tiles.lock";

    private static final Logger LOG = LoggerFactory.getLogger(TileStore.class);
    private static final int READERS = 4;

    private final Path dataDir;
    private final int changeLogSize;
    private final Map<Layer, Map<String, Long>> counts = new EnumMap<>(Layer.class);
    private Connection writer;
    private BlockingQueue<Connection> readers;
    private final List<Connection> allReaders = new ArrayList<>();
    private volatile boolean open;
    private FileChannel lockChannel;
    private FileLock lock;

    /** A store in {@code dataDir}; nothing is touched until {@link #open()}. */
    public TileStore(Path dataDir) {
        this(dataDir, DEFAULT_CHANGE_LOG_SIZE);
    }

    /** A store in {@code dataDir} keeping the newest {@code changeLogSize} changes per server. */
    public TileStore(Path dataDir, int changeLogSize) {
        if (changeLogSize < 1) {
            throw new IllegalArgumentException("changeLogSize must be >= 1");
        }
        this.dataDir = dataDir;
        this.changeLogSize = changeLogSize;
        for (Layer l : Layer.values()) {
            counts.put(l, new ConcurrentHashMap<>());
        }
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Creates the data dir and schema if missing and opens the connections. */
    public synchronized TileStore open() {
        if (open) {
            return this;
        }
        Path file = dataDir.resolve(FILE_NAME);
        try {
            Files.createDirectories(dataDir);
            lockChannel = FileChannel.open(dataDir.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            try {
                lock = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                lockChannel.close();
                lockChannel = null;
                throw new IllegalStateException("the tile data dir " + dataDir.toAbsolutePath() + " is in use"
                        + " by another tile server: give each server its own --data-dir");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the tile data dir " + dataDir.toAbsolutePath()
                    + ": pass a writable --data-dir", e);
        }
        try {
            writer = connect(file);
            writer.setAutoCommit(false);
            createSchema(writer);
            loadCounts();
            readers = new ArrayBlockingQueue<>(READERS);
            for (int i = 0; i < READERS; i++) {
                Connection r = connect(file);
                allReaders.add(r);
                readers.add(r);
            }
        } catch (SQLException e) {
            closeQuietly();
            throw new IllegalStateException("cannot open the tile store " + file.toAbsolutePath(), e);
        }
        open = true;
        LOG.info("tile store {} open: {} terrain and {} chart tiles", file.toAbsolutePath(),
                tileCount(Layer.TERRAIN), tileCount(Layer.CHART));
        return this;
    }

    private static Connection connect(Path file) throws SQLException {
        SQLiteConfig c = new SQLiteConfig();
        c.setJournalMode(SQLiteConfig.JournalMode.WAL);
        // NORMAL in WAL mode: a commit survives a process crash; a power loss may lose the last
        // commits, but tiles and positions go together, so the consumer simply re-reads them.
        c.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        c.setBusyTimeout(10_000);
        return c.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
    }

    private static void createSchema(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            int version;
            try (ResultSet rs = s.executeQuery("PRAGMA user_version")) {
                version = rs.next() ? rs.getInt(1) : 0;
            }
            if (version > SCHEMA_VERSION) {
                throw new SQLException("tile store schema version " + version + " is newer than this"
                        + " server's " + SCHEMA_VERSION + ": use a newer server or a fresh --data-dir");
            }
            s.executeUpdate("CREATE TABLE IF NOT EXISTS tiles ("
                    + " layer TEXT NOT NULL, server TEXT NOT NULL, surface INTEGER NOT NULL,"
                    + " z INTEGER NOT NULL, x INTEGER NOT NULL, y INTEGER NOT NULL,"
                    + " etag TEXT NOT NULL, png BLOB NOT NULL, updated_at INTEGER NOT NULL,"
                    + " PRIMARY KEY (layer, server, surface, z, x, y))");
            s.executeUpdate("CREATE TABLE IF NOT EXISTS surfaces ("
                    + " server TEXT NOT NULL, surface INTEGER NOT NULL, json TEXT NOT NULL,"
                    + " updated_at INTEGER NOT NULL, PRIMARY KEY (server, surface))");
            s.executeUpdate("CREATE TABLE IF NOT EXISTS positions ("
                    + " topic TEXT NOT NULL, partition INTEGER NOT NULL, next_offset INTEGER NOT NULL,"
                    + " synced_at INTEGER NOT NULL, PRIMARY KEY (topic, partition))");
            // Version 2 only adds tables: a version-1 store is upgraded in place.
            s.executeUpdate("CREATE TABLE IF NOT EXISTS chunk_entities ("
                    + " server TEXT NOT NULL, surface INTEGER NOT NULL, cx INTEGER NOT NULL,"
                    + " cy INTEGER NOT NULL, json TEXT NOT NULL, updated_at INTEGER NOT NULL,"
                    + " PRIMARY KEY (server, surface, cx, cy))");
            s.executeUpdate("CREATE TABLE IF NOT EXISTS tags ("
                    + " server TEXT NOT NULL, surface INTEGER NOT NULL, id INTEGER NOT NULL,"
                    + " json TEXT NOT NULL, updated_at INTEGER NOT NULL, PRIMARY KEY (server, surface, id))");
            s.executeUpdate("CREATE TABLE IF NOT EXISTS changes ("
                    + " id INTEGER PRIMARY KEY AUTOINCREMENT, server TEXT NOT NULL, session TEXT NOT NULL,"
                    + " seq INTEGER NOT NULL, idx INTEGER NOT NULL, tick INTEGER NOT NULL,"
                    + " player INTEGER NOT NULL, json TEXT NOT NULL, UNIQUE (server, session, seq, idx))");
            s.executeUpdate("CREATE INDEX IF NOT EXISTS changes_by_player ON changes (server, player, id)");
            s.executeUpdate("PRAGMA user_version = " + SCHEMA_VERSION);
        }
        c.commit();
    }

    private void loadCounts() throws SQLException {
        try (Statement s = writer.createStatement();
                ResultSet rs = s.executeQuery("SELECT layer, server, count(*) FROM tiles GROUP BY layer, server")) {
            while (rs.next()) {
                Layer layer = layer(rs.getString(1));
                if (layer != null) {
                    counts.get(layer).put(rs.getString(2), rs.getLong(3));
                }
            }
        }
        writer.commit();
    }

    /** The stored consumer positions. */
    public Map<PartitionId, Position> positions() {
        return read(c -> {
            Map<PartitionId, Position> out = new LinkedHashMap<>();
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery(
                            "SELECT topic, partition, next_offset, synced_at FROM positions")) {
                while (rs.next()) {
                    out.put(new PartitionId(rs.getString(1), rs.getInt(2)),
                            new Position(rs.getLong(3), rs.getLong(4)));
                }
            }
            return out;
        });
    }

    /** One tile, or empty when the store has none at that address. */
    public Optional<StoredTile> tile(Layer layer, TileKey key) {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT etag, png, updated_at FROM tiles"
                    + " WHERE layer = ? AND server = ? AND surface = ? AND z = ? AND x = ? AND y = ?")) {
                bindKey(ps, 1, layer, key);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next()
                            ? Optional.of(new StoredTile(rs.getString(1), rs.getBytes(2), rs.getLong(3)))
                            : Optional.empty();
                }
            }
        });
    }

    /** Every stored surface, by server then index. */
    public List<SurfaceUpdate> surfaces() {
        return read(c -> {
            List<SurfaceUpdate> out = new ArrayList<>();
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT server, surface, json FROM surfaces ORDER BY server, surface")) {
                while (rs.next()) {
                    try {
                        out.add(TopicJson.read(rs.getString(3).getBytes(StandardCharsets.UTF_8),
                                SurfaceUpdate.class));
                    } catch (IOException e) {
                        LOG.warn("ignoring an unreadable stored surface {}/{}: {}", rs.getString(1),
                                rs.getInt(2), e.toString());
                    }
                }
            }
            return out;
        });
    }

    /**
     * The stored entity lists of the chunks {@code cx0..cx1} × {@code cy0..cy1} of one surface
     * (chunks without entities are absent).
     */
    public List<ChunkEntitiesUpdate> chunkEntities(String server, int surface, int cx0, int cy0, int cx1,
            int cy1) {
        return read(c -> {
            List<ChunkEntitiesUpdate> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT json FROM chunk_entities WHERE server = ?"
                    + " AND surface = ? AND cx BETWEEN ? AND ? AND cy BETWEEN ? AND ? ORDER BY cx, cy")) {
                ps.setString(1, server);
                ps.setInt(2, surface);
                ps.setInt(3, cx0);
                ps.setInt(4, cx1);
                ps.setInt(5, cy0);
                ps.setInt(6, cy1);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ChunkEntitiesUpdate u = readJson(rs.getString(1), ChunkEntitiesUpdate.class);
                        if (u != null) {
                            out.add(u);
                        }
                    }
                }
            }
            return out;
        });
    }

    /** Every stored map tag, by server, surface and id. */
    public List<TagUpdate> tags() {
        return read(c -> {
            List<TagUpdate> out = new ArrayList<>();
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT json FROM tags ORDER BY server, surface, id")) {
                while (rs.next()) {
                    TagUpdate u = readJson(rs.getString(1), TagUpdate.class);
                    if (u != null) {
                        out.add(u);
                    }
                }
            }
            return out;
        });
    }

    /** A stored change with its cursor ({@code id}: larger is newer). */
    public record StoredChange(long id, ChangeRecord change) {}

    /**
     * The newest changes of a server, newest first: at most {@code limit}, only those with an id below
     * {@code before} (null = from the newest), only by {@code player} (null = anyone).
     */
    public List<StoredChange> changes(String server, Integer player, Long before, int limit) {
        return read(c -> {
            List<StoredChange> out = new ArrayList<>();
            String sql = "SELECT id, json FROM changes WHERE server = ?"
                    + (player == null ? "" : " AND player = ?") + (before == null ? "" : " AND id < ?")
                    + " ORDER BY id DESC LIMIT ?";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                ps.setString(i++, server);
                if (player != null) {
                    ps.setInt(i++, player);
                }
                if (before != null) {
                    ps.setLong(i++, before);
                }
                ps.setInt(i, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ChangeRecord r = readJson(rs.getString(2), ChangeRecord.class);
                        if (r != null) {
                            out.add(new StoredChange(rs.getLong(1), r));
                        }
                    }
                }
            }
            return out;
        });
    }

    /** Number of stored changes of a server (at most the change-log bound). */
    public long changeCount(String server) {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM changes WHERE server = ?")) {
                ps.setString(1, server);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0L;
                }
            }
        });
    }

    private static <T> T readJson(String json, Class<T> type) {
        try {
            return TopicJson.read(json.getBytes(StandardCharsets.UTF_8), type);
        } catch (IOException e) {
            LOG.warn("ignoring an unreadable stored {}: {}", type.getSimpleName(), e.toString());
            return null;
        }
    }

    /** Number of tiles stored in a layer. */
    public long tileCount(Layer layer) {
        return counts.get(layer).values().stream().mapToLong(Long::longValue).sum();
    }

    /** Servers with at least one stored tile, sorted. */
    public Set<String> tileServers() {
        Set<String> out = new TreeSet<>();
        for (Map<String, Long> m : counts.values()) {
            out.addAll(m.keySet());
        }
        return out;
    }

    /**
     * Applies a batch in one transaction: tile upserts and deletes, surfaces, and positions. Either all
     * of it is committed or none (the exception is thrown after a rollback). Writer thread only.
     */
    public void apply(StoreBatch batch, long now) throws SQLException {
        requireOpen();
        Map<Layer, Map<String, Long>> delta = new EnumMap<>(Layer.class);
        try {
            try (PreparedStatement update = writer.prepareStatement("UPDATE tiles SET etag = ?, png = ?,"
                            + " updated_at = ? WHERE layer = ? AND server = ? AND surface = ? AND z = ?"
                            + " AND x = ? AND y = ?");
                    PreparedStatement insert = writer.prepareStatement("INSERT INTO tiles (etag, png,"
                            + " updated_at, layer, server, surface, z, x, y) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
                    PreparedStatement delete = writer.prepareStatement("DELETE FROM tiles WHERE layer = ?"
                            + " AND server = ? AND surface = ? AND z = ? AND x = ? AND y = ?")) {
                for (TileChange t : batch.tiles()) {
                    long change;
                    if (t.deleted()) {
                        bindKey(delete, 1, t.layer(), t.key());
                        change = -delete.executeUpdate();
                    } else {
                        // UPDATE, then INSERT when nothing was there: tells new tiles apart for the counts.
                        for (PreparedStatement ps : List.of(update, insert)) {
                            ps.setString(1, t.tile().etag());
                            ps.setBytes(2, t.tile().png());
                            ps.setLong(3, now);
                            bindKey(ps, 4, t.layer(), t.key());
                        }
                        change = update.executeUpdate() == 0 ? insert.executeUpdate() : 0;
                    }
                    if (change != 0) {
                        delta.computeIfAbsent(t.layer(), l -> new HashMap<>())
                                .merge(t.key().server(), change, Long::sum);
                    }
                }
            }
            try (PreparedStatement upsert = writer.prepareStatement("INSERT INTO surfaces (server, surface,"
                            + " json, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (server, surface) DO UPDATE"
                            + " SET json = excluded.json, updated_at = excluded.updated_at");
                    PreparedStatement delete = writer.prepareStatement(
                            "DELETE FROM surfaces WHERE server = ? AND surface = ?")) {
                for (SurfaceChange s : batch.surfaces()) {
                    if (s.deleted()) {
                        delete.setString(1, s.server());
                        delete.setInt(2, s.surface());
                        delete.executeUpdate();
                    } else {
                        upsert.setString(1, s.server());
                        upsert.setInt(2, s.surface());
                        upsert.setString(3, new String(TopicJson.write(s.update()), StandardCharsets.UTF_8));
                        upsert.setLong(4, now);
                        upsert.executeUpdate();
                    }
                }
            }
            applyEntitiesTagsAndChanges(batch, now);
            try (PreparedStatement ps = writer.prepareStatement("INSERT INTO positions (topic, partition,"
                    + " next_offset, synced_at) VALUES (?, ?, ?, ?) ON CONFLICT (topic, partition) DO UPDATE"
                    + " SET next_offset = excluded.next_offset, synced_at = excluded.synced_at")) {
                for (Map.Entry<PartitionId, Position> e : batch.positions().entrySet()) {
                    ps.setString(1, e.getKey().topic());
                    ps.setInt(2, e.getKey().partition());
                    ps.setLong(3, e.getValue().nextOffset());
                    ps.setLong(4, e.getValue().syncedAt());
                    ps.executeUpdate();
                }
            }
            writer.commit();
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(e);
            throw e;
        }
        delta.forEach((layer, byServer) -> byServer.forEach((server, d) ->
                counts.get(layer).compute(server, (k, v) -> {
                    long n = (v == null ? 0 : v) + d;
                    return n <= 0 ? null : n;
                })));
    }

    private void applyEntitiesTagsAndChanges(StoreBatch batch, long now) throws SQLException {
        try (PreparedStatement upsert = writer.prepareStatement("INSERT INTO chunk_entities (server, surface,"
                        + " cx, cy, json, updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (server, surface, cx, cy)"
                        + " DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at");
                PreparedStatement delete = writer.prepareStatement("DELETE FROM chunk_entities WHERE server = ?"
                        + " AND surface = ? AND cx = ? AND cy = ?")) {
            for (ChunkEntitiesChange ch : batch.chunkEntities()) {
                PreparedStatement ps = ch.deleted() ? delete : upsert;
                ps.setString(1, ch.server());
                ps.setInt(2, ch.surface());
                ps.setInt(3, ch.cx());
                ps.setInt(4, ch.cy());
                if (!ch.deleted()) {
                    ps.setString(5, new String(TopicJson.write(ch.update()), StandardCharsets.UTF_8));
                    ps.setLong(6, now);
                }
                ps.executeUpdate();
            }
        }
        try (PreparedStatement upsert = writer.prepareStatement("INSERT INTO tags (server, surface, id, json,"
                        + " updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (server, surface, id) DO UPDATE"
                        + " SET json = excluded.json, updated_at = excluded.updated_at");
                PreparedStatement delete = writer.prepareStatement(
                        "DELETE FROM tags WHERE server = ? AND surface = ? AND id = ?")) {
            for (TagChange t : batch.tags()) {
                PreparedStatement ps = t.deleted() ? delete : upsert;
                ps.setString(1, t.server());
                ps.setInt(2, t.surface());
                ps.setLong(3, t.id());
                if (!t.deleted()) {
                    ps.setString(4, new String(TopicJson.write(t.update()), StandardCharsets.UTF_8));
                    ps.setLong(5, now);
                }
                ps.executeUpdate();
            }
        }
        if (batch.changes().isEmpty()) {
            return;
        }
        Set<String> servers = new TreeSet<>();
        // OR IGNORE: a record read twice (e.g. a producer retry outside a transaction) is stored once.
        try (PreparedStatement insert = writer.prepareStatement("INSERT OR IGNORE INTO changes (server, session,"
                + " seq, idx, tick, player, json) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (ChangeRecord r : batch.changes()) {
                insert.setString(1, r.server());
                insert.setString(2, r.session() == null ? "" : r.session());
                insert.setLong(3, r.seq());
                insert.setInt(4, r.index());
                insert.setLong(5, r.tick());
                insert.setInt(6, r.player());
                insert.setString(7, new String(TopicJson.write(r), StandardCharsets.UTF_8));
                insert.executeUpdate();
                servers.add(r.server());
            }
        }
        // The bound: keep the newest changeLogSize rows of each server touched.
        try (PreparedStatement trim = writer.prepareStatement("DELETE FROM changes WHERE server = ? AND id <="
                + " (SELECT id FROM changes WHERE server = ? ORDER BY id DESC LIMIT 1 OFFSET ?)")) {
            for (String server : servers) {
                trim.setString(1, server);
                trim.setString(2, server);
                trim.setInt(3, changeLogSize);
                trim.executeUpdate();
            }
        }
    }

    /** Tables of the non-tile topics, for {@link #resetTable(String, Table)}. */
    public enum Table {
        CHUNK_ENTITIES("chunk_entities"),
        TAGS("tags"),
        /** The change log keeps its rows on a reset: it is a log of a time-deleted topic. */
        CHANGES(null);

        private final String name;

        Table(String name) {
            this.name = name;
        }
    }

    /**
     * Forgets what was read from {@code topic} in one transaction: its positions and the rows of
     * {@code table} (none for {@link Table#CHANGES}). Writer thread only.
     */
    public void resetTable(String topic, Table table) throws SQLException {
        requireOpen();
        try (PreparedStatement pos = writer.prepareStatement("DELETE FROM positions WHERE topic = ?");
                Statement rows = writer.createStatement()) {
            pos.setString(1, topic);
            pos.executeUpdate();
            if (table.name != null) {
                rows.executeUpdate("DELETE FROM " + table.name);
            }
            writer.commit();
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(e);
            throw e;
        }
    }

    /**
     * Forgets everything read from {@code topic} in one transaction: its positions and, for a tile
     * topic, every tile of {@code layer}; for the surfaces topic ({@code layer} null), every surface.
     * The consumer then re-reads the topic from its start. Writer thread only.
     */
    public void resetTopic(String topic, Layer layer) throws SQLException {
        requireOpen();
        try (PreparedStatement pos = writer.prepareStatement("DELETE FROM positions WHERE topic = ?");
                PreparedStatement rows = writer.prepareStatement(layer == null
                        ? "DELETE FROM surfaces" : "DELETE FROM tiles WHERE layer = ?")) {
            pos.setString(1, topic);
            pos.executeUpdate();
            if (layer != null) {
                rows.setString(1, layer.wireName());
            }
            rows.executeUpdate();
            writer.commit();
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(e);
            throw e;
        }
        if (layer != null) {
            counts.get(layer).clear();
        }
    }

    @Override
    public synchronized void close() {
        open = false;
        closeQuietly();
    }

    private void closeQuietly() {
        for (Connection c : allReaders) {
            closeQuietly(c);
        }
        allReaders.clear();
        if (writer != null) {
            closeQuietly(writer);
            writer = null;
        }
        if (lockChannel != null) {
            try {
                lockChannel.close(); // releases the lock
            } catch (IOException e) {
                LOG.warn("cannot release the tile data dir lock", e);
            }
            lockChannel = null;
            lock = null;
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            LOG.warn("closing a tile store connection failed", e);
        }
    }

    private void rollbackQuietly(Exception cause) {
        try {
            writer.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private void requireOpen() {
        if (!open) {
            throw new IllegalStateException("the tile store is not open");
        }
    }

    private static void bindKey(PreparedStatement ps, int first, Layer layer, TileKey key) throws SQLException {
        ps.setString(first, layer.wireName());
        ps.setString(first + 1, key.server());
        ps.setInt(first + 2, key.surface());
        ps.setInt(first + 3, key.z());
        ps.setLong(first + 4, key.x());
        ps.setLong(first + 5, key.y());
    }

    private static Layer layer(String wireName) {
        for (Layer l : Layer.values()) {
            if (l.wireName().equals(wireName)) {
                return l;
            }
        }
        return null;
    }

    /** A read on a pooled read connection. */
    private interface Read<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T read(Read<T> read) {
        requireOpen();
        Connection c;
        try {
            c = readers.poll(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a tile store connection", e);
        }
        if (c == null) {
            throw new IllegalStateException("no tile store read connection free for 30 s");
        }
        try {
            return read.run(c);
        } catch (SQLException e) {
            throw new IllegalStateException("tile store read failed", e);
        } finally {
            readers.add(c);
        }
    }
}
