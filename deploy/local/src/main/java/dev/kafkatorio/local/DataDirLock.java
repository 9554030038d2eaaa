package dev.kafkatorio.local;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a data dir ({@code <dataDir>/.lock}, an OS file lock), so a second stack on the
 * same data dir refuses to start before it touches anything. The OS drops the lock when the process
 * dies, also on {@code kill -9}, so a stale lock file never blocks the next start. The file holds the
 * owner's pid, for the message.
 */
final class DataDirLock implements AutoCloseable {

    static final String FILE = ".lock";

    private final Path dataDir;
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(Path dataDir, FileChannel channel, FileLock lock) {
        this.dataDir = dataDir;
        this.channel = channel;
        this.lock = lock;
    }

    /** Thrown when another process (or another stack in this JVM) holds the data dir. */
    static final class InUseException extends IllegalStateException {
        InUseException(String message) {
            super(message);
        }
    }

    /**
     * Takes the lock or throws {@link InUseException} naming the holder's pid. Creates the data dir
     * and the lock file if they are missing, nothing else.
     */
    static DataDirLock acquire(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        Path file = dataDir.resolve(FILE);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by this JVM
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        if (lock == null) {
            String owner = readOwner(ch);
            ch.close();
            throw new InUseException("the data dir " + dataDir + " is in use by another Kafkatorio stack"
                    + (owner.isEmpty() ? "" : " (pid " + owner + ")")
                    + ": stop that one first, or give this one its own --data-dir");
        }
        try {
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            ch.force(false);
        } catch (IOException e) {
            lock.release();
            ch.close();
            throw e;
        }
        return new DataDirLock(dataDir, ch, lock);
    }

    /** True if some process holds the lock of {@code dataDir} (this JVM included). */
    static boolean isHeld(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock probe = ch.tryLock();
            if (probe == null) {
                return true;
            }
            probe.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        } catch (IOException e) {
            return true; // cannot tell: treat as held, never delete someone's files on a doubt
        }
    }

    private static String readOwner(FileChannel ch) {
        try {
            ByteBuffer buf = ByteBuffer.allocate(32);
            ch.read(buf, 0);
            return new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            return "";
        }
    }

    Path dataDir() {
        return dataDir;
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // the channel's close below releases it too
        }
        try {
            channel.close();
        } catch (IOException e) {
            // nothing left to do: the OS drops the lock with the process
        }
    }
}
