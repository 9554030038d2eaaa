package dev.kafkatorio.flink.surfaces;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafkatorio.protocol.SurfaceInfo;
import dev.kafkatorio.protocol.SurfaceUpdate;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SurfaceFunctionTest {

    private KeyedOneInputStreamOperatorTestHarness<String, SurfaceEvent, SurfaceRecord> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new SurfaceFunction(), new SurfaceFunction.BySurface(), Types.STRING);
        harness.setProcessingTime(1_000);
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private static SurfaceEvent info(String event) {
        return SurfaceEvent.of("s1", new SurfaceInfo(1, "nauvis", "planet", "nauvis", event));
    }

    @Test
    void shouldCountChunksGrowBoundsAndThrottleToOnePerSecond() throws Exception {
        harness.processElement(info("snapshot"), 0);
        harness.processElement(SurfaceEvent.chunkAdded("s1", 1, -2, 3), 0);
        harness.processElement(SurfaceEvent.chunkAdded("s1", 1, 4, -1), 0);
        harness.processElement(SurfaceEvent.chunkRemoved("s1", 1, 4, -1), 0);
        assertThat(harness.extractOutputValues()).hasSize(1);
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(1);

        harness.setProcessingTime(2_000);

        assertThat(harness.extractOutputValues()).hasSize(2).last()
                .extracting(SurfaceRecord::update)
                .isEqualTo(new SurfaceUpdate(1, "s1", 1, "nauvis", "planet", "nauvis", 1, -2, -1, 4, 3));
        assertThat(harness.numProcessingTimeTimers()).isZero();
    }

    @Test
    void shouldEmitATombstoneAndForgetTheSurfaceWhenDeleted() throws Exception {
        harness.processElement(info("created"), 0);
        harness.processElement(SurfaceEvent.chunkAdded("s1", 1, 0, 0), 0);

        harness.processElement(info("deleted"), 0);
        harness.processElement(SurfaceEvent.chunkRemoved("s1", 1, 0, 0), 0); // late -1: ignored

        assertThat(harness.extractOutputValues()).last().satisfies(r -> {
            assertThat(r.update()).isNull();
            assertThat(r.server()).isEqualTo("s1");
        });
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();
    }
}
