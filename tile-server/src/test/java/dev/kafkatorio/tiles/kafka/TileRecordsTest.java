package dev.kafkatorio.tiles.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kafkatorio.protocol.SurfaceUpdate;
import dev.kafkatorio.protocol.TileKey;
import dev.kafkatorio.protocol.TopicJson;
import dev.kafkatorio.protocol.WsMessages.Layer;
import dev.kafkatorio.tiles.TestTiles;
import dev.kafkatorio.tiles.store.StoreBatch.SurfaceChange;
import dev.kafkatorio.tiles.store.StoreBatch.TileChange;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TileRecordsTest {

    private static final byte[] PNG = TestTiles.png(0x123456);
    private static final byte[] HASH = TestTiles.hash(PNG).getBytes(StandardCharsets.UTF_8);

    @Test
    void shouldReadATileAndATombstone() {
        TileChange t = TileRecords.tile(Layer.CHART, "s1/2/-6/-1/3", PNG, HASH, 7);
        assertThat(t.key()).isEqualTo(new TileKey("s1", 2, -6, -1, 3));
        assertThat(t.tile().etag()).isEqualTo(TestTiles.hash(PNG));
        assertThat(t.tile().png()).isSameAs(PNG);
        assertThat(t.tile().updatedAt()).isEqualTo(7);
        assertThat(TileRecords.tile(Layer.TERRAIN, "s1/2/0/0/0", null, null, 7).deleted()).isTrue();
    }

    @Test
    void shouldRejectMalformedTileRecords() {
        assertThatThrownBy(() -> TileRecords.tile(Layer.TERRAIN, "s1/2/0/0", PNG, HASH, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TileRecords.tile(Layer.TERRAIN, "s1/0/0/0/0", PNG, HASH, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TileRecords.tile(Layer.TERRAIN, "s1/1/9/0/0", PNG, HASH, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TileRecords.tile(Layer.TERRAIN, null, PNG, HASH, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TileRecords.tile(Layer.TERRAIN, "s1/1/0/0/0", PNG, null, 1))
                .hasMessageContaining("content-hash");
        assertThatThrownBy(() -> TileRecords.tile(Layer.TERRAIN, "s1/1/0/0/0", PNG,
                TestTiles.hash(PNG).toUpperCase().getBytes(StandardCharsets.UTF_8), 1))
                .hasMessageContaining("32 lowercase hex");
        assertThatThrownBy(() -> TileRecords.tile(Layer.TERRAIN, "s1/1/0/0/0", "not a png".getBytes(), HASH, 1))
                .hasMessageContaining("not a PNG");
    }

    @Test
    void shouldReadSurfacesAndRejectMismatches() {
        SurfaceUpdate u = new SurfaceUpdate(1, "s1", 3, "<script>", "platform", "", 0, 0, 0, 0, 0);
        SurfaceChange c = TileRecords.surface("s1/3", TopicJson.write(u));
        assertThat(c.update()).isEqualTo(u);
        assertThat(TileRecords.surface("s1/3", null).deleted()).isTrue();
        assertThatThrownBy(() -> TileRecords.surface("s1/4", TopicJson.write(u))).hasMessageContaining("s1/3");
        assertThatThrownBy(() -> TileRecords.surface("s1", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TileRecords.surface("s1/0", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TileRecords.surface("s1/x", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TileRecords.surface("s1/3", "{".getBytes())).isInstanceOf(IllegalArgumentException.class);
    }
}
