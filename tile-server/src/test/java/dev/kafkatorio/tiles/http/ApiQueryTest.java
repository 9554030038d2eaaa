package dev.kafkatorio.tiles.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kafkatorio.protocol.ChunkEntitiesUpdate;
import dev.kafkatorio.protocol.EntityState;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApiQueryTest {

    @Test
    void shouldParseNewRoutes() {
        assertThat(ApiPath.parse("/api/servers/s1/changes")).isEqualTo(new ApiPath.Changes("s1"));
        assertThat(ApiPath.parse("/api/servers/s1/surfaces/2/at")).isEqualTo(new ApiPath.At("s1", 2));
        assertThat(ApiPath.parse("/api/servers/s1/surfaces/2/tags")).isEqualTo(new ApiPath.Tags("s1", 2));
        assertThat(ApiPath.parse("/api/servers/s1/surfaces/0/tags")).isInstanceOf(ApiPath.BadSurface.class);
        assertThat(ApiPath.parse("/api/servers/s1/surfaces/01/at")).isInstanceOf(ApiPath.BadSurface.class);
        assertThat(ApiPath.parse("/api/servers/s1/surfaces/99999999999/at")).isInstanceOf(ApiPath.BadSurface.class);
        assertThat(ApiPath.parse("/api/servers/b!d/surfaces/1/at")).isInstanceOf(ApiPath.BadServerId.class);
        assertThat(ApiPath.parse("/api/servers/s1/surfaces/1/what")).isEqualTo(new ApiPath.Unknown());
    }

    @Test
    void shouldParsePointsAndRejectMalformedNumbers() {
        assertThat(ApiQuery.point(List.of("-12.5"), List.of("3"))).isEqualTo(new ApiQuery.Point(-12.5, 3));
        assertThat(ApiQuery.point(List.of(".5"), List.of("-0"))).isEqualTo(new ApiQuery.Point(0.5, -0.0));
        for (List<String> bad : List.of(List.of("x"), List.of("1e5"), List.of("NaN"), List.of("Infinity"),
                List.of(""), List.of("3000000"), List.of("1", "2"), List.<String>of())) {
            assertThatThrownBy(() -> ApiQuery.point(bad, List.of("0"))).as(bad.toString())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x");
        }
    }

    @Test
    void shouldParseChangeQueriesWithDefaultsAndBounds() {
        assertThat(ApiQuery.changes(List.of(), List.of(), List.of()))
                .isEqualTo(new ApiQuery.ChangesQuery(null, ApiQuery.DEFAULT_LIMIT, null));
        assertThat(ApiQuery.changes(List.of("3"), List.of("1000"), List.of("77")))
                .isEqualTo(new ApiQuery.ChangesQuery(3, 1000, 77L));
        for (List<List<String>> bad : List.of(List.of(List.of("0"), List.<String>of(), List.<String>of()),
                List.of(List.<String>of(), List.of("1001"), List.<String>of()),
                List.of(List.<String>of(), List.of("0"), List.<String>of()),
                List.of(List.<String>of(), List.<String>of(), List.of("-1")),
                List.of(List.of("1.5"), List.<String>of(), List.<String>of()))) {
            assertThatThrownBy(() -> ApiQuery.changes(bad.get(0), bad.get(1), bad.get(2)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void shouldFindEntitiesNearAPointNearestFirstAcrossChunks() {
        EntityState here = new EntityState(1, "assembler", "assembling-machine", 31.5, 0.5, 0, "player", "normal");
        EntityState next = new EntityState(2, "belt", "transport-belt", 33.5, 0.5, 0, "player", "normal");
        EntityState far = new EntityState(3, "chest", "container", 35.0, 0.5, 0, "player", "normal");
        List<ChunkEntitiesUpdate> chunks = List.of(
                new ChunkEntitiesUpdate(1, "s", 1, 0, 0, new EntityState[] {here}),
                new ChunkEntitiesUpdate(1, "s", 1, 1, 0, new EntityState[] {far, next}),
                new ChunkEntitiesUpdate(1, "s", 1, 2, 0, null));
        assertThat(EntityLookup.near(chunks, 31.9, 0.1)).containsExactly(here, next);
        assertThat(EntityLookup.chunkRange(31.9, 0.1)).containsExactly(0, -1, 1, 0);
        assertThat(EntityLookup.chunk(-0.1)).isEqualTo(-1);
        assertThat(EntityLookup.tile(-0.1)).isEqualTo(-1);
    }
}
