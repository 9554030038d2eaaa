package dev.kafkatorio.pipe;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * The spool without {@code --spool-dir}: a bounded in-memory queue of at most {@code capacity}
 * unacknowledged records. Nothing survives a restart of kafka-pipe; for the local stack and tests.
 */
final class MemorySpool implements Spool {

    private final int capacity;
    private final ArrayDeque<Spooled> unacked = new ArrayDeque<>();
    private ArrayDeque<Spooled> unread = new ArrayDeque<>();
    private long nextIndex = 1;
    private long bytes;
    private boolean closed;

    MemorySpool(int capacity) {
        this.capacity = capacity;
    }

    @Override
    public synchronized boolean tryAppend(OutboundPacket packet) {
        if (closed || unacked.size() >= capacity) {
            return false;
        }
        forceAppend(packet);
        return true;
    }

    @Override
    public synchronized void forceAppend(OutboundPacket packet) {
        if (closed) {
            return;
        }
        Spooled s = new Spooled(nextIndex++, packet);
        unacked.addLast(s);
        unread.addLast(s);
        bytes += packet.value().length;
        notifyAll();
    }

    @Override
    public synchronized Spooled next(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (unread.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || closed) {
                return null;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return unread.pollFirst();
    }

    @Override
    public synchronized void acked(long index) {
        while (!unacked.isEmpty() && unacked.peekFirst().index() <= index) {
            bytes -= unacked.pollFirst().packet().value().length;
        }
    }

    @Override
    public synchronized void rewind() {
        unread = new ArrayDeque<>(unacked);
    }

    @Override
    public synchronized long depthRecords() {
        return unacked.size();
    }

    @Override
    public synchronized long depthBytes() {
        return bytes;
    }

    @Override
    public boolean durable() {
        return false;
    }

    @Override
    public synchronized void close() {
        closed = true;
        notifyAll();
    }
}
