package dev.kafkatorio.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RocksDB's working directory: on {@code /dev/shm} when it is writable with at least 1 GiB free (a
 * container's default 64 MiB would fill up), else under the data dir. Nothing in it is needed to
 * restore (checkpoints and savepoints are on disk under the data dir), so it is deleted on close and,
 * after a {@code kill -9}, at the next start.
 *
 * <p>Each scratch dir holds an {@code owner} file naming its data dir; a start deletes its own leftover
 * and every other {@code kafkatorio-*} scratch whose owner's data dir is no longer locked (a killed
 * stack's). A scratch of a running stack is never touched: its data dir's lock is held.
 */
final class Scratch {

    private static final Logger LOG = LoggerFactory.getLogger(Scratch.class);
    static final String PREFIX = "kafkatorio-";
    private static final String OWNER = "owner";

    private Scratch() {}

    /** Where the scratch of {@code dataDir} lives (not created). */
    static Path location(Path dataDir, Path ramDisk) {
        Path abs = dataDir.toAbsolutePath().normalize();
        try {
            if (ramDisk != null && Files.isDirectory(ramDisk) && Files.isWritable(ramDisk)
                    && Files.getFileStore(ramDisk).getUsableSpace() >= (1L << 30)) {
                return ramDisk.resolve(PREFIX + Integer.toHexString(abs.toString().hashCode()));
            }
        } catch (IOException e) {
            LOG.debug("{} not usable", ramDisk, e);
        }
        return abs.resolve("flink").resolve("scratch");
    }

    /**
     * Cleans up what killed runs left (ours and stale ones of other data dirs), then creates an empty
     * scratch for {@code dataDir}, whose lock the caller holds.
     */
    static Path prepare(Path dataDir, Path ramDisk) throws IOException {
        Path abs = dataDir.toAbsolutePath().normalize();
        Path scratch = location(abs, ramDisk);
        if (Files.exists(scratch)) {
            LOG.info("Deleting the scratch a previous run left in {}", scratch);
            deleteRecursively(scratch);
        }
        if (ramDisk != null && Files.isDirectory(ramDisk)) {
            deleteStale(ramDisk, abs);
        }
        Files.createDirectories(scratch);
        Files.writeString(scratch.resolve(OWNER), abs + "\n", StandardCharsets.UTF_8);
        return scratch;
    }

    private static void deleteStale(Path ramDisk, Path ourDataDir) {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(ramDisk, PREFIX + "*")) {
            for (Path dir : dirs) {
                Path ownerFile = dir.resolve(OWNER);
                if (!Files.isRegularFile(ownerFile)) {
                    continue; // not one of ours (or from a version without owner files): leave it
                }
                Path owner = Path.of(Files.readString(ownerFile, StandardCharsets.UTF_8).trim());
                if (!owner.equals(ourDataDir) && !DataDirLock.isHeld(owner)) {
                    LOG.info("Deleting the scratch {} of a stopped stack (data dir {})", dir, owner);
                    deleteRecursively(dir);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not look for stale scratch dirs in {}: {}", ramDisk, e.toString());
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("Could not delete {}: {}", dir, e.toString());
        }
    }

    /** Bytes used under {@code dir} (0 if missing), for the resource metrics. */
    static long sizeOf(Path dir) {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            return paths.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0;
        }
    }
}
