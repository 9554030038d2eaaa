package dev.kafkatorio.tiles.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PathParsingTest {

    @Test
    void shouldParseApiRoutes() {
        assertThat(ApiPath.parse("/api/servers")).isEqualTo(new ApiPath.Servers());
        assertThat(ApiPath.parse("/api/servers/nauvis-1/players")).isEqualTo(new ApiPath.Players("nauvis-1"));
        assertThat(ApiPath.parse("/api/servers/nauvis-1/surfaces")).isEqualTo(new ApiPath.Surfaces("nauvis-1"));
        assertThat(ApiPath.parse("/api/servers/a b/surfaces")).isInstanceOf(ApiPath.BadServerId.class);
    }

    @Test
    void shouldFlagMalformedServerIds() {
        assertThat(ApiPath.parse("/api/servers/a b/players")).isInstanceOf(ApiPath.BadServerId.class);
        assertThat(ApiPath.parse("/api/servers/a/b/players")).isInstanceOf(ApiPath.BadServerId.class);
        assertThat(ApiPath.parse("/api/servers//players")).isInstanceOf(ApiPath.BadServerId.class);
        assertThat(ApiPath.parse("/api/servers/" + "x".repeat(65) + "/players"))
                .isInstanceOf(ApiPath.BadServerId.class);
    }

    @Test
    void shouldNotMatchUnknownPaths() {
        assertThat(ApiPath.parse("/api")).isEqualTo(new ApiPath.Unknown());
        assertThat(ApiPath.parse("/api/servers/players")).isEqualTo(new ApiPath.Unknown());
        assertThat(ApiPath.parse("/api/servers/a/tiles")).isEqualTo(new ApiPath.Unknown());
        assertThat(ApiPath.parse(null)).isEqualTo(new ApiPath.Unknown());
    }

    @Test
    void shouldParseWebSocketQuery() {
        assertThat(WsQuery.parse(List.of())).contains(new WsQuery(null));
        assertThat(WsQuery.parse(List.of("s1"))).contains(new WsQuery("s1"));
        assertThat(WsQuery.parse(List.of("../x"))).isEmpty();
        assertThat(WsQuery.parse(List.of(""))).isEmpty();
        assertThat(WsQuery.parse(List.of("a", "b"))).isEmpty();
        assertThat(new WsQuery("s1").serverFilter()).accepts("s1").rejects("s2");
        assertThat(new WsQuery(null).serverFilter()).accepts("s1", "s2");
    }
}
