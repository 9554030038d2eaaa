package dev.kafkatorio.flink.map;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class PngEncoderTest {

    @Test
    void shouldEncodeTheSamePixelsToTheSameBytes() {
        byte[] rgba = TileRenderer.renderTerrain(MapTestData.noisyChunk(3, true), ColorTable.fallback());

        byte[] first = PngEncoder.encode(rgba);
        byte[] second = PngEncoder.encode(rgba.clone());

        assertThat(first).isEqualTo(second);
        assertThat(PngEncoder.contentHash(first)).isEqualTo(PngEncoder.contentHash(second)).matches("[0-9a-f]{32}");
    }

    @Test
    void shouldKeepColoursAndTransparency() throws Exception {
        byte[][] children = new byte[4][];
        children[3] = TileRenderer.renderTerrain(ChunkTiles.filled("water"), ColorTable.fallback());
        byte[] rgba = Downsampler.downsample(children);

        BufferedImage image = ImageIO.read(new ByteArrayInputStream(PngEncoder.encode(rgba)));

        assertThat(image.getWidth()).isEqualTo(256);
        assertThat(image.getRGB(0, 0) >>> 24).isZero(); // uncharted: fully transparent
        assertThat(image.getRGB(200, 200)).isEqualTo(0xFF000000 | MapTestData.tileHex("water"));
    }

    @Test
    void shouldHashTheFirst16BytesOfSha256() {
        // SHA-256("") = e3b0c44298fc1c149afbf4c8996fb924 27ae41e4...
        assertThat(PngEncoder.contentHash(new byte[0])).isEqualTo("e3b0c44298fc1c149afbf4c8996fb924");
    }
}
