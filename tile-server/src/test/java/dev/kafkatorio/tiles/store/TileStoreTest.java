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
}
