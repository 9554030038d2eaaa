package dev.kafkatorio.flink.map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.Base64;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

class GameChartDecoderTest {

    private static String encode(byte[] data, boolean raw) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, raw);
        deflater.setInput(data);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        while (!deflater.finished()) {
            out.write(buf, 0, deflater.deflate(buf));
        }
        deflater.end();
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }

    private static byte[] sample() {
        byte[] data = new byte[2048];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31 + 7);
        }
        return data;
    }

    @Test
    void shouldInflateZlibAsTheGameEncodesIt() {
        assertThat(GameChartDecoder.inflate(encode(sample(), false))).isEqualTo(sample());
    }

    @Test
    void shouldFallBackToRawDeflate() {
        assertThat(GameChartDecoder.inflate(encode(sample(), true))).isEqualTo(sample());
    }

    @Test
    void shouldRejectWrongSizesAndGarbage() {
        assertThatThrownBy(() -> GameChartDecoder.inflate(encode(new byte[2047], false)))
                .hasMessageContaining("2047 bytes");
        assertThatThrownBy(() -> GameChartDecoder.inflate(encode(new byte[1 << 20], false)))
                .hasMessageContaining("more than 2048");
        assertThatThrownBy(() -> GameChartDecoder.inflate("not base64 !!"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GameChartDecoder.inflate(Base64.getEncoder().encodeToString(new byte[] {1, 2, 3})))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldExpandRgb565ByBitReplication() {
        assertThat(GameChartDecoder.rgb565ToRgb(0x0000)).isEqualTo(0x000000);
        assertThat(GameChartDecoder.rgb565ToRgb(0xFFFF)).isEqualTo(0xFFFFFF);
        assertThat(GameChartDecoder.rgb565ToRgb(0xF800)).isEqualTo(0xFF0000);
        assertThat(GameChartDecoder.rgb565ToRgb(0x07E0)).isEqualTo(0x00FF00);
        assertThat(GameChartDecoder.rgb565ToRgb(0x001F)).isEqualTo(0x0000FF);
        // water #33535f truncated to 565 is r=6, g=20, b=11 → 49, 81, 90 (within 7 of the prototype colour)
        int water565 = 6 << 11 | 20 << 5 | 11;
        assertThat(GameChartDecoder.rgb565ToRgb(water565)).isEqualTo(49 << 16 | 81 << 8 | 90);
    }

    @Test
    void shouldReadLittleEndianPixelsRowByRow() {
        byte[] data = new byte[2048];
        data[2 * 32] = 0x1F; // pixel (0,1) = 0x001F blue
        int[] rgb = GameChartDecoder.toRgb(data);
        assertThat(rgb[32]).isEqualTo(0x0000FF);
        assertThat(rgb[0]).isZero();
    }
}
