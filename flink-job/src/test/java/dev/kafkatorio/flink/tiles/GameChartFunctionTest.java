package dev.kafkatorio.flink.tiles;

import static dev.kafkatorio.flink.tiles.TileTestPackets.chart;
import static dev.kafkatorio.flink.tiles.TileTestPackets.deleted;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kafkatorio.flink.map.TileRenderer;
import dev.kafkatorio.flink.packets.DecodedPacket;
import dev.kafkatorio.protocol.WsMessages.Layer;
import java.io.ByteArrayOutputStream;
import java.util.Base64;
import java.util.zip.DeflaterOutputStream;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GameChartFunctionTest {

    private KeyedBroadcastOperatorTestHarness<String, ChunkEvent, DecodedPacket, TileImage> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                new GameChartFunction(), new TileKeys.ByChunk(), Types.STRING, MapControl.COLOURS);
        harness.setProcessingTime(1_000);
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    /** {@code helpers.encode_string} of a chart filled with one RGB565 value. */
    static String chartOf(int rgb565) throws Exception {
        byte[] raw = new byte[2048];
        for (int i = 0; i < raw.length; i += 2) {
            raw[i] = (byte) rgb565;
            raw[i + 1] = (byte) (rgb565 >> 8);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(out)) {
            z.write(raw);
        }
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }

    @Test
    void shouldRenderTheLatestChartOnceAndIgnoreBadOnes() throws Exception {
        harness.processElement(chart("s1", 2, -3, chartOf(0xF800)), 0);
        harness.processElement(chart("s1", 2, -3, "not a chart"), 0);
        harness.processElement(chart("s1", 2, -3, chartOf(0x001F)), 0);
        assertThat(harness.extractOutputValues()).isEmpty();

        harness.setProcessingTime(1_000 + GameChartFunction.COALESCE_MS);

        assertThat(harness.extractOutputValues()).singleElement().satisfies(t -> {
            assertThat(t.layer()).isEqualTo(Layer.CHART);
            assertThat(t.tileKey().key()).isEqualTo("s1/1/3/2/-3");
            assertThat(TileRenderer.argbAt(t.rgba(), 130, 7)).isEqualTo(0xFF0000FF);
        });
    }

    @Test
    void shouldDeleteTheChartWithItsChunk() throws Exception {
        harness.processElement(chart("s1", 0, 0, chartOf(0xFFFF)), 0);
        harness.setProcessingTime(2_000);

        harness.processElement(deleted("s1", 0, 0), 0);

        assertThat(harness.extractOutputValues()).hasSize(2).last().matches(TileImage::deleted);
        assertThat(TileTestPackets.keyedEntries(harness)).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();
    }
}
