package dev.kafkatorio.tiles.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kafkatorio.protocol.SurfaceUpdate;
import dev.kafkatorio.protocol.TileKey;
import dev.kafkatorio.protocol.WsMessages.Layer;
import dev.kafkatorio.tiles.TestTiles;
import dev.kafkatorio.tiles.store.StoreBatch.PartitionId;
import dev.kafkatorio.tiles.store.StoreBatch.Position;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TileStoreTest {

    private static final byte[] PNG_A = TestTiles.png(0x336699);
    private static final byte[] PNG_B = TestTiles.png(0x996633);
    private static final TileKey K = new TileKey("s1", 1, -6, -3, 7);

    @TempDir
    Path dir;
    private TileStore store;

    @BeforeEach
    void open() {
        store = new TileStore(dir).open();
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static StoredTile tile(byte[] png) {
        return new StoredTile(TestTiles.hash(png), png, 1);
    }

    private static SurfaceUpdate surface(String server, int index, String name) {
        return new SurfaceUpdate(1, server, index, name, "planet", name, 4, -1, -1, 0, 0);
    }

    @Test
    void shouldStoreTilesAndPositionsTogetherAndKeepThemAcrossReopen() throws Exception {
        store.apply(new StoreBatch()
                .putTile(Layer.TERRAIN, K, tile(PNG_A))
                .putTile(Layer.CHART, K, tile(PNG_B))
                .putSurface(surface("s1", 1, "nauvis <b>"))
                .position("t.tiles", 0, new Position(5, 1000)), 42);
        store.close();

        store = new TileStore(dir).open();
        StoredTile t = store.tile(Layer.TERRAIN, K).orElseThrow();
        assertThat(t.png()).isEqualTo(PNG_A);
        assertThat(t.etag()).isEqualTo(TestTiles.hash(PNG_A));
        assertThat(t.updatedAt()).isEqualTo(42);
        assertThat(store.tile(Layer.CHART, K).orElseThrow().png()).isEqualTo(PNG_B);
        assertThat(store.positions()).containsExactly(Map.entry(new PartitionId("t.tiles", 0), new Position(5, 1000)));
        assertThat(store.surfaces()).containsExactly(surface("s1", 1, "nauvis <b>"));
        assertThat(store.tileCount(Layer.TERRAIN)).isEqualTo(1);
        assertThat(store.tileServers()).containsExactly("s1");
    }

    @Test
    void shouldKeepSignedCoordinatesApart() throws Exception {
        TileKey[] keys = {
            new TileKey("s", 1, 0, -1, -1), new TileKey("s", 1, 0, 1, 1), new TileKey("s", 1, 0, -1, 1),
            new TileKey("s", 1, -1, -1, -1), new TileKey("s", 1, 3, Long.MIN_VALUE, Long.MAX_VALUE)
        };
        StoreBatch b = new StoreBatch();
        for (int i = 0; i < keys.length; i++) {
            byte[] png = TestTiles.png(i);
            b.putTile(Layer.TERRAIN, keys[i], tile(png));
        }
        store.apply(b, 1);
        for (int i = 0; i < keys.length; i++) {
            assertThat(store.tile(Layer.TERRAIN, keys[i]).orElseThrow().png()).isEqualTo(TestTiles.png(i));
        }
        assertThat(store.tile(Layer.TERRAIN, new TileKey("s", 1, 0, 1, -1))).isEmpty();
        assertThat(store.tileCount(Layer.TERRAIN)).isEqualTo(keys.length);
    }

    @Test
    void shouldDeleteOnTombstoneAndCountOnlyRealChanges() throws Exception {
        store.apply(new StoreBatch().putTile(Layer.TERRAIN, K, tile(PNG_A)), 1);
        store.apply(new StoreBatch().putTile(Layer.TERRAIN, K, tile(PNG_B)), 2); // update, not a new tile
        assertThat(store.tileCount(Layer.TERRAIN)).isEqualTo(1);
        assertThat(store.tile(Layer.TERRAIN, K).orElseThrow().etag()).isEqualTo(TestTiles.hash(PNG_B));

        store.apply(new StoreBatch().deleteTile(Layer.TERRAIN, K).deleteTile(Layer.TERRAIN, K.parent()), 3);
        assertThat(store.tile(Layer.TERRAIN, K)).isEmpty();
        assertThat(store.tileCount(Layer.TERRAIN)).isZero();
        assertThat(store.tileServers()).isEmpty();
    }

    @Test
    void shouldKeepOnlyTheLastChangeOfATileInABatch() throws Exception {
        store.apply(new StoreBatch()
                .putTile(Layer.TERRAIN, K, tile(PNG_A))
                .deleteTile(Layer.TERRAIN, K)
                .putTile(Layer.TERRAIN, K, tile(PNG_B)), 1);
        assertThat(store.tile(Layer.TERRAIN, K).orElseThrow().png()).isEqualTo(PNG_B);
        store.apply(new StoreBatch().putTile(Layer.TERRAIN, K, tile(PNG_A)).deleteTile(Layer.TERRAIN, K), 2);
        assertThat(store.tile(Layer.TERRAIN, K)).isEmpty();
        assertThat(store.tileCount(Layer.TERRAIN)).isZero();
    }

    @Test
    void shouldCommitNothingWhenAnyPartOfTheBatchFails() throws Exception {
        store.apply(new StoreBatch().putTile(Layer.TERRAIN, K, tile(PNG_A))
                .position("t", 0, new Position(1, 1)), 1);
        // Make the last statement of the transaction (the positions) fail.
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(TileStore.FILE_NAME));
                Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TRIGGER boom BEFORE UPDATE ON positions BEGIN SELECT RAISE(ABORT, 'boom'); END");
        }
        TileKey other = new TileKey("s2", 1, 0, 0, 0);
        StoreBatch failing = new StoreBatch()
                .putTile(Layer.TERRAIN, K, tile(PNG_B))
                .putTile(Layer.TERRAIN, other, tile(PNG_B))
                .putSurface(surface("s2", 1, "x"))
                .position("t", 0, new Position(3, 2));
        assertThatThrownBy(() -> store.apply(failing, 2)).isInstanceOf(SQLException.class).hasMessageContaining("boom");

        assertThat(store.tile(Layer.TERRAIN, K).orElseThrow().png()).isEqualTo(PNG_A);
        assertThat(store.tile(Layer.TERRAIN, other)).isEmpty();
        assertThat(store.surfaces()).isEmpty();
        assertThat(store.positions()).containsExactly(Map.entry(new PartitionId("t", 0), new Position(1, 1)));
        assertThat(store.tileCount(Layer.TERRAIN)).isEqualTo(1);
        assertThat(store.tileServers()).containsExactly("s1");

        // The writer is usable again once the cause is gone.
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(TileStore.FILE_NAME));
                Statement s = c.createStatement()) {
            s.executeUpdate("DROP TRIGGER boom");
        }
        store.apply(failing, 3);
        assertThat(store.tile(Layer.TERRAIN, other)).isPresent();
        assertThat(store.positions().get(new PartitionId("t", 0))).isEqualTo(new Position(3, 2));
    }

    @Test
    void shouldRefuseASecondStoreOnTheSameDataDir() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new TileStore(dir).open())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("own --data-dir");
        store.close();
        store = new TileStore(dir).open(); // free again once closed
    }

    @Test
    void shouldResetOneTopicOnly() throws Exception {
        store.apply(new StoreBatch()
                .putTile(Layer.TERRAIN, K, tile(PNG_A))
                .putTile(Layer.CHART, K, tile(PNG_B))
                .putSurface(surface("s1", 1, "nauvis"))
                .position("terrain", 0, new Position(1, 1))
                .position("chart", 0, new Position(1, 1))
                .position("surfaces", 0, new Position(1, 1)), 1);

        store.resetTopic("terrain", Layer.TERRAIN);
        assertThat(store.tile(Layer.TERRAIN, K)).isEmpty();
        assertThat(store.tile(Layer.CHART, K)).isPresent();
        assertThat(store.tileCount(Layer.TERRAIN)).isZero();
        assertThat(store.positions()).containsOnlyKeys(new PartitionId("chart", 0), new PartitionId("surfaces", 0));

        store.resetTopic("surfaces", null);
        assertThat(store.surfaces()).isEmpty();
        assertThat(store.tile(Layer.CHART, K)).isPresent();
        assertThat(store.positions()).containsOnlyKeys(new PartitionId("chart", 0));
    }

    private static dev.kafkatorio.protocol.ChangeRecord change(String server, long seq, int player) {
        return new dev.kafkatorio.protocol.ChangeRecord(1, server, "sess", seq, 0, seq * 60, "built", 1, 0, 0, seq,
                -seq, "belt", "transport-belt", seq, "player", "normal", player, "player", 1);
    }

    @Test
    void shouldKeepTheNewestChangesPerServerNewestFirstAndIgnoreDuplicates() throws Exception {
        store.close();
        store = new TileStore(dir, 3).open();
        StoreBatch b = new StoreBatch();
        for (int i = 1; i <= 5; i++) {
            b.addChange(change("s1", i, i % 2 == 0 ? 2 : 1));
        }
        b.addChange(change("s1", 5, 1)); // a duplicate: stored once
        b.addChange(change("s2", 1, 1));
        store.apply(b, 1);

        assertThat(store.changes("s1", null, null, 10)).extracting(c -> c.change().seq()).containsExactly(5L, 4L, 3L);
        assertThat(store.changeCount("s1")).isEqualTo(3);
        assertThat(store.changeCount("s2")).isEqualTo(1);
        assertThat(store.changes("s1", 1, null, 10)).extracting(c -> c.change().seq()).containsExactly(5L, 3L);
        long cursor = store.changes("s1", null, null, 1).get(0).id();
        assertThat(store.changes("s1", null, cursor, 10)).extracting(c -> c.change().seq()).containsExactly(4L, 3L);
        store.apply(new StoreBatch().addChange(change("s1", 6, 1)), 2);
        assertThat(store.changes("s1", null, null, 10)).extracting(c -> c.change().seq()).containsExactly(6L, 5L, 4L);
    }

    @Test
    void shouldStoreChunkEntitiesAndTagsWithTombstonesAndResetThem() throws Exception {
        dev.kafkatorio.protocol.EntityState e = new dev.kafkatorio.protocol.EntityState(1, "stone-furnace", "furnace",
                -0.5, 31.5, 0, "player", "normal");
        store.apply(new StoreBatch()
                .putChunkEntities(new dev.kafkatorio.protocol.ChunkEntitiesUpdate(1, "s1", 1, -1, 0,
                        new dev.kafkatorio.protocol.EntityState[] {e}))
                .putChunkEntities(new dev.kafkatorio.protocol.ChunkEntitiesUpdate(1, "s1", 1, 5, 5,
                        new dev.kafkatorio.protocol.EntityState[] {e}))
                .putTag(new dev.kafkatorio.protocol.TagUpdate(1, "s1", 1, 7, 1, 2, "mine", "", "player", 1, 60))
                .putTag(new dev.kafkatorio.protocol.TagUpdate(1, "s1", 1, 8, 1, 2, "gone", "", "player", 1, 60))
                .deleteTag("s1", 1, 8), 1);

        assertThat(store.chunkEntities("s1", 1, -1, -1, 0, 0)).hasSize(1);
        assertThat(store.chunkEntities("s1", 1, -1, -1, 0, 0).get(0).entities()[0]).isEqualTo(e);
        assertThat(store.chunkEntities("s1", 2, -1, -1, 0, 0)).isEmpty();
        assertThat(store.tags()).extracting(dev.kafkatorio.protocol.TagUpdate::id).containsExactly(7L);

        store.apply(new StoreBatch().deleteChunkEntities("s1", 1, -1, 0), 2);
        assertThat(store.chunkEntities("s1", 1, -1, -1, 0, 0)).isEmpty();
        store.resetTable("tags", TileStore.Table.TAGS);
        assertThat(store.tags()).isEmpty();
        store.resetTable("chunks", TileStore.Table.CHUNK_ENTITIES);
        assertThat(store.chunkEntities("s1", 1, 0, 0, 9, 9)).isEmpty();
    }
}
