package dev.kafkatorio.pipe;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The persisted read position of follow mode: which file (its key, e.g. {@code (dev=803,ino=1234)}),
 * the offset of the first byte not yet safely handled, and the session id at that point. Written as a
 * small properties file replaced atomically (write a temp file, rename).
 */
final class PositionFile {

    private static final Logger LOG = LoggerFactory.getLogger(PositionFile.class);

    /** A read position. */
    record Position(String fileKey, long offset, String session) {}

    private final Path path;

    PositionFile(Path path) {
        this.path = path;
    }

    Path path() {
        return path;
    }

    /** The stored position, or {@code null} if there is none (or it is unreadable: then WARN). */
    Position load() {
        if (!Files.exists(path)) {
            return null;
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            p.load(r);
            String key = p.getProperty("file-key");
            long offset = Long.parseLong(p.getProperty("offset", "-1"));
            String session = p.getProperty("session");
            if (key == null || offset < 0 || session == null || session.isBlank()) {
                throw new IOException("incomplete");
            }
            return new Position(key, offset, session);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Position file {} is unreadable ({}); starting without it", path, e.toString());
            return null;
        }
    }

    /** Replaces the stored position (atomically where the file system can). */
    void store(Position position) throws IOException {
        Path dir = path.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(path.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            w.write("# kafka-pipe follow position: the next byte to read of the file with this key\n");
            w.write("file-key=" + position.fileKey().replace("\\", "\\\\") + "\n");
            w.write("offset=" + position.offset() + "\n");
            w.write("session=" + position.session() + "\n");
        }
        try {
            Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
