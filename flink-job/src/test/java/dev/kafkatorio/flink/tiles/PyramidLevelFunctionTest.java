package dev.kafkatorio.flink.tiles;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafkatorio.flink.map.ChunkTiles;
import dev.kafkatorio.flink.map.ColorTable;
import dev.kafkatorio.flink.map.MapTestData;
import dev.kafkatorio.flink.map.TileRenderer;
import dev.kafkatorio.protocol.WsMessages.Layer;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The whole chain z=2 … z=-6 as harnesses wired together, as the topology wires the operators. */
class PyramidLevelFunctionTest {

    private final List<KeyedOneInputStreamOperatorTestHarness<String, TileImage, TileImage>> levels = new ArrayList<>();
    private final List<TileImage> emitted = new ArrayList<>();
    private long now = 1_000;

    @BeforeEach
    void setUp() throws Exception {
        for (int z = 2; z >= -6; z--) {
            var h = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                    new PyramidLevelFunction(z), new TileKeys.ByParent(), Types.STRING);
            h.setProcessingTime(now);
            levels.add(h);
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        for (var h : levels) {
            h.close();
        }
    }

    /** Feeds z=3 tiles, then lets time pass level by level, forwarding each level's output up. */
    private void feedAndSettle(TileImage... z3) throws Exception {
        for (TileImage t : z3) {
            levels.get(0).processElement(t, 0);
        }
        for (int i = 0; i < levels.size(); i++) {
            now += PyramidLevelFunction.COALESCE_MS;
            var h = levels.get(i);
            h.setProcessingTime(now);
            List<TileImage> out = h.extractOutputValues();
            h.getOutput().clear();
            emitted.addAll(out);
            if (i + 1 < levels.size()) {
                for (TileImage t : out) {
                    levels.get(i + 1).processElement(t, 0);
                }
            }
        }
    }

    private static TileImage chunk(int cx, int cy, String tile) {
        return new TileImage(Layer.TERRAIN, "s1", 1, 3, cx, cy, TileRenderer.renderTerrain(ChunkTiles.filled(tile), ColorTable.fallback()));
    }

    private static TileImage gone(int cx, int cy) {
        return new TileImage(Layer.TERRAIN, "s1", 1, 3, cx, cy, null);
    }

    private List<String> emittedKeys() {
        return emitted.stream().map(t -> t.tileKey().key()).toList();
    }

    @Test
    void shouldReRenderExactlyTheAncestorsOfAChangedChunk() throws Exception {
        feedAndSettle(chunk(-1, 2, "water"));

        assertThat(emittedKeys()).containsExactly(
                "s1/1/2/-1/1", "s1/1/1/-1/0", "s1/1/0/-1/0", "s1/1/-1/-1/0", "s1/1/-2/-1/0", "s1/1/-3/-1/0",
                "s1/1/-4/-1/0", "s1/1/-5/-1/0", "s1/1/-6/-1/0");
        // z=0 tile (-1,0) covers chunks -8..-1 × 0..7 at 32 px per chunk: chunk (-1,2) is px 224..255 × 64..95
        TileImage z0 = emitted.get(2);
        assertThat(TileRenderer.argbAt(z0.rgba(), 240, 80)).isEqualTo(0xFF000000 | MapTestData.tileHex("water"));
        assertThat(TileRenderer.argbAt(z0.rgba(), 200, 80) >>> 24).isZero(); // uncharted: transparent
    }

    @Test
    void shouldCoalesceSiblingsAndStopWhereNothingVisibleChanged() throws Exception {
        feedAndSettle(chunk(0, 0, "water"), chunk(1, 0, "water"), chunk(0, 1, "water"));
        assertThat(emitted).hasSize(9); // one render per level for three chunks
        emitted.clear();

        feedAndSettle(chunk(0, 0, "water")); // identical: nothing re-rendered
        assertThat(emitted).isEmpty();
    }

    @Test
    void shouldSendTombstonesUpTheChainAndEndWithNoStateOrTimers() throws Exception {
        feedAndSettle(chunk(0, 0, "water"), chunk(1, 0, "grass-1"));
        emitted.clear();

        feedAndSettle(gone(0, 0));
        assertThat(emitted).hasSize(9).noneMatch(TileImage::deleted); // (1,0) still there
        emitted.clear();

        feedAndSettle(gone(1, 0));
        assertThat(emitted).hasSize(9).allMatch(TileImage::deleted);
        for (var h : levels) {
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numProcessingTimeTimers()).isZero();
        }
    }
}
