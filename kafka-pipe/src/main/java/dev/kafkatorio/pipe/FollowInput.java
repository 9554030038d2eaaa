package dev.kafkatorio.pipe;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a file the server's stdout is redirected into, like {@code tail -F}, as an endless {@link
 * InputStream} for {@link KafkaPipe#pump}: at EOF it polls; when the path names another file
 * (rotation: a new inode) it finishes the old file and continues at the start of the new one; when the
 * file shrinks (truncation, e.g. {@code > console.log}) it starts again at offset 0.
 *
 * <p>On every read it stores, at most every {@code checkpointMillis}, the position up to which the
 * pipe has handled the input (the start of the incomplete line; never while a multi-part packet is
 * pending), with the session id, so a restart resumes exactly there. Packets are in the spool before
 * the position that covers them is stored, so a crash re-reads (duplicates) but never skips.
 */
final class FollowInput extends InputStream {

    private static final Logger LOG = LoggerFactory.getLogger(FollowInput.class);

    /** What the pipe has handled, asked on the reader thread. */
    interface Progress {
        /** Bytes before the input position not yet safely handled; -1 if no position is safe now. */
        long unprocessedBytes();

        /** The current session id. */
        String session();
    }

    private final Path file;
    private final PositionFile positions;
    private final long pollMillis;
    private final long checkpointMillis;
    private Progress progress;
    private FileChannel channel;
    private String fileKey;
    private long offset;
    private long lastCheckpointNanos;
    private PositionFile.Position lastStored;
    private volatile boolean stopped;

    FollowInput(Path file, PositionFile positions, long pollMillis, long checkpointMillis) {
        this.file = file;
        this.positions = positions;
        this.pollMillis = pollMillis;
        this.checkpointMillis = checkpointMillis;
    }

    /** The position stored by an earlier run, to resume its session; null if none. */
    PositionFile.Position storedPosition() {
        return positions.load();
    }

    /** Connects the pipe whose progress decides the stored position. Call before reading. */
    void progress(Progress progress) {
        this.progress = progress;
    }

    /** Makes the next read return EOF (after storing the final position). Any thread. */
    void stop() {
        stopped = true;
    }

    static String fileKey(Path p) throws IOException {
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
        Object key = a.fileKey();
        // without inode numbers (not on Linux): the creation time tells a replaced file apart
        return key != null ? key.toString() : "created=" + a.creationTime().toMillis();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        checkpoint(false);
        while (true) {
            if (stopped) {
                checkpoint(true);
                return -1;
            }
            if (channel == null && !open()) {
                pause();
                continue;
            }
            int n = channel.read(ByteBuffer.wrap(b, off, len), offset);
            if (n > 0) {
                offset += n;
                return n;
            }
            if (switched()) {
                continue;
            }
            pause();
            checkpoint(false);
        }
    }

    /** Opens the file (at the stored position if it is the same file), false if it does not exist yet. */
    private boolean open() throws IOException {
        String key;
        try {
            key = fileKey(file);
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            return false;
        }
        fileKey = key;
        offset = 0;
        PositionFile.Position stored = lastStored == null ? positions.load() : null;
        if (stored != null) {
            long size = channel.size();
            if (!stored.fileKey().equals(key)) {
                LOG.warn("{} is another file than at the stored position ({} at {}): it was rotated while kafka-pipe was down; "
                        + "reading the new file from the start (lines the old one got after that position are not read)",
                        file, stored.fileKey(), stored.offset());
            } else if (stored.offset() > size) {
                LOG.warn("{} is shorter ({} bytes) than the stored position {}: it was truncated; reading from the start",
                        file, size, stored.offset());
            } else {
                offset = stored.offset();
                LOG.info("Following {} from the stored position {} (session {})", file, offset, stored.session());
            }
        } else {
            LOG.info("Following {} from the start", file);
        }
        lastStored = new PositionFile.Position(fileKey, offset, stored == null ? "" : stored.session());
        return true;
    }

    /** At EOF: whether the path now names another file or the file was truncated (then reading moves). */
    private boolean switched() throws IOException {
        String key;
        long size;
        try {
            key = fileKey(file);
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            return false; // rotated away, the new file not created yet: keep waiting on the old one
        }
        if (!key.equals(fileKey)) {
            // the writer may have written more to the old file before switching: drain it first
            if (channel.size() > offset) {
                return true;
            }
            LOG.info("{} was rotated ({} -> {}); continuing with the new file from its start", file, fileKey, key);
            channel.close();
            channel = FileChannel.open(file, StandardOpenOption.READ);
            fileKey = fileKey(file);
            offset = 0;
            return true;
        }
        if (size < offset) {
            LOG.warn("{} was truncated ({} bytes, was read up to {}); reading from the start", file, size, offset);
            offset = 0;
            return true;
        }
        return false;
    }

    private void pause() throws IOException {
        try {
            Thread.sleep(pollMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while following " + file);
        }
    }

    /** Stores the safe position if it moved (at most every checkpointMillis unless forced). */
    private void checkpoint(boolean force) {
        if (progress == null || fileKey == null) {
            return;
        }
        long now = System.nanoTime();
        if (!force && now - lastCheckpointNanos < checkpointMillis * 1_000_000L) {
            return;
        }
        lastCheckpointNanos = now;
        long unprocessed = progress.unprocessedBytes();
        if (unprocessed < 0 || unprocessed > offset) {
            return; // a multi-part packet pending, or a partial line from before a rotation
        }
        PositionFile.Position p = new PositionFile.Position(fileKey, offset - unprocessed, progress.session());
        if (p.equals(lastStored)) {
            return;
        }
        try {
            positions.store(p);
            lastStored = p;
        } catch (IOException e) {
            LOG.warn("Cannot store the follow position in {}: {}", positions.path(), e.toString());
        }
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
        }
    }
}
