package dev.kafkatorio.tiles.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import dev.kafkatorio.protocol.TileKey;
import dev.kafkatorio.protocol.WsMessages.Layer;
import dev.kafkatorio.tiles.store.StoreBatch.TileChange;
import java.util.Collection;
import java.util.Optional;

/**
 * A bounded in-memory cache (Caffeine, weighed in bytes) in front of the {@link TileStore}; it also
 * remembers misses, since a map view asks for many empty tiles.
 *
 * <p>Consistency: the consumer calls {@link #afterCommit} only after the store committed a batch,
 * and Caffeine serialises a load and a write of the same key, so a reader never keeps an older tile
 * than the store's: either its load saw the commit, or the update that follows the commit
 * replaces what it loaded.
 */
public final class TileCache {

    /** Rough per-entry overhead (key, entry, arrays), so a cache of misses stays bounded too. */
    private static final int ENTRY_OVERHEAD = 160;

    private record CacheKey(Layer layer, TileKey key) {}

    private final TileStore store;
    private final Cache<CacheKey, Optional<StoredTile>> cache;

    /** @param maxBytes bound of the cached PNG bytes plus overhead; 0 disables caching */
    public TileCache(TileStore store, long maxBytes) {
        this.store = store;
        this.cache = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((CacheKey k, Optional<StoredTile> v) ->
                        ENTRY_OVERHEAD + k.key().server().length() + v.map(t -> t.png().length).orElse(0))
                .recordStats()
                .build();
    }

    /** The current tile, from the cache or the store. */
    public Optional<StoredTile> get(Layer layer, TileKey key) {
        return cache.get(new CacheKey(layer, key), k -> store.tile(k.layer(), k.key()));
    }

    /** Brings the cache up to date with a batch the store has committed. */
    public void afterCommit(Collection<TileChange> changes) {
        for (TileChange c : changes) {
            // Only entries someone asked for: a catch-up of the whole topic must not flush the cache.
            // computeIfPresent waits for a load of the same key in progress, then replaces its result.
            Optional<StoredTile> now = Optional.ofNullable(c.tile());
            cache.asMap().computeIfPresent(new CacheKey(c.layer(), c.key()), (k, old) -> now);
        }
    }

    /** Drops a whole layer (after the store reset it for a rebuild). */
    public void invalidate(Layer layer) {
        cache.asMap().keySet().removeIf(k -> k.layer() == layer);
    }

    /** Runs pending evictions now (for tests and diagnostics). */
    public void cleanUp() {
        cache.cleanUp();
    }

    public long hits() {
        return stats().hitCount();
    }

    public long misses() {
        return stats().missCount();
    }

    /** Estimated bytes held. */
    public long weight() {
        return cache.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
    }

    private CacheStats stats() {
        return cache.stats();
    }
}
