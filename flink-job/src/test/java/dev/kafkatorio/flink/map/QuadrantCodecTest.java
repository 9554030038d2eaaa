package dev.kafkatorio.flink.map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class QuadrantCodecTest {

    private static byte[] terrainHalf() {
        return Downsampler.halve(TileRenderer.renderTerrain(MapTestData.noisyChunk(7, true), ColorTable.fallback()));
    }

    @Test
    void shouldRoundTripAndCompressFlatMapColours() {
        byte[] half = terrainHalf();

        byte[] packed = QuadrantCodec.encode(half);

        assertThat(packed.length).isLessThan(Downsampler.QUADRANT_BYTES / 8);
        assertThat(QuadrantCodec.decode(packed)).isEqualTo(half);
        assertThat(QuadrantCodec.encode(half.clone())).isEqualTo(packed); // deterministic
    }

    @Test
    void shouldKeepIncompressiblePixelsRawAndReadRawState() {
        byte[] noise = new byte[Downsampler.QUADRANT_BYTES];
        new Random(1).nextBytes(noise);

        assertThat(QuadrantCodec.encode(noise)).isEqualTo(noise);
        assertThat(QuadrantCodec.decode(noise)).isEqualTo(noise); // raw state written before the codec
    }

    @Test
    void shouldRejectCorruptBytes() {
        assertThatThrownBy(() -> QuadrantCodec.decode(new byte[] {1, 2, 3})).isInstanceOf(IllegalArgumentException.class);
    }
}
