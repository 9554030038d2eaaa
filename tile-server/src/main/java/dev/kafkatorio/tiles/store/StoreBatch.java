package dev.kafkatorio.tiles.store;

import dev.kafkatorio.protocol.ChangeRecord;
import dev.kafkatorio.protocol.ChunkEntitiesUpdate;
import dev.kafkatorio.protocol.SurfaceUpdate;
import dev.kafkatorio.protocol.TagUpdate;
import dev.kafkatorio.protocol.TileKey;
import dev.kafkatorio.protocol.WsMessages.Layer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The changes of one Kafka poll, applied by {@link TileStore#apply} in one transaction: tile upserts
 * and deletes, surface, chunk-entities and tag upserts and deletes, appended change-log records, and
 * the consumer positions they lead to. Within a batch the last change of a tile, surface, chunk or
 * tag wins (compacted topics: only the latest value matters); change-log records are all kept.
 */
public final class StoreBatch {

    /** A tile change: {@code tile} null means deleted (tombstone). */
    public record TileChange(Layer layer, TileKey key, StoredTile tile) {
        public TileChange {
            Objects.requireNonNull(layer, "layer");
            Objects.requireNonNull(key, "key");
        }

        public boolean deleted() {
            return tile == null;
        }
    }

    /** A surface change: {@code update} null means deleted. */
    public record SurfaceChange(String server, int surface, SurfaceUpdate update) {
        public SurfaceChange {
            Objects.requireNonNull(server, "server");
        }

        public boolean deleted() {
            return update == null;
        }
    }

    /**
     * Where the consumer resumes in one partition.
     *
     * @param nextOffset offset of the next record to read
     * @param syncedAt wall time (epoch ms) at which the consumer had last read everything up to the
     *     partition's end; 0 if never (see the tombstone retention rule in the README)
     */
    public record Position(long nextOffset, long syncedAt) {}

    /** A partition of a topic, as stored (prefixed topic name). */
    public record PartitionId(String topic, int partition) {
        public PartitionId {
            Objects.requireNonNull(topic, "topic");
        }
    }

    /** Entities of one chunk: {@code update} null means none left (tombstone). */
    public record ChunkEntitiesChange(String server, int surface, int cx, int cy, ChunkEntitiesUpdate update) {
        public ChunkEntitiesChange {
            Objects.requireNonNull(server, "server");
        }

        public boolean deleted() {
            return update == null;
        }
    }

    /** A map tag: {@code update} null means removed (tombstone). */
    public record TagChange(String server, int surface, long id, TagUpdate update) {
        public TagChange {
            Objects.requireNonNull(server, "server");
        }

        public boolean deleted() {
            return update == null;
        }
    }

    private record ChunkId(String server, int surface, int cx, int cy) {}

    private record TagId(String server, int surface, long id) {}

    private record TileId(Layer layer, TileKey key) {}

    private record SurfaceId(String server, int surface) {}

    private final Map<TileId, TileChange> tiles = new LinkedHashMap<>();
    private final Map<SurfaceId, SurfaceChange> surfaces = new LinkedHashMap<>();
    private final Map<ChunkId, ChunkEntitiesChange> chunks = new LinkedHashMap<>();
    private final Map<TagId, TagChange> tags = new LinkedHashMap<>();
    private final List<ChangeRecord> changes = new ArrayList<>();
    private final Map<PartitionId, Position> positions = new LinkedHashMap<>();

    public StoreBatch putTile(Layer layer, TileKey key, StoredTile tile) {
        return add(new TileChange(layer, key, Objects.requireNonNull(tile, "tile")));
    }

    public StoreBatch deleteTile(Layer layer, TileKey key) {
        return add(new TileChange(layer, key, null));
    }

    private StoreBatch add(TileChange change) {
        TileId id = new TileId(change.layer(), change.key());
        tiles.remove(id); // the latest change goes last, so live messages keep change order
        tiles.put(id, change);
        return this;
    }

    public StoreBatch putSurface(SurfaceUpdate update) {
        return add(new SurfaceChange(update.server(), update.surface(), update));
    }

    public StoreBatch deleteSurface(String server, int surface) {
        return add(new SurfaceChange(server, surface, null));
    }

    private StoreBatch add(SurfaceChange change) {
        SurfaceId id = new SurfaceId(change.server(), change.surface());
        surfaces.remove(id);
        surfaces.put(id, change);
        return this;
    }

    public StoreBatch putChunkEntities(ChunkEntitiesUpdate u) {
        return add(new ChunkEntitiesChange(u.server(), u.surface(), u.cx(), u.cy(), u));
    }

    public StoreBatch deleteChunkEntities(String server, int surface, int cx, int cy) {
        return add(new ChunkEntitiesChange(server, surface, cx, cy, null));
    }

    private StoreBatch add(ChunkEntitiesChange change) {
        ChunkId id = new ChunkId(change.server(), change.surface(), change.cx(), change.cy());
        chunks.remove(id);
        chunks.put(id, change);
        return this;
    }

    public StoreBatch putTag(TagUpdate u) {
        return add(new TagChange(u.server(), u.surface(), u.id(), u));
    }

    public StoreBatch deleteTag(String server, int surface, long id) {
        return add(new TagChange(server, surface, id, null));
    }

    private StoreBatch add(TagChange change) {
        TagId id = new TagId(change.server(), change.surface(), change.id());
        tags.remove(id); // the latest change goes last, so live messages keep change order
        tags.put(id, change);
        return this;
    }

    /** Appends a change-log record (never coalesced: every change matters). */
    public StoreBatch addChange(ChangeRecord change) {
        changes.add(Objects.requireNonNull(change, "change"));
        return this;
    }

    public StoreBatch position(String topic, int partition, Position position) {
        positions.put(new PartitionId(topic, partition), Objects.requireNonNull(position));
        return this;
    }

    public Collection<TileChange> tiles() {
        return tiles.values();
    }

    public Collection<SurfaceChange> surfaces() {
        return surfaces.values();
    }

    public Collection<ChunkEntitiesChange> chunkEntities() {
        return chunks.values();
    }

    public Collection<TagChange> tags() {
        return tags.values();
    }

    /** Change-log records in the order they were read. */
    public List<ChangeRecord> changes() {
        return changes;
    }

    /** Whether the batch changes any stored data (not only positions). */
    public boolean hasData() {
        return !tiles.isEmpty() || !surfaces.isEmpty() || !chunks.isEmpty() || !tags.isEmpty()
                || !changes.isEmpty();
    }

    public Map<PartitionId, Position> positions() {
        return positions;
    }

    public boolean isEmpty() {
        return !hasData() && positions.isEmpty();
    }
}
