package dev.kafkatorio.tiles.live;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans live messages out to every connected client without a thread per client.
 *
 * <p>Each client has a bounded pending map that coalesces by {@link LiveMessage#key()} (insertion
 * order kept, value replaced) and at most one in-flight non-blocking send; when a send completes the
 * next pending message goes out. A slow client only grows its own map; when that map holds more
 * than {@code maxPendingPerClient} keys, or its in-flight send is older than {@code
 * slowClientTimeout} (checked on every publish and by {@link #closeSlowClients()}), the client is
 * closed with {@value #TOO_SLOW_CODE} "too slow". Publishing never waits for any client.
 *
 * <pre>{@code
 * Broadcaster b = new Broadcaster(1000, Duration.ofSeconds(10), System::nanoTime);
 * Broadcaster.Client c = b.register(sink, server -> true, liveState::snapshot);
 * b.publish(LiveMessage.player(update, now));
 * }</pre>
 */
public final class Broadcaster {

    /** WebSocket close code for a client that cannot keep up (1013 Try Again Later). */
    public static final int TOO_SLOW_CODE = 1013;

    public static final String TOO_SLOW_REASON = "too slow";

    private static final Logger LOG = LoggerFactory.getLogger(Broadcaster.class);

    private final int maxPendingPerClient;
    private final long slowClientTimeoutNanos;
    private final LongSupplier nanoClock;
    private final List<Client> clients = new CopyOnWriteArrayList<>();
    // Makes "take snapshot + join" atomic with "enqueue to all clients", so a client never misses an
    // update and never receives a stale snapshot value after a newer live one.
    private final ReentrantLock fanOutLock = new ReentrantLock();

    private final LongAdder sent = new LongAdder();
    private final LongAdder coalesced = new LongAdder();
    private final LongAdder closedTooSlow = new LongAdder();

    public Broadcaster(int maxPendingPerClient, Duration slowClientTimeout, LongSupplier nanoClock) {
        if (maxPendingPerClient < 1) {
            throw new IllegalArgumentException("maxPendingPerClient must be >= 1");
        }
        this.maxPendingPerClient = maxPendingPerClient;
        this.slowClientTimeoutNanos = slowClientTimeout.toNanos();
        this.nanoClock = nanoClock;
    }

    /**
     * Adds a client: queues the snapshot (taken atomically with joining the fan-out) then starts
     * sending. Messages whose server fails {@code serverFilter} are never queued for it.
     */
    public Client register(
            ClientSink sink, Predicate<String> serverFilter, Supplier<List<LiveMessage>> snapshot) {
        return register(sink, serverFilter, true, snapshot);
    }

    /**
     * As {@link #register(ClientSink, Predicate, Supplier)}; a client that is not {@code privileged}
     * (no access token) never gets {@link LiveMessage#restricted() restricted} messages.
     */
    public Client register(ClientSink sink, Predicate<String> serverFilter, boolean privileged,
            Supplier<List<LiveMessage>> snapshot) {
        Client client = new Client(sink, serverFilter, privileged);
        fanOutLock.lock();
        try {
            for (LiveMessage m : snapshot.get()) {
                if (client.accepts(m)) {
                    client.enqueue(m);
                }
            }
            clients.add(client);
        } finally {
            fanOutLock.unlock();
        }
        client.checkBound();
        client.pump();
        return client;
    }

    /** Removes a client (it closed or failed); idempotent. */
    public void unregister(Client client) {
        client.markClosed();
        clients.remove(client);
    }

    /** Queues {@code message} for every client subscribed to its server and starts idle sends. */
    public void publish(LiveMessage message) {
        publishAll(List.of(message));
    }

    /** Queues a batch (e.g. one Kafka poll) with a single pass over the clients. */
    public void publishAll(List<LiveMessage> messages) {
        if (messages.isEmpty()) {
            return;
        }
        List<Client> touched = new ArrayList<>();
        fanOutLock.lock();
        try {
            for (Client c : clients) {
                boolean any = false;
                for (LiveMessage m : messages) {
                    if (c.accepts(m)) {
                        c.enqueue(m);
                        any = true;
                    }
                }
                if (any) {
                    touched.add(c);
                }
            }
        } finally {
            fanOutLock.unlock();
        }
        // Sends start outside the lock: a send may complete inline and pump the next message.
        for (Client c : touched) {
            if (c.checkBound() && c.checkInFlightAge()) {
                c.pump();
            }
        }
    }

    /** Closes clients whose in-flight send is older than the timeout; call periodically. */
    public void closeSlowClients() {
        for (Client c : clients) {
            c.checkInFlightAge();
        }
    }

    /** Closes every client (server shutdown). */
    public void closeAll(int statusCode, String reason) {
        for (Iterator<Client> it = clients.iterator(); it.hasNext(); ) {
            Client c = it.next();
            unregister(c);
            c.sink.close(statusCode, reason);
        }
    }

    public int clientCount() {
        return clients.size();
    }

    /** Messages whose send completed. */
    public long messagesSent() {
        return sent.sum();
    }

    /** Pending messages replaced by a newer one with the same key before being sent. */
    public long messagesCoalesced() {
        return coalesced.sum();
    }

    public long clientsClosedTooSlow() {
        return closedTooSlow.sum();
    }

    /** One connected client: its pending map and in-flight state, guarded by its own monitor. */
    public final class Client {
        private final ClientSink sink;
        private final Predicate<String> serverFilter;
        private final boolean privileged;
        private final LinkedHashMap<String, String> pending = new LinkedHashMap<>();
        private boolean inFlight;
        private long inFlightSince;
        private boolean closed;
        // The thread currently inside sink.send; a completion on that same thread returns to the
        // pump loop instead of recursing (sends may complete inline).
        private Thread sendingThread;

        private Client(ClientSink sink, Predicate<String> serverFilter, boolean privileged) {
            this.sink = sink;
            this.serverFilter = serverFilter;
            this.privileged = privileged;
        }

        private boolean accepts(LiveMessage m) {
            return serverFilter.test(m.server()) && (privileged || !m.restricted());
        }

        /** Number of messages waiting (for tests and diagnostics). */
        public synchronized int pendingCount() {
            return pending.size();
        }

        public synchronized boolean isClosed() {
            return closed;
        }

        private synchronized void enqueue(LiveMessage m) {
            if (closed) {
                return;
            }
            if (pending.put(m.key(), m.text()) != null) {
                coalesced.increment();
            }
        }

        private synchronized void markClosed() {
            closed = true;
            pending.clear();
        }

        /** Returns false (and closes the client) when it holds too many pending keys. */
        private boolean checkBound() {
            int size;
            synchronized (this) {
                if (closed) {
                    return false;
                }
                size = pending.size();
                if (size <= maxPendingPerClient) {
                    return true;
                }
            }
            closeTooSlow("pending keys " + size + " > bound " + maxPendingPerClient);
            return false;
        }

        /** Returns false (and closes the client) when its in-flight send is too old. */
        private boolean checkInFlightAge() {
            long ageNanos;
            synchronized (this) {
                if (closed) {
                    return false;
                }
                if (!inFlight) {
                    return true;
                }
                ageNanos = nanoClock.getAsLong() - inFlightSince;
                if (ageNanos <= slowClientTimeoutNanos) {
                    return true;
                }
            }
            closeTooSlow("send in flight for " + Duration.ofNanos(ageNanos).toMillis() + " ms");
            return false;
        }

        private void closeTooSlow(String why) {
            synchronized (this) {
                if (closed) {
                    return;
                }
            }
            unregister(this);
            closedTooSlow.increment();
            LOG.info("closing a WebSocket client as too slow: {}", why);
            sink.close(TOO_SLOW_CODE, TOO_SLOW_REASON);
        }

        private void pump() {
            while (true) {
                String next;
                synchronized (this) {
                    if (closed || inFlight || pending.isEmpty()) {
                        return;
                    }
                    Iterator<Map.Entry<String, String>> first = pending.entrySet().iterator();
                    next = first.next().getValue();
                    first.remove();
                    inFlight = true;
                    inFlightSince = nanoClock.getAsLong();
                    sendingThread = Thread.currentThread();
                }
                try {
                    sink.send(next, new Completion());
                } catch (RuntimeException e) {
                    failed(e);
                    return;
                } finally {
                    synchronized (this) {
                        if (sendingThread == Thread.currentThread()) {
                            sendingThread = null;
                        }
                    }
                }
            }
        }

        private void failed(Throwable cause) {
            LOG.debug("WebSocket send failed, dropping the client", cause);
            unregister(this);
        }

        /** Completion of the in-flight send. */
        private final class Completion implements ClientSink.SendCallback {
            @Override
            public void succeeded() {
                sent.increment();
                boolean inline;
                synchronized (Client.this) {
                    inFlight = false;
                    inline = sendingThread == Thread.currentThread();
                }
                if (!inline) {
                    pump();
                }
            }

            @Override
            public void failed(Throwable cause) {
                synchronized (Client.this) {
                    inFlight = false;
                }
                Client.this.failed(cause);
            }
        }
    }
}
