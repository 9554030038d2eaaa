package dev.kafkatorio.tiles.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafkatorio.protocol.PlayerUpdate;
import dev.kafkatorio.protocol.ServerStatus;
import dev.kafkatorio.protocol.SurfaceUpdate;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LiveStateTest {

    private static SurfaceUpdate surface(String server, int index) {
        return new SurfaceUpdate(1, server, index, "n" + index, "planet", "n", 0, 0, 0, 0, 0);
    }

    @Test
    void shouldSnapshotServersThenSurfacesThenPlayersOfTheSubscribedServers() {
        LiveState s = new LiveState();
        s.putServer("a", new ServerStatus(1, "a", "x", 1, 1, 1, "m", "g"));
        s.putSurface(surface("a", 2));
        s.putSurface(surface("a", 1));
        s.putSurface(surface("b", 1));
        s.putPlayer("a", 1, new PlayerUpdate(1, "a", "x", 1, 1, 1, "p", "moved", 1, 0, 0, "#fff", true, 1));

        assertThat(s.snapshot("a"::equals, 5).stream().map(LiveMessage::key))
                .containsExactly("server:a", "surface:a/1", "surface:a/2", "player:a/1");
        s.removeSurface("a", 1);
        assertThat(s.surfaces("a")).containsExactly(surface("a", 2));
        s.clearSurfaces();
        assertThat(s.surfaceCount("a")).isZero();
    }

    @Test
    void shouldKnowServersFromSurfacesAndStoredTiles() {
        LiveState s = new LiveState();
        s.putSurface(surface("b", 1));
        s.setTileServers(Set.of("c"));
        assertThat(s.serverIds()).containsExactly("b", "c");
        assertThat(s.knows("c")).isTrue();
        assertThat(s.knows("d")).isFalse();
        s.setTileServers(Set.of());
        assertThat(s.knows("c")).isFalse();
    }
}
