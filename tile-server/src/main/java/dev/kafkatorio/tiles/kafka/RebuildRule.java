package dev.kafkatorio.tiles.kafka;

import dev.kafkatorio.tiles.store.StoreBatch.Position;
import java.time.Duration;
import java.util.Optional;

/**
 * Decides whether a stored position can be resumed or whether the topic must be re-read from its
 * start (a rebuild), because tombstones after the stored position may have been compacted away.
 * Pure logic, unit-tested.
 *
 * <p>A compacted topic keeps a tombstone for {@code delete.retention.ms} after the cleaner first
 * reaches it, and a consumer that never saw a tombstone would keep the deleted tile for ever. A
 * stored position is unsafe when:
 *
 * <ul>
 *   <li>it is before the partition's beginning offset (records were deleted under it);
 *   <li>it is beyond the partition's end (the topic was deleted and re-created);
 *   <li>there are records after it and the store last read the partition to its end longer ago than
 *       the topic's {@code delete.retention.ms}: a tombstone written after that may be gone.
 * </ul>
 *
 * A position at the partition's end is always safe: nothing after it can have been missed.
 */
public final class RebuildRule {

    private RebuildRule() {}

    /**
     * Why the partition must be rebuilt, or empty when the stored position can be resumed.
     *
     * @param stored the stored position, or null when there is none (a fresh read, not a rebuild)
     * @param beginning the partition's beginning (log start) offset now
     * @param end the partition's end offset now (last stable offset for read_committed)
     * @param deleteRetentionMs the topic's {@code delete.retention.ms}
     * @param now wall clock, epoch ms
     */
    public static Optional<String> reason(Position stored, long beginning, long end,
            long deleteRetentionMs, long now) {
        if (stored == null) {
            return Optional.empty();
        }
        long next = stored.nextOffset();
        if (next < beginning) {
            return Optional.of("stored position " + next + " is before the partition's beginning offset "
                    + beginning + " (records were deleted)");
        }
        if (next > end) {
            return Optional.of("stored position " + next + " is beyond the partition's end offset " + end
                    + " (was the topic re-created?)");
        }
        if (next < end && now - stored.syncedAt() > deleteRetentionMs) {
            return Optional.of("last read to the end " + ago(now - stored.syncedAt())
                    + " ago, longer than delete.retention.ms " + ago(deleteRetentionMs)
                    + ", and " + (end - next) + " records came after it");
        }
        return Optional.empty();
    }

    private static String ago(long ms) {
        return Duration.ofMillis(ms).toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }
}
