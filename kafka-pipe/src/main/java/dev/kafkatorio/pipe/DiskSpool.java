package dev.kafkatorio.pipe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded, append-only spool of records in segment files, so that packets survive a Kafka outage
 * and a crash (also kill -9) of kafka-pipe.
 *
 * <p>Files in the spool directory:
 *
 * <ul>
 *   <li>{@code <first index, 20 digits>.spool}: segments. Each record is {@code int length, int
 *       crc32c(payload), payload} with payload {@code long index, long receivedAt, long gap, short n,
 *       n bytes session, int m (-1 = none), m bytes framing error, int k, k bytes value} (big endian,
 *       UTF-8). A segment is rolled at {@link #segmentBytes}; a segment whose records are all
 *       acknowledged is deleted.
 *   <li>{@code acked}: the index of the last record Kafka acknowledged ({@code long} + {@code int
 *       crc32c}), replaced atomically.
 * </ul>
 *
 * <p>Appends are positional writes into the page cache, from the reader thread, never waiting on
 * Kafka. A background thread fsyncs the segment being written every {@code fsyncMillis} (and each
 * rolled segment once) and writes the ack file. So kill -9 loses nothing (the page cache survives the
 * process); a power loss can lose the records of the last {@code fsyncMillis}, and an ack file that is
 * behind only causes duplicates. On open, a torn or corrupt tail (bad length or CRC) is truncated.
 */
final class DiskSpool implements Spool {

    private static final Logger LOG = LoggerFactory.getLogger(DiskSpool.class);
    private final RateLimitedWarn writeWarn = new RateLimitedWarn(LOG, "Spool writes failed (packets dropped)", 10_000);
    private long writeFailures; // guarded by lock
    static final String SEGMENT_SUFFIX = ".spool";
    static final String ACK_FILE = "acked";
    private static final int HEADER = 8;
    private static final int MAX_RECORD = 8 << 20;

    private final Path dir;
    private final long maxBytes;
    private final long segmentBytes;
    private final Object lock = new Object();
    private final TreeMap<Long, Segment> segments = new TreeMap<>();
    private final ScheduledExecutorService syncer;
    private final AtomicLong corruptBytes = new AtomicLong();
    private ByteBuffer encodeBuf = ByteBuffer.allocate(64 * 1024);

    // guarded by lock
    private Segment head;
    private long nextIndex;
    private long diskBytes;
    private volatile long ackedIndex;
    private volatile boolean dirty;
    private long persistedAck = -1;
    private volatile boolean closed;

    // sender thread only
    private Segment readSegment;
    private long readPos;
    private long readIndex;
    private ByteBuffer readBuf = ByteBuffer.allocate(64 * 1024);

    /** Opens (and recovers) the spool in {@code dir}. */
    DiskSpool(Path dir, long maxBytes, long fsyncMillis) {
        this(dir, maxBytes, defaultSegmentBytes(maxBytes), fsyncMillis);
    }

    DiskSpool(Path dir, long maxBytes, long segmentBytes, long fsyncMillis) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.segmentBytes = segmentBytes;
        try {
            Files.createDirectories(dir);
            recover();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the spool in " + dir, e);
        }
        this.syncer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kafka-pipe-spool-sync");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(10, fsyncMillis);
        syncer.scheduleWithFixedDelay(this::sync, period, period, TimeUnit.MILLISECONDS);
    }

    /** Segments of 1/8 of the capacity (so that freeing space is not too coarse), 64 KiB to 64 MiB. */
    static long defaultSegmentBytes(long maxBytes) {
        return Math.max(64 * 1024, Math.min(64L << 20, maxBytes / 8));
    }

    /** Bytes of corrupt records cut off when the spool was opened. */
    long corruptBytesAtOpen() {
        return corruptBytes.get();
    }

    @Override
    public boolean durable() {
        return true;
    }

    @Override
    public boolean tryAppend(OutboundPacket packet) {
        return append(packet, false);
    }

    @Override
    public void forceAppend(OutboundPacket packet) {
        append(packet, true);
    }

    private boolean append(OutboundPacket p, boolean force) {
        synchronized (lock) {
            if (closed) {
                return false;
            }
            ByteBuffer record = encode(nextIndex, p);
            int size = record.remaining();
            if (!force && diskBytes + size > maxBytes) {
                return false;
            }
            try {
                if (head.size > 0 && head.size + size > segmentBytes) {
                    roll();
                }
                long pos = head.size;
                while (record.hasRemaining()) {
                    pos += head.channel.write(record, pos);
                }
            } catch (IOException e) {
                // a full or failing disk: the packet is dropped (and counted by the caller), never blocking
                writeWarn.event(++writeFailures, dir + ": " + e);
                return false;
            }
            head.size += size;
            head.lastIndex = nextIndex;
            nextIndex++;
            diskBytes += size;
            dirty = true;
            lock.notifyAll();
            return true;
        }
    }

    private ByteBuffer encode(long index, OutboundPacket p) {
        byte[] session = p.session().getBytes(StandardCharsets.UTF_8);
        byte[] fe = p.framingError() == null ? null : p.framingError().getBytes(StandardCharsets.UTF_8);
        int payload = 8 + 8 + 8 + 2 + session.length + 4 + (fe == null ? 0 : fe.length) + 4 + p.value().length;
        if (encodeBuf.capacity() < HEADER + payload) {
            encodeBuf = ByteBuffer.allocate(HEADER + payload);
        }
        ByteBuffer b = encodeBuf.clear();
        b.position(HEADER);
        b.putLong(index).putLong(p.receivedAt()).putLong(p.gap());
        b.putShort((short) session.length).put(session);
        if (fe == null) {
            b.putInt(-1);
        } else {
            b.putInt(fe.length).put(fe);
        }
        b.putInt(p.value().length).put(p.value());
        CRC32C crc = new CRC32C();
        crc.update(b.array(), HEADER, payload);
        b.putInt(0, payload).putInt(4, (int) crc.getValue());
        return b.flip();
    }

    private static Spooled decode(ByteBuffer payload) {
        long index = payload.getLong();
        long receivedAt = payload.getLong();
        long gap = payload.getLong();
        byte[] session = new byte[payload.getShort() & 0xffff];
        payload.get(session);
        int feLength = payload.getInt();
        String fe = null;
        if (feLength >= 0) {
            byte[] b = new byte[feLength];
            payload.get(b);
            fe = new String(b, StandardCharsets.UTF_8);
        }
        byte[] value = new byte[payload.getInt()];
        payload.get(value);
        return new Spooled(index, new OutboundPacket(new String(session, StandardCharsets.UTF_8), receivedAt, value, fe, gap));
    }

    private void roll() throws IOException {
        Segment old = head;
        head = openSegment(nextIndex, true);
        segments.put(head.firstIndex, head);
        syncer.execute(() -> force(old)); // the rolled segment is fsynced once, off the reader thread
    }

    private Segment openSegment(long firstIndex, boolean create) throws IOException {
        Path path = dir.resolve(String.format("%020d%s", firstIndex, SEGMENT_SUFFIX));
        FileChannel ch = create
                ? FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE)
                : FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        return new Segment(path, firstIndex, ch);
    }

    @Override
    public Spooled next(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            Segment seg;
            long limit;
            synchronized (lock) {
                while (readIndex >= nextIndex) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0 || closed) {
                        return null;
                    }
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                }
                if (readSegment == null || readIndex > readSegment.lastIndex || !segments.containsKey(readSegment.firstIndex)) {
                    Map.Entry<Long, Segment> e = segments.floorEntry(readIndex);
                    if (e == null || readIndex > e.getValue().lastIndex) {
                        Map.Entry<Long, Segment> higher = segments.higherEntry(readIndex);
                        if (higher == null) {
                            readIndex = nextIndex; // nothing readable (cannot happen unless files vanished)
                            continue;
                        }
                        LOG.warn("Spool records {} to {} are missing (corrupt or deleted); skipping them",
                                readIndex, higher.getKey() - 1);
                        e = higher;
                        readIndex = higher.getKey();
                    }
                    readSegment = e.getValue();
                    readPos = 0;
                }
                seg = readSegment;
                limit = seg.size;
            }
            Spooled s = readAt(seg, limit);
            if (s == null) {
                // unreadable rest of a segment: move on to the next one
                synchronized (lock) {
                    readIndex = seg.lastIndex + 1;
                }
                continue;
            }
            if (s.index() >= readIndex) {
                readIndex = s.index() + 1;
                return s;
            }
            // before readIndex: skipping forward after a rewind
        }
    }

    /** Reads the record at readPos and advances readPos; null if it is unreadable. */
    private Spooled readAt(Segment seg, long limit) {
        try {
            if (readPos + HEADER > limit) {
                return null;
            }
            ByteBuffer h = ByteBuffer.allocate(HEADER);
            readFully(seg.channel, h, readPos);
            int length = h.getInt(0);
            int crc = h.getInt(4);
            if (length < 0 || length > MAX_RECORD || readPos + HEADER + length > limit) {
                return null;
            }
            if (readBuf.capacity() < length) {
                readBuf = ByteBuffer.allocate(length);
            }
            ByteBuffer payload = readBuf.clear().limit(length);
            readFully(seg.channel, payload, readPos + HEADER);
            CRC32C c = new CRC32C();
            c.update(payload.array(), 0, length);
            if ((int) c.getValue() != crc) {
                LOG.warn("Spool record at {}:{} fails its CRC; skipping the rest of the segment", seg.path, readPos);
                return null;
            }
            payload.flip();
            readPos += HEADER + length;
            return decode(payload);
        } catch (IOException e) {
            LOG.warn("Cannot read spool segment {}: {}", seg.path, e.toString());
            return null;
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        while (b.hasRemaining()) {
            int n = ch.read(b, pos);
            if (n < 0) {
                throw new IOException("unexpected end of " + ch);
            }
            pos += n;
        }
    }

    @Override
    public void acked(long index) {
        List<Segment> done = new ArrayList<>();
        synchronized (lock) {
            if (index <= ackedIndex) {
                return;
            }
            ackedIndex = index;
            while (!segments.isEmpty()) {
                Segment first = segments.firstEntry().getValue();
                if (first == head || first.lastIndex > index) {
                    break;
                }
                segments.pollFirstEntry();
                diskBytes -= first.size;
                done.add(first);
            }
        }
        for (Segment s : done) { // unlink outside the lock: the reader thread never waits for it
            s.closeQuietly();
            try {
                Files.deleteIfExists(s.path);
            } catch (IOException e) {
                LOG.warn("Cannot delete acknowledged spool segment {}: {}", s.path, e.toString());
            }
        }
    }

    @Override
    public void rewind() {
        synchronized (lock) {
            readIndex = ackedIndex + 1;
            readSegment = null;
        }
    }

    @Override
    public long depthRecords() {
        synchronized (lock) {
            return nextIndex - 1 - ackedIndex;
        }
    }

    @Override
    public long depthBytes() {
        synchronized (lock) {
            return diskBytes;
        }
    }

    long ackedIndex() {
        return ackedIndex;
    }

    long nextIndex() {
        synchronized (lock) {
            return nextIndex;
        }
    }

    /** fsyncs the segment being written if it changed, and writes the ack file if it moved. */
    private void sync() {
        try {
            Segment h;
            synchronized (lock) {
                h = head;
            }
            if (dirty && h != null) {
                dirty = false;
                force(h);
            }
            long acked = ackedIndex;
            if (acked != persistedAck) {
                writeAckFile(acked);
                persistedAck = acked;
            }
        } catch (RuntimeException e) {
            LOG.warn("Spool sync failed: {}", e.toString());
        }
    }

    private void force(Segment s) {
        try {
            s.channel.force(false);
        } catch (java.nio.channels.ClosedChannelException e) {
            // deleted after being acknowledged meanwhile
        } catch (IOException e) {
            LOG.warn("fsync of spool segment {} failed: {}", s.path, e.toString());
        }
    }

    private void writeAckFile(long acked) {
        ByteBuffer b = ByteBuffer.allocate(12).putLong(acked);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, 8);
        b.putInt((int) crc.getValue());
        Path tmp = dir.resolve(ACK_FILE + ".tmp");
        try {
            Files.write(tmp, b.array());
            try {
                Files.move(tmp, dir.resolve(ACK_FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, dir.resolve(ACK_FILE), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            LOG.warn("Cannot write the spool ack file in {}: {}", dir, e.toString());
        }
    }

    private long readAckFile() {
        Path f = dir.resolve(ACK_FILE);
        if (!Files.exists(f)) {
            return 0;
        }
        try {
            byte[] b = Files.readAllBytes(f);
            if (b.length == 12) {
                CRC32C crc = new CRC32C();
                crc.update(b, 0, 8);
                ByteBuffer bb = ByteBuffer.wrap(b);
                long acked = bb.getLong();
                if (bb.getInt() == (int) crc.getValue() && acked >= 0) {
                    return acked;
                }
            }
            LOG.warn("Spool ack file {} is corrupt; everything in the spool is sent again (duplicates)", f);
        } catch (IOException e) {
            LOG.warn("Cannot read spool ack file {}: {}; everything in the spool is sent again", f, e.toString());
        }
        return 0;
    }

    private void recover() throws IOException {
        ackedIndex = readAckFile();
        persistedAck = ackedIndex;
        List<Long> firsts = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = p.getFileName().toString();
                if (name.endsWith(SEGMENT_SUFFIX)) {
                    try {
                        firsts.add(Long.parseLong(name.substring(0, name.length() - SEGMENT_SUFFIX.length())));
                    } catch (NumberFormatException e) {
                        LOG.warn("Ignoring unexpected file {} in the spool", p);
                    }
                }
            }
        }
        firsts.sort(null);
        long next = ackedIndex + 1;
        for (long first : firsts) {
            Segment s = openSegment(first, false);
            scan(s);
            next = Math.max(next, s.lastIndex + 1);
            if (s.lastIndex <= ackedIndex && s.lastIndex >= s.firstIndex) {
                s.closeQuietly();
                Files.deleteIfExists(s.path);
                continue;
            }
            segments.put(first, s);
            diskBytes += s.size;
        }
        nextIndex = Math.max(1, next);
        Segment last = segments.isEmpty() ? null : segments.lastEntry().getValue();
        if (last != null && last.size < segmentBytes && last.lastIndex == nextIndex - 1) {
            head = last;
        } else {
            head = openSegment(nextIndex, true);
            segments.put(head.firstIndex, head);
        }
        readIndex = ackedIndex + 1;
        long pending = nextIndex - 1 - ackedIndex;
        if (pending > 0) {
            LOG.info("Spool {}: {} records ({} bytes) not yet acknowledged by Kafka from an earlier run; sending them first",
                    dir, pending, diskBytes);
        }
    }

    /** Finds the valid records of a segment; cuts off a torn or corrupt tail. */
    private void scan(Segment s) throws IOException {
        long size = s.channel.size();
        long pos = 0;
        long expected = s.firstIndex;
        ByteBuffer h = ByteBuffer.allocate(HEADER);
        while (pos + HEADER <= size) {
            h.clear();
            readFully(s.channel, h, pos);
            int length = h.getInt(0);
            if (length < 0 || length > MAX_RECORD || pos + HEADER + length > size) {
                break;
            }
            ByteBuffer payload = ByteBuffer.allocate(length);
            readFully(s.channel, payload, pos + HEADER);
            CRC32C c = new CRC32C();
            c.update(payload.array(), 0, length);
            if ((int) c.getValue() != h.getInt(4) || payload.getLong(0) != expected) {
                break;
            }
            pos += HEADER + length;
            expected++;
        }
        if (pos < size) {
            LOG.warn("Spool segment {}: cut off {} bytes of a torn or corrupt tail after record {}", s.path, size - pos,
                    expected - 1);
            corruptBytes.addAndGet(size - pos);
            s.channel.truncate(pos);
        }
        s.size = pos;
        s.lastIndex = expected - 1;
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            lock.notifyAll();
        }
        syncer.shutdown();
        try {
            syncer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        dirty = true;
        sync();
        synchronized (lock) {
            for (Segment s : segments.values()) {
                s.closeQuietly();
            }
            if (head != null && head.size == 0) {
                try {
                    Files.deleteIfExists(head.path);
                } catch (IOException e) {
                    LOG.debug("Cannot delete empty segment {}", head.path);
                }
            }
        }
    }

    /** One segment file. */
    private static final class Segment {
        final Path path;
        final long firstIndex;
        final FileChannel channel;
        volatile long size;
        volatile long lastIndex;

        Segment(Path path, long firstIndex, FileChannel channel) {
            this.path = path;
            this.firstIndex = firstIndex;
            this.channel = channel;
            this.lastIndex = firstIndex - 1;
        }

        void closeQuietly() {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing to do
            }
        }
    }
}
