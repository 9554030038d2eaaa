package dev.kafkatorio.tiles.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafkatorio.tiles.store.StoreBatch.Position;
import org.junit.jupiter.api.Test;

class RebuildRuleTest {

    private static final long DAY = 86_400_000L;
    private static final long NOW = 10 * DAY;

    @Test
    void shouldReadAFreshPartitionWithoutARebuild() {
        assertThat(RebuildRule.reason(null, 5, 100, DAY, NOW)).isEmpty();
    }

    @Test
    void shouldResumeARecentPosition() {
        assertThat(RebuildRule.reason(new Position(50, NOW - DAY + 1), 0, 100, DAY, NOW)).isEmpty();
        assertThat(RebuildRule.reason(new Position(5, NOW - 1), 5, 5, DAY, NOW)).isEmpty();
    }

    @Test
    void shouldRebuildWhenThePositionIsBeforeTheLogStart() {
        assertThat(RebuildRule.reason(new Position(3, NOW), 4, 100, DAY, NOW)).get().asString()
                .contains("before the partition's beginning offset 4");
    }

    @Test
    void shouldRebuildWhenThePositionIsBeyondTheEnd() {
        assertThat(RebuildRule.reason(new Position(101, NOW), 0, 100, DAY, NOW)).get().asString()
                .contains("re-created");
    }

    @Test
    void shouldRebuildWhenLastSyncedLongerAgoThanDeleteRetention() {
        assertThat(RebuildRule.reason(new Position(50, NOW - DAY - 1), 0, 100, DAY, NOW)).get().asString()
                .contains("delete.retention.ms").contains("50 records came after it");
        assertThat(RebuildRule.reason(new Position(50, 0), 0, 51, 1000, NOW)).isPresent();
    }

    @Test
    void shouldResumeAnOldPositionAtTheEndSinceNothingCameAfterIt() {
        assertThat(RebuildRule.reason(new Position(100, 0), 0, 100, DAY, NOW)).isEmpty();
    }
}
