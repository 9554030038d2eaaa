package dev.kafkatorio.flink.map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kafkatorio.protocol.EntityPrototype;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Entity codec, footprint splitting, colour resolution and rendering. */
class EntityDomainTest {

    private static final EntityColors COLOURS = EntityColors.of(EntityTestData.prototypes(), "player");

    private static int hex(String h) {
        return 0xFF000000 | Integer.parseInt(h.substring(1), 16);
    }

    // ---- codec ----

    @Test
    void shouldRoundTripAFactoryChunkCompactly() {
        ChunkEntitySet factory = EntityTestData.factoryChunk();
        byte[] bytes = EntityCodec.encode(factory, 0, 0);

        assertThat(EntityCodec.decode(bytes, 0, 0)).isEqualTo(factory);
        assertThat(EntityCodec.encode(EntityCodec.decode(bytes, 0, 0), 0, 0)).isEqualTo(bytes); // canonical
        System.out.printf("entity state of a factory chunk: %d entities, %d B (%.1f B per entity)%n",
                factory.size(), bytes.length, bytes.length / (double) factory.size());
        assertThat(bytes.length).isLessThan(12 * factory.size());
    }

    @Test
    void shouldRoundTripForeignFootprintsAndFarChunks() {
        ChunkEntitySet set = new ChunkEntitySet();
        set.put(ChunkEntity.of(7, "assembling-machine-2", "assembling-machine", -1000.5, 2000.5, 0, "player", "", 3, 3));
        set.put(ChunkEntity.of(0, "tree-01", "tree", -1025.3, 2047.99, 0, "", "", 1, 1));
        int cx = EntityFootprints.chunkOf(-1000.5);
        int cy = EntityFootprints.chunkOf(2000.5);

        assertThat(EntityCodec.decode(EntityCodec.encode(set, cx, cy), cx, cy)).isEqualTo(set);
        assertThatThrownBy(() -> EntityCodec.decode(new byte[] {9}, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldIdentifyUnitLessEntitiesByNameAndPosition() {
        assertThat(ChunkEntity.of(0, "tree-01", "tree", -20.5, 9.5, 0, "", "", 1, 1).id()).isEqualTo("tree-01@-5248,2432");
        assertThat(ChunkEntity.of(101, "transport-belt", "transport-belt", 1.5, 1.5, 0, "player", "", 1, 1).id()).isEqualTo("101");
    }

    // ---- footprints ----

    @Test
    void shouldSplitFootprintsAtChunkBorders() {
        assertThat(EntityFootprints.chunks(4.5, -7.5, 3, 3)).containsExactly(new int[] {0, -1});
        // 3×3 at x 30..33, y −1..2: four chunks
        assertThat(EntityFootprints.chunks(31.5, 0.5, 3, 3))
                .containsExactly(new int[] {0, -1}, new int[] {1, -1}, new int[] {0, 0}, new int[] {1, 0});
        // touching the border is not crossing it
        assertThat(EntityFootprints.chunks(31, 5, 2, 2)).containsExactly(new int[] {0, 0});
    }

    @Test
    void shouldSwapWidthAndHeightForEastAndWestFacingEntities() {
        assertThat(EntityFootprints.size(2, 3, 0)).containsExactly(2, 3);
        assertThat(EntityFootprints.size(2, 3, 4)).containsExactly(3, 2);
        assertThat(EntityFootprints.size(2, 3, 8)).containsExactly(2, 3);
        assertThat(EntityFootprints.size(2, 3, 12)).containsExactly(3, 2);
        assertThat(EntityFootprints.size(0, 0, 0)).containsExactly(1, 1);
        // a 2×3 at x=31 fits chunk 0 facing north, crosses into chunk 1 facing east
        int[] east = EntityFootprints.size(2, 3, 4);
        assertThat(EntityFootprints.chunks(31, 5, 2, 3)).hasSize(1);
        assertThat(EntityFootprints.chunks(31, 5, east[0], east[1])).containsExactly(new int[] {0, 0}, new int[] {1, 0});
    }

    // ---- colours ----

    @Test
    void shouldResolveColoursAsTheGamesChartDoes() {
        EntityColors c = EntityColors.of(new EntityPrototype[] {
            new EntityPrototype("my-belt", "transport-belt", 1, 1, "#010101", "#020202", "#030303"),
            new EntityPrototype("rock-big", "simple-entity", 2, 2, "#7a6a55", "", ""),
            new EntityPrototype("my-machine", "assembling-machine", 3, 3, "#040404", "", ""),
        }, "player");

        assertThat(c.color("my-belt", "transport-belt", "player")).isEqualTo(hex("#020202")); // friendly wins
        assertThat(c.color("my-belt", "transport-belt", "enemy")).isEqualTo(hex("#030303"));
        assertThat(c.color("my-machine", "assembling-machine", "player")).isEqualTo(hex("#040404")); // map_color
        assertThat(c.color("my-machine", "assembling-machine", "enemy")).isEqualTo(hex("#040404"));
        assertThat(c.color("transport-belt", "transport-belt", "player")).isEqualTo(hex("#cca147")); // chart by type
        assertThat(c.color("assembling-machine-2", "assembling-machine", "player")).isEqualTo(hex("#006191")); // default friendly
        assertThat(c.color("assembling-machine-2", "assembling-machine", "enemy")).isEqualTo(hex("#ff1a1a"));
        assertThat(c.color("straight-rail", "straight-rail", "player")).isEqualTo(hex("#8c8c8c"));
        assertThat(c.color("medium-electric-pole", "electric-pole", "player")).isEqualTo(hex("#009ea3"));
        assertThat(c.color("rock-big", "simple-entity", "neutral")).isEqualTo(hex("#7a6a55"));
        assertThat(c.color("cliff", "cliff", "neutral")).isEqualTo(hex("#907757")); // explicit in the colour file
        assertThat(c.color("tree-01", "tree", "")).isEqualTo(102 << 24 | 0x306330); // translucent tree colour
        assertThat(c.color("some-decoration", "simple-entity", "neutral")).isZero(); // not on the chart
        assertThat(EntityColors.of(null, "south").color("assembling-machine-2", "assembling-machine", "player"))
                .isEqualTo(hex("#ff1a1a")); // another viewing force sees "player" as an enemy
    }

    // ---- rendering ----

    private static int px(byte[] rgba, int x, int y) {
        return TileRenderer.argbAt(rgba, x, y);
    }

    @Test
    void shouldDrawAnAssemblersFootprintInItsColourWithADarkerOutline() {
        ChunkEntitySet set = new ChunkEntitySet();
        set.put(ChunkEntity.of(1, "assembling-machine-2", "assembling-machine", 4.5, 4.5, 0, "player", "", 3, 3));
        byte[] rgba = EntityRenderer.render(0, 0, set, COLOURS);

        int fill = hex("#006191");
        int edge = EntityRenderer.darker(fill);
        assertThat(px(rgba, 30, 30)).isEqualTo(fill);
        assertThat(px(rgba, 25, 46)).isEqualTo(fill);
        assertThat(px(rgba, 24, 30)).isEqualTo(edge);
        assertThat(px(rgba, 47, 47)).isEqualTo(edge);
        assertThat(px(rgba, 30, 24)).isEqualTo(edge);
        assertThat(px(rgba, 23, 30) >>> 24).isZero();
        assertThat(px(rgba, 48, 30) >>> 24).isZero();
        assertThat(edge).isEqualTo(0xFF00486C);
    }

    @Test
    void shouldMarkABeltsDirection() {
        ChunkEntitySet set = new ChunkEntitySet();
        set.put(ChunkEntity.of(1, "transport-belt", "transport-belt", 10.5, 3.5, 4, "player", "", 1, 1)); // east
        byte[] rgba = EntityRenderer.render(0, 0, set, COLOURS);

        int fill = hex("#cca147");
        int edge = EntityRenderer.darker(fill);
        // pixels 80..87 × 24..31, centre (84, 28): the line runs east of the centre only
        assertThat(px(rgba, 86, 28)).isEqualTo(edge);
        assertThat(px(rgba, 81, 28)).isEqualTo(fill);
        assertThat(px(rgba, 84, 25)).isEqualTo(fill);

        set.put(ChunkEntity.of(1, "transport-belt", "transport-belt", 10.5, 3.5, 0, "player", "", 1, 1)); // north
        byte[] north = EntityRenderer.render(0, 0, set, COLOURS);
        assertThat(px(north, 84, 25)).isEqualTo(edge);
        assertThat(px(north, 86, 28)).isEqualTo(fill);
    }

    @Test
    void shouldDrawABorderCrossingEntityOnBothChunks() {
        ChunkEntity machine = ChunkEntity.of(1, "assembling-machine-2", "assembling-machine", 31.5, 10.5, 0, "player", "", 3, 3);
        ChunkEntitySet set = new ChunkEntitySet();
        set.put(machine);
        int fill = hex("#006191");
        int edge = EntityRenderer.darker(fill);

        byte[] west = EntityRenderer.render(0, 0, set, COLOURS);
        byte[] east = EntityRenderer.render(1, 0, set, COLOURS);

        // pixels 240..263: the real edges are outlined, the chunk cut is not
        assertThat(px(west, 240, 84)).isEqualTo(edge);
        assertThat(px(west, 255, 84)).isEqualTo(fill);
        assertThat(px(east, 0, 84)).isEqualTo(fill);
        assertThat(px(east, 7, 84)).isEqualTo(edge);
        assertThat(px(east, 8, 84) >>> 24).isZero();
        assertThat(set.ownedBy(0, 0)).containsExactly(machine);
        assertThat(set.ownedBy(1, 0)).isEmpty();
    }

    @Test
    void shouldDrawTreesTranslucentAndDeterministically() {
        ChunkEntitySet set = new ChunkEntitySet();
        set.put(ChunkEntity.of(0, "tree-01", "tree", 0.5, 0.5, 0, "", "", 1, 1));
        byte[] a = EntityRenderer.render(0, 0, set, COLOURS);

        assertThat(px(a, 4, 4)).isEqualTo(102 << 24 | 0x306330);
        assertThat(px(a, 0, 0)).isEqualTo(102 << 24 | 0x306330); // no outline on nature
        assertThat(EntityRenderer.render(0, 0, EntityTestData.factoryChunk(), COLOURS))
                .isEqualTo(EntityRenderer.render(0, 0, EntityTestData.factoryChunk(), COLOURS));
        assertThat(List.of(a.length)).containsExactly(TileRenderer.RGBA_BYTES);
    }
}
