package dev.kafkatorio.flink.map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kafkatorio.protocol.ChunkTerrain;
import dev.kafkatorio.protocol.TileChanges;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkCodecTest {

    private static void assertSameCells(ChunkTiles a, ChunkTiles b) {
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                assertThat(b.tile(x, y)).as("tile %d,%d", x, y).isEqualTo(a.tile(x, y));
                assertThat(b.ore(x, y)).as("ore %d,%d", x, y).isEqualTo(a.ore(x, y));
                assertThat(b.oreAmount(x, y)).isEqualTo(a.oreAmount(x, y));
            }
        }
    }

    @Test
    void shouldRoundTripANoisyChunkWithOre() {
        ChunkTiles chunk = MapTestData.noisyChunk(7, true);

        byte[] bytes = ChunkCodec.encode(chunk);
        ChunkTiles back = ChunkCodec.decode(bytes);

        assertSameCells(chunk, back);
        assertThat(ChunkCodec.encode(back)).isEqualTo(bytes); // canonical
    }

    @Test
    void shouldKeepATypicalNoisyChunkUnder500Bytes() {
        for (long seed = 1; seed <= 20; seed++) {
            assertThat(ChunkCodec.encode(MapTestData.noisyChunk(seed, false))).as("seed %d", seed).hasSizeLessThanOrEqualTo(500);
        }
        assertThat(ChunkCodec.encode(ChunkTiles.filled("water"))).hasSize(13); // version, palette, one run, no ores
    }

    @Test
    void shouldExpandTheProtocolsRunsAndOres() {
        ChunkTerrain terrain = new ChunkTerrain(
                1, -1, 2, "h", new String[] {"grass-1", "water"}, new int[] {0, 1000, 1, 24},
                new String[] {"iron-ore"}, new long[] {0, 4, 7, 1200, 0, 5, 7, 900});

        ChunkTiles chunk = ChunkTiles.of(terrain);

        assertThat(chunk.tile(0, 0)).isEqualTo("grass-1");
        assertThat(chunk.tile(7, 31)).isEqualTo("grass-1"); // cell 999
        assertThat(chunk.tile(8, 31)).isEqualTo("water"); // cell 1000
        assertThat(chunk.ore(4, 7)).isEqualTo("iron-ore");
        assertThat(chunk.oreAmount(5, 7)).isEqualTo(900);
        assertThat(chunk.ore(6, 7)).isNull();
        assertSameCells(chunk, ChunkCodec.decode(ChunkCodec.encode(chunk)));
    }

    @Test
    void shouldApplyTileChangesInsideTheChunkOnly() {
        ChunkTiles chunk = ChunkTiles.filled("grass-1");
        // chunk (-1, 2) spans tiles x -32..-1, y 64..95
        TileChanges changes = new TileChanges(
                1, new String[] {"stone-path", "concrete"}, new int[] {-32, 64, 0, -1, 95, 1, 0, 64, 1, -1, 95, 1});
        byte[] before = ChunkCodec.encode(chunk);

        assertThat(chunk.apply(-1, 2, changes)).isTrue();

        assertThat(chunk.tile(0, 0)).isEqualTo("stone-path");
        assertThat(chunk.tile(31, 31)).isEqualTo("concrete");
        assertThat(chunk.tile(1, 0)).isEqualTo("grass-1");
        byte[] after = ChunkCodec.encode(chunk);
        assertThat(after).isNotEqualTo(before);
        assertSameCells(chunk, ChunkCodec.decode(after));
        assertThat(chunk.apply(-1, 2, changes)).isFalse(); // already applied: nothing changes
    }

    @Test
    void shouldSplitTileChangesByChunk() {
        TileChanges changes = new TileChanges(3, new String[] {"concrete"}, new int[] {10, -3, 0, 40, 5, 0, 11, -3, 0});

        List<ChunkTiles.ChunkPart> parts = ChunkTiles.splitByChunk(changes);

        assertThat(parts).extracting(ChunkTiles.ChunkPart::cx, ChunkTiles.ChunkPart::cy)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, -1), org.assertj.core.groups.Tuple.tuple(1, 0));
        assertThat(parts.get(0).changes().tiles()).containsExactly(10, -3, 0, 11, -3, 0);
        assertThat(parts.get(0).changes().surface()).isEqualTo(3);
    }

    @Test
    void shouldRejectCorruptState() {
        assertThatThrownBy(() -> ChunkCodec.decode(new byte[] {9})).hasMessageContaining("version");
        byte[] bytes = ChunkCodec.encode(ChunkTiles.filled("water"));
        assertThatThrownBy(() -> ChunkCodec.decode(java.util.Arrays.copyOf(bytes, bytes.length - 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
