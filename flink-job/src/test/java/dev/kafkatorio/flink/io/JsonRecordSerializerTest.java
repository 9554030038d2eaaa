package dev.kafkatorio.flink.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafkatorio.flink.testing.LogCapture;
import dev.kafkatorio.protocol.ChunkEntitiesUpdate;
import dev.kafkatorio.protocol.EntityState;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonRecordSerializerTest {

    private static ChunkEntitiesUpdate chunk(int entities, String name) {
        EntityState[] list = new EntityState[entities];
        for (int i = 0; i < entities; i++) {
            list[i] = new EntityState(i + 1, name, "t", i, 0, 0, "player", "normal");
        }
        return new ChunkEntitiesUpdate(1, "s1", 1, 0, 0, list);
    }

    @Test
    void shouldWriteKeyAndJsonValue() {
        var serializer = new JsonRecordSerializer<ChunkEntitiesUpdate>("t", u -> u.server() + "/" + u.cx());
        var record = serializer.serialize(chunk(2, "belt"), null, null);
        assertThat(record.topic()).isEqualTo("t");
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("s1/0");
        assertThat(new String(record.value(), StandardCharsets.UTF_8)).startsWith("{\"v\":1,\"server\":\"s1\"");
    }

    @Test
    void shouldSkipARecordLargerThanKafkaTakesInsteadOfFailingTheJob() {
        // 4096 entities with 500-char names: ~4 MB, more than a Kafka record may hold
        var serializer = new JsonRecordSerializer<ChunkEntitiesUpdate>("t", u -> u.server());
        try (LogCapture log = new LogCapture(JsonRecordSerializer.class)) {
            assertThat(serializer.serialize(chunk(4096, "n".repeat(500)), null, null)).isNull();
            assertThat(serializer.serialize(chunk(4096, "n".repeat(500)), null, null)).isNull();
            assertThat(log.warnings()).hasSize(1).first().asString().contains("limit " + JsonRecordSerializer.MAX_VALUE_BYTES);
        }
        assertThat(serializer.oversizedCount()).isEqualTo(2);
        assertThat(serializer.serialize(chunk(10, "belt"), null, null)).isNotNull();
    }

    @Test
    void shouldSkipARecordItCannotSerialise() {
        var serializer = new JsonRecordSerializer<ChunkEntitiesUpdate>("t", u -> {
            throw new IllegalStateException("bug");
        });
        assertThat(serializer.serialize(chunk(1, "a"), null, null)).isNull();
    }
}
