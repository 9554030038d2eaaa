package dev.kafkatorio.flink.tiles;

import static dev.kafkatorio.flink.tiles.TileTestPackets.deleted;
import static dev.kafkatorio.flink.tiles.TileTestPackets.prototypes;
import static dev.kafkatorio.flink.tiles.TileTestPackets.surface;
import static dev.kafkatorio.flink.tiles.TileTestPackets.terrain;
import static dev.kafkatorio.flink.tiles.TileTestPackets.tileChange;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kafkatorio.flink.map.MapTestData;
import dev.kafkatorio.flink.map.TileRenderer;
import dev.kafkatorio.flink.packets.DecodedPacket;
import dev.kafkatorio.flink.surfaces.SurfaceEvent;
import dev.kafkatorio.protocol.WsMessages.Layer;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ChunkStateFunctionTest {

    private KeyedBroadcastOperatorTestHarness<String, ChunkEvent, DecodedPacket, TileImage> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                new ChunkStateFunction(), new TileKeys.ByChunk(), Types.STRING, MapControl.COLOURS);
        harness.setProcessingTime(1_000);
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private List<TileImage> out() {
        return harness.extractOutputValues();
    }

    private List<SurfaceEvent> surfaceEvents() {
        var q = harness.getSideOutput(ChunkStateFunction.SURFACE_CHUNKS);
        return q == null ? List.of() : q.stream().map(StreamRecord::getValue).toList();
    }

    private static int pixel(TileImage t, int x, int y) {
        return TileRenderer.argbAt(t.rgba(), x, y) & 0xFFFFFF;
    }

    @Test
    void shouldRenderABurstOfChangesOnceAfterTheCoalescingDelay() throws Exception {
        harness.processElement(terrain("s1", -1, 2, "grass-1"), 0);
        for (int i = 0; i < 50; i++) {
            harness.setProcessingTime(1_000 + i);
            harness.processElement(tileChange("s1", -1, 2, i % 32, i / 32, i % 2 == 0 ? "stone-path" : "concrete"), 0);
        }
        assertThat(out()).isEmpty();
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(1);

        harness.setProcessingTime(1_000 + ChunkStateFunction.COALESCE_MS);

        assertThat(out()).singleElement().satisfies(t -> {
            assertThat(t.layer()).isEqualTo(Layer.TERRAIN);
            assertThat(t.tileKey().key()).isEqualTo("s1/1/3/-1/2");
            assertThat(pixel(t, 0, 0)).isEqualTo(MapTestData.tileHex("stone-path"));
            assertThat(pixel(t, 8, 0)).isEqualTo(MapTestData.tileHex("concrete"));
            assertThat(pixel(t, 255, 255)).isEqualTo(MapTestData.tileHex("grass-1"));
        });
        assertThat(harness.numProcessingTimeTimers()).isZero();
        assertThat(surfaceEvents()).containsExactly(SurfaceEvent.chunkAdded("s1", 1, -1, 2));
    }

    @Test
    void shouldIgnoreAResentIdenticalChunkAndTileChangesBeforeTheChunk() throws Exception {
        harness.processElement(tileChange("s1", 0, 0, 1, 1, "concrete"), 0);
        harness.processElement(terrain("s1", 0, 0, "water"), 0);
        harness.setProcessingTime(2_000);
        harness.processElement(terrain("s1", 0, 0, "water"), 0);
        harness.setProcessingTime(3_000);

        assertThat(out()).hasSize(1);
        assertThat(pixel(out().get(0), 8, 8)).isEqualTo(MapTestData.tileHex("water"));
    }

    @Test
    void shouldClearStateAndEmitATombstoneWhenTheChunkIsDeleted() throws Exception {
        harness.processElement(terrain("s1", 3, 4, "grass-1"), 0);
        harness.setProcessingTime(2_000);
        harness.processElement(tileChange("s1", 3, 4, 0, 0, "concrete"), 0);
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(1);

        harness.processElement(deleted("s1", 3, 4), 0);

        assertThat(out()).hasSize(2).last().satisfies(t -> {
            assertThat(t.deleted()).isTrue();
            assertThat(t.tileKey().key()).isEqualTo("s1/1/3/3/4");
        });
        assertThat(TileTestPackets.keyedEntries(harness)).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();
        assertThat(surfaceEvents()).containsExactly(
                SurfaceEvent.chunkAdded("s1", 1, 3, 4), SurfaceEvent.chunkRemoved("s1", 1, 3, 4));
        harness.processElement(deleted("s1", 3, 4), 0); // again: nothing to delete
        assertThat(out()).hasSize(2);
    }

    @Test
    void shouldReRenderTheServersChunksWhenItsColoursChange() throws Exception {
        harness.processElement(terrain("s1", 0, 0, "grass-1"), 0);
        harness.processElement(terrain("s1", 1, 0, "water"), 0);
        harness.processElement(terrain("s2", 0, 0, "grass-1"), 0);
        harness.setProcessingTime(2_000);
        assertThat(out()).hasSize(3);

        harness.processBroadcastElement(prototypes("s1", "grass-1", "#010203"), 0);

        // only s1's grass chunk changes colour: water and the other server keep theirs
        assertThat(out()).hasSize(4).last().satisfies(t -> {
            assertThat(t.tileKey().key()).isEqualTo("s1/1/3/0/0");
            assertThat(pixel(t, 5, 5)).isEqualTo(0x010203);
        });
        harness.processBroadcastElement(prototypes("s1", "grass-1", "#010203"), 0); // same colours: nothing
        assertThat(out()).hasSize(4);

        harness.processElement(tileChange("s1", 1, 0, 0, 0, "grass-1"), 0);
        harness.setProcessingTime(3_000);
        assertThat(pixel(out().get(4), 0, 0)).isEqualTo(0x010203); // later renders use the new colours too
    }

    @Test
    void shouldDropEveryChunkOfADeletedSurface() throws Exception {
        harness.processElement(terrain("s1", 0, 0, "grass-1"), 0);
        harness.processElement(terrain("s1", 5, 5, "grass-1"), 0);
        harness.processElement(terrain("s2", 0, 0, "grass-1"), 0);
        harness.setProcessingTime(2_000);

        harness.processBroadcastElement(surface("s1", 1, "deleted"), 0);

        assertThat(out().subList(3, out().size()))
                .allMatch(TileImage::deleted)
                .extracting(t -> t.tileKey().key())
                .containsExactlyInAnyOrder("s1/1/3/0/0", "s1/1/3/5/5");
        assertThat(TileTestPackets.keyedEntries(harness)).isEqualTo(1); // s2's chunk
    }
}
