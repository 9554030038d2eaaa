package dev.kafkatorio.tiles.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafkatorio.protocol.TileKey;
import dev.kafkatorio.protocol.WsMessages.Layer;
import dev.kafkatorio.tiles.TestTiles;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TileCacheTest {

    private static final TileKey K = new TileKey("s1", 1, 0, -1, 2);
    private static final byte[] PNG_A = TestTiles.png(1);
    private static final byte[] PNG_B = TestTiles.png(2);

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

    private void commit(StoreBatch batch, TileCache cache) throws Exception {
        store.apply(batch, 1);
        cache.afterCommit(batch.tiles());
    }

    private static StoredTile tile(byte[] png) {
        return new StoredTile(TestTiles.hash(png), png, 1);
    }

    @Test
    void shouldServeFromMemoryAfterTheFirstReadAndFollowCommits() throws Exception {
        TileCache cache = new TileCache(store, 1 << 20);
        assertThat(cache.get(Layer.TERRAIN, K)).isEmpty(); // a miss, remembered
        assertThat(cache.get(Layer.TERRAIN, K)).isEmpty();
        assertThat(cache.misses()).isEqualTo(1);
        assertThat(cache.hits()).isEqualTo(1);

        commit(new StoreBatch().putTile(Layer.TERRAIN, K, tile(PNG_A)), cache);
        assertThat(cache.get(Layer.TERRAIN, K).map(StoredTile::png)).contains(PNG_A);
        commit(new StoreBatch().putTile(Layer.TERRAIN, K, tile(PNG_B)), cache);
        assertThat(cache.get(Layer.TERRAIN, K).map(StoredTile::etag)).contains(TestTiles.hash(PNG_B));
        assertThat(cache.misses()).as("updated in place, not re-read").isEqualTo(1);
        assertThat(cache.get(Layer.CHART, K)).as("layers are apart").isEmpty();

        commit(new StoreBatch().deleteTile(Layer.TERRAIN, K), cache);
        assertThat(cache.get(Layer.TERRAIN, K)).isEmpty();
    }

    @Test
    void shouldNotFillTheCacheWithTilesNobodyAskedFor() throws Exception {
        TileCache cache = new TileCache(store, 1 << 20);
        commit(new StoreBatch().putTile(Layer.TERRAIN, K, tile(PNG_A)), cache);
        cache.cleanUp();
        assertThat(cache.weight()).isZero();
        assertThat(cache.get(Layer.TERRAIN, K)).isPresent();
        assertThat(cache.misses()).isEqualTo(1);
        cache.cleanUp(); // Caffeine updates its weight asynchronously
        assertThat(cache.weight()).isGreaterThan(PNG_A.length);
    }

    @Test
    void shouldStayWithinItsByteBound() throws Exception {
        long bound = 4L * PNG_A.length;
        TileCache cache = new TileCache(store, bound);
        StoreBatch b = new StoreBatch();
        for (int x = 0; x < 20; x++) {
            b.putTile(Layer.TERRAIN, new TileKey("s1", 1, 0, x, 0), tile(PNG_A));
        }
        commit(b, cache);
        for (int x = 0; x < 20; x++) {
            assertThat(cache.get(Layer.TERRAIN, new TileKey("s1", 1, 0, x, 0))).isPresent();
        }
        cache.cleanUp();
        assertThat(cache.weight()).isLessThanOrEqualTo(bound);
    }

    @Test
    void shouldForgetALayerOnInvalidate() throws Exception {
        TileCache cache = new TileCache(store, 1 << 20);
        commit(new StoreBatch().putTile(Layer.TERRAIN, K, tile(PNG_A)).putTile(Layer.CHART, K, tile(PNG_B)), cache);
        cache.get(Layer.TERRAIN, K);
        cache.get(Layer.CHART, K);
        store.resetTopic("t", Layer.TERRAIN);
        cache.invalidate(Layer.TERRAIN);
        assertThat(cache.get(Layer.TERRAIN, K)).isEqualTo(Optional.empty());
        assertThat(cache.get(Layer.CHART, K)).isPresent();
    }
}
