package dev.kafkatorio.flink.map;

import static dev.kafkatorio.flink.map.TileRenderer.argbAt;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DownsamplerTest {

    private static byte[] solid(int argb) {
        byte[] rgba = new byte[TileRenderer.RGBA_BYTES];
        for (int i = 0; i < rgba.length; i += 4) {
            set(rgba, i / 4 % 256, i / 4 / 256, argb);
        }
        return rgba;
    }

    private static void set(byte[] rgba, int x, int y, int argb) {
        int i = (y * 256 + x) * 4;
        rgba[i] = (byte) (argb >> 16);
        rgba[i + 1] = (byte) (argb >> 8);
        rgba[i + 2] = (byte) argb;
        rgba[i + 3] = (byte) (argb >>> 24);
    }

    @Test
    void shouldAverageEachTwoByTwoBlock() {
        byte[] child = solid(0xFF000000);
        set(child, 0, 0, 0xFF640000); // 100
        set(child, 1, 0, 0xFF0A0000); // 10
        set(child, 0, 1, 0xFF010000); // 1
        set(child, 1, 1, 0xFF020000); // 2 → mean 28.25 → 28
        set(child, 2, 0, 0xFF030000); // with 0,0,0 → 0.75 → 1

        byte[] half = Downsampler.halve(child);

        assertThat(half).hasSize(128 * 128 * 4);
        assertThat(half[0] & 0xFF).isEqualTo(28);
        assertThat(half[3] & 0xFF).isEqualTo(255);
        assertThat(half[4] & 0xFF).isEqualTo(1);
    }

    @Test
    void shouldNotLetTransparentPixelsDarkenColours() {
        byte[] child = new byte[TileRenderer.RGBA_BYTES];
        set(child, 0, 0, 0xFFC8C8C8);

        byte[] half = Downsampler.halve(child);

        assertThat(half[0] & 0xFF).isEqualTo(200);
        assertThat(half[3] & 0xFF).isEqualTo(64); // one opaque pixel of four
        assertThat(half[4 + 3]).isZero();
    }

    @Test
    void shouldPlaceChildrenInTheirQuadrantsAndLeaveMissingOnesTransparent() {
        byte[][] children = new byte[4][];
        children[Downsampler.quadrantOf(-1, 0)] = solid(0xFF102030); // x odd, y even → north-east
        children[Downsampler.quadrantOf(4, -3)] = solid(0xFF405060); // x even, y odd → south-west

        byte[] parent = Downsampler.downsample(children);

        assertThat(Downsampler.quadrantOf(-1, 0)).isEqualTo(1);
        assertThat(Downsampler.quadrantOf(4, -3)).isEqualTo(2);
        assertThat(argbAt(parent, 128, 0)).isEqualTo(0xFF102030);
        assertThat(argbAt(parent, 255, 127)).isEqualTo(0xFF102030);
        assertThat(argbAt(parent, 0, 128)).isEqualTo(0xFF405060);
        assertThat(argbAt(parent, 127, 255)).isEqualTo(0xFF405060);
        assertThat(argbAt(parent, 0, 0)).isZero();
        assertThat(argbAt(parent, 200, 200)).isZero();
    }
}
