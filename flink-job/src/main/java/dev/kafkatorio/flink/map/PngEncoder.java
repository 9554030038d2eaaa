package dev.kafkatorio.flink.map;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Encodes RGBA tiles as PNG (8-bit RGBA, non-interlaced) with the JDK's ImageIO writer, which writes
 * no timestamp or other varying chunk: the same pixels always give the same bytes. Also the tile
 * content hash carried in the {@code kafkatorio.content-hash} header.
 */
public final class PngEncoder {

    static {
        ImageIO.setUseCache(false); // no temp files: tiles are encoded in memory
    }

    private PngEncoder() {}

    /** PNG bytes of a 256×256 RGBA tile. */
    public static byte[] encode(byte[] rgba) {
        int size = TileRenderer.PIXELS;
        if (rgba.length != TileRenderer.RGBA_BYTES) {
            throw new IllegalArgumentException("tile must be " + TileRenderer.RGBA_BYTES + " bytes, got " + rgba.length);
        }
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_4BYTE_ABGR);
        byte[] abgr = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < rgba.length; i += 4) {
            abgr[i] = rgba[i + 3];
            abgr[i + 1] = rgba[i + 2];
            abgr[i + 2] = rgba[i + 1];
            abgr[i + 3] = rgba[i];
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(8192);
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(COMPRESSION_QUALITY);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException("PNG encoding failed", e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /**
     * ImageIO's quality knob (1 = fastest, 0 = smallest). Tiles are flat 8×8 blocks that deflate well
     * even at fast levels.
     */
    static final float COMPRESSION_QUALITY = 0.75f;

    /** Lowercase hex of the first 16 bytes of the SHA-256 of {@code bytes}. */
    public static String contentHash(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
