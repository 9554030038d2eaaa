package dev.kafkatorio.local;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The snapshots a restarted stack can resume from: retained checkpoints ({@code
 * checkpoints/<job id>/chk-<n>/_metadata}) and savepoints taken on stop ({@code
 * savepoints/savepoint-*}/_metadata), both on disk under the data dir's {@code flink/}. The newest
 * whose metadata reads back completely wins; what is older is deleted once a newer one is chosen, so
 * the data dir holds at most the snapshot being restored plus the running job's own.
 */
final class RestorePoints {

    private static final Logger LOG = LoggerFactory.getLogger(RestorePoints.class);
    static final String METADATA = "_metadata";

    private RestorePoints() {}

    record Candidate(Path dir, FileTime written) {}

    /** Every snapshot dir with a metadata file, newest first. */
    static List<Candidate> candidates(Path checkpointsDir, Path savepointsDir) {
        List<Candidate> out = new ArrayList<>();
        if (Files.isDirectory(checkpointsDir)) {
            try (DirectoryStream<Path> jobs = Files.newDirectoryStream(checkpointsDir, Files::isDirectory)) {
                for (Path job : jobs) {
                    addWithMetadata(job, "chk-*", out);
                }
            } catch (IOException e) {
                LOG.warn("Cannot list {}: {}", checkpointsDir, e.toString());
            }
        }
        if (Files.isDirectory(savepointsDir)) {
            addWithMetadata(savepointsDir, "savepoint-*", out);
        }
        out.sort(Comparator.comparing(Candidate::written).reversed());
        return out;
    }

    private static void addWithMetadata(Path parent, String glob, List<Candidate> out) {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(parent, glob)) {
            for (Path d : dirs) {
                Path meta = d.resolve(METADATA);
                if (Files.isRegularFile(meta)) {
                    out.add(new Candidate(d, Files.getLastModifiedTime(meta)));
                }
            }
        } catch (IOException e) {
            LOG.warn("Cannot list {}: {}", parent, e.toString());
        }
    }

    /**
     * The newest snapshot whose metadata is complete, deleting every older snapshot (and the job dirs
     * left empty). A snapshot whose metadata does not read back (a write cut by {@code kill -9}) is
     * skipped and deleted too.
     */
    static Optional<Path> latest(Path checkpointsDir, Path savepointsDir) {
        Path chosen = null;
        for (Candidate c : candidates(checkpointsDir, savepointsDir)) {
            if (chosen == null) {
                if (readable(c.dir())) {
                    chosen = c.dir();
                } else {
                    LOG.warn("Skipping the incomplete snapshot {}", c.dir());
                    Scratch.deleteRecursively(c.dir());
                }
            } else {
                LOG.info("Deleting the older snapshot {}", c.dir());
                Scratch.deleteRecursively(c.dir());
            }
        }
        deleteJobDirsWithoutSnapshots(checkpointsDir, chosen);
        return Optional.ofNullable(chosen);
    }

    static boolean readable(Path snapshotDir) {
        try (InputStream in = Files.newInputStream(snapshotDir.resolve(METADATA));
                DataInputStream data = new DataInputStream(in)) {
            Checkpoints.loadCheckpointMetadata(data, RestorePoints.class.getClassLoader(), snapshotDir.toString());
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.debug("unreadable snapshot metadata in {}", snapshotDir, e);
            return false;
        }
    }

    private static void deleteJobDirsWithoutSnapshots(Path checkpointsDir, Path keep) {
        if (!Files.isDirectory(checkpointsDir)) {
            return;
        }
        try (DirectoryStream<Path> jobs = Files.newDirectoryStream(checkpointsDir, Files::isDirectory)) {
            for (Path job : jobs) {
                if (keep != null && keep.startsWith(job)) {
                    continue;
                }
                Scratch.deleteRecursively(job);
            }
        } catch (IOException e) {
            LOG.warn("Cannot clean {}: {}", checkpointsDir, e.toString());
        }
    }
}
