package dev.kafkatorio.pipe;

import dev.kafkatorio.protocol.ConsoleFraming;
import dev.kafkatorio.protocol.PacketType;
import dev.kafkatorio.protocol.SessionIds;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session and framing rules: turns console lines into {@link OutboundPacket}s for a {@link
 * PacketSink}. Single-threaded (the reader thread).
 *
 * <p>Sessions: a new session starts when the framer is created, when the server's start-up banner is
 * seen, and when a {@code session-start} packet arrives, except that (b) and (c) do not start another
 * session while the current one has no packet yet (no record emitted, no multi-part packet pending).
 *
 * <p>Framing: whole packets are shipped as the JSON after the marker; parts are reassembled per id
 * within the session. Part sets never completed are shipped with a framing error when a new session
 * starts, when more than {@link #MAX_PENDING_PART_SETS} are pending (oldest first), when {@link
 * #PART_LINE_WINDOW} lines passed since their first part, or when the pipe closes.
 */
final class PacketFramer implements ConsoleSplitter.LineListener {

    static final int MAX_PENDING_PART_SETS = 64;
    static final long PART_LINE_WINDOW = 10_000;

    /**
     * Factorio's start-up banner, e.g. {@code    0.000 2026-11-27 09:00:00; Factorio 2.0.77 (build
     * 83721, linux64, headless)}. Anchored on the uptime at the line start so that a chat line (which
     * starts with a date) cannot fake it.
     */
    static final Pattern BANNER = Pattern.compile("^\\s*\\d+\\.\\d+ [^;]*; Factorio \\d+\\.\\d+\\.\\d+ \\(build");

    private static final Logger LOG = LoggerFactory.getLogger(PacketFramer.class);
    private static final int BANNER_SCAN_BYTES = 512;

    private final PacketSink sink;
    private final PipeCounters counters;
    private final LongSupplier clock;
    private final long pipeStartMillis;
    private final CharsetDecoder strictUtf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final RateLimitedWarn dropWarn = new RateLimitedWarn(LOG, "packets dropped (spool full)", 10_000);
    private final RateLimitedWarn malformedWarn =
            new RateLimitedWarn(LOG, "packet lines whose payload is not a JSON object (shipped as is)", 10_000);
    private final Map<Long, PartSet> pending = new LinkedHashMap<>();

    private long sessionNumber;
    private String session;
    private long emittedInSession;
    private long lineNumber;
    private long receivedAt;
    private LongSupplier lineStart = () -> 0;

    PacketFramer(PacketSink sink, PipeCounters counters, LongSupplier clock, long pipeStartMillis) {
        this(sink, counters, clock, pipeStartMillis, null);
    }

    /**
     * @param resumeSession a session id to continue (follow mode after a restart: re-read packets keep
     *     their session, so the job's de-duplication removes them); {@code null} to start a new one.
     *     A resumed session counts as having packets, so a banner or {@code session-start} ends it.
     */
    PacketFramer(PacketSink sink, PipeCounters counters, LongSupplier clock, long pipeStartMillis, String resumeSession) {
        this.sink = sink;
        this.counters = counters;
        this.clock = clock;
        this.pipeStartMillis = pipeStartMillis;
        if (resumeSession == null) {
            startSession("pipe started");
        } else {
            session = resumeSession;
            emittedInSession = 1;
            counters.sessionsStarted.incrementAndGet();
            LOG.info("Session {} resumed (position file)", session);
        }
    }

    /** Where the current line starts in the input (set by the pipe; for resume positions). */
    void lineStarts(LongSupplier lineStart) {
        this.lineStart = lineStart;
    }

    /**
     * The input offset of the first line of the oldest multi-part packet still pending (reading must
     * start again there to lose nothing), or -1 if none is pending.
     */
    long oldestPendingStart() {
        return pending.isEmpty() ? -1 : pending.values().iterator().next().startOffset;
    }

    @Override
    public void onUnterminatedLine() {
        counters.unterminatedLines.incrementAndGet();
        LOG.warn("The console ended in the middle of a line (no final newline); handling the partial line as a line");
    }

    /** The current session id. */
    String session() {
        return session;
    }

    @Override
    public void onLine(byte[] bytes, int length, boolean packet, long totalLength) {
        counters.lines.incrementAndGet();
        lineNumber++;
        receivedAt = clock.getAsLong();
        boolean oversized = totalLength > ConsoleSplitter.MAX_LINE_BYTES;
        if (oversized) {
            counters.oversizedLines.incrementAndGet();
        }
        expireParts();
        if (!packet) {
            if (isBanner(bytes, length)) {
                maybeStartSession("server start-up banner");
            } else if (isBinary(bytes, length)) {
                counters.binaryLines.incrementAndGet();
            }
            return;
        }
        counters.packetLines.incrementAndGet();
        String text = decode(bytes, length);
        if (oversized) {
            emit(text, "oversized line: " + totalLength + " bytes, truncated to " + length + " bytes");
        } else if (text.startsWith(ConsoleFraming.WHOLE_PREFIX)) {
            String payload = ConsoleFraming.wholePayload(text);
            if (payload.isEmpty() || payload.charAt(0) != '{') {
                // a marker followed by garbage: counted and shipped as is (the job dead-letters it with its
                // own decode reason; kafka-pipe does not validate packets)
                long n = counters.malformedPackets.incrementAndGet();
                malformedWarn.event(n, "session " + session);
            }
            whole(payload);
        } else {
            ConsoleFraming.Part part = ConsoleFraming.parsePart(text);
            if (part == null) {
                emit(text, "malformed part header");
            } else {
                part(part);
            }
        }
    }

    /** Ships every pending part set as incomplete (at close). */
    void flushPending(String why) {
        List<PartSet> sets = new ArrayList<>(pending.values());
        pending.clear();
        for (PartSet set : sets) {
            emitIncomplete(set, why);
        }
    }

    private void whole(String json) {
        if (PacketType.SESSION_START.wireName().equals(PacketPeek.type(json))) {
            maybeStartSession("session-start packet");
        }
        emit(json, null);
    }

    private void part(ConsoleFraming.Part part) {
        PartSet set = pending.get(part.id());
        if (set != null && set.count != part.count()) {
            pending.remove(part.id());
            emitIncomplete(set, "part count changed to " + part.count());
            set = null;
        }
        if (set == null) {
            if (pending.size() >= MAX_PENDING_PART_SETS) {
                Iterator<PartSet> oldest = pending.values().iterator();
                PartSet evicted = oldest.next();
                oldest.remove();
                emitIncomplete(evicted, "more than " + MAX_PENDING_PART_SETS + " multi-part packets pending");
            }
            set = new PartSet(part.id(), part.count(), lineNumber, lineStart.getAsLong());
            pending.put(part.id(), set);
        }
        set.put(part.index(), part.fragment());
        if (set.complete()) {
            pending.remove(part.id());
            String json = set.join();
            if (PacketType.SESSION_START.wireName().equals(PacketPeek.type(json))) {
                maybeStartSession("session-start packet");
            }
            emit(json, null);
        }
    }

    private void expireParts() {
        Iterator<PartSet> it = pending.values().iterator();
        while (it.hasNext()) {
            PartSet set = it.next();
            if (lineNumber - set.firstLine <= PART_LINE_WINDOW) {
                return; // insertion order = age order
            }
            it.remove();
            emitIncomplete(set, "no complete set within " + PART_LINE_WINDOW + " lines");
        }
    }

    private void maybeStartSession(String why) {
        if (emittedInSession > 0 || !pending.isEmpty()) {
            startSession(why);
        }
    }

    private void startSession(String why) {
        flushPending("new session started");
        sessionNumber++;
        session = SessionIds.of(pipeStartMillis, sessionNumber);
        emittedInSession = 0;
        counters.sessionsStarted.incrementAndGet();
        LOG.info("Session {} started ({})", session, why);
    }

    private void emitIncomplete(PartSet set, String why) {
        emit(set.join(), "incomplete multi-part packet " + set.id + ": " + set.received + " of " + set.count
                + " parts (" + why + ")");
    }

    private void emit(String value, String framingError) {
        emittedInSession++;
        OutboundPacket p = new OutboundPacket(session, receivedAt, value.getBytes(StandardCharsets.UTF_8), framingError);
        if (sink.offer(p)) {
            counters.packetsQueued.incrementAndGet();
        } else {
            long dropped = counters.packetsDropped.incrementAndGet();
            dropWarn.event(dropped, "session " + session);
        }
    }

    private boolean isBanner(byte[] bytes, int length) {
        int n = Math.min(length, BANNER_SCAN_BYTES);
        // the banner is ASCII; Latin-1 maps bytes 1:1 and cannot fail
        return BANNER.matcher(new String(bytes, 0, n, StandardCharsets.ISO_8859_1)).find();
    }

    /** NUL bytes or invalid UTF-8; plain ASCII (nearly every console line) is decided in one pass. */
    private boolean isBinary(byte[] bytes, int length) {
        boolean ascii = true;
        for (int i = 0; i < length; i++) {
            byte b = bytes[i];
            if (b == 0) {
                return true;
            }
            if (b < 0) {
                ascii = false;
            }
        }
        if (ascii) {
            return false;
        }
        try {
            strictUtf8.decode(ByteBuffer.wrap(bytes, 0, length));
            return false;
        } catch (CharacterCodingException e) {
            return true;
        }
    }

    private String decode(byte[] bytes, int length) {
        try {
            return strictUtf8.decode(ByteBuffer.wrap(bytes, 0, length)).toString();
        } catch (CharacterCodingException e) {
            counters.invalidUtf8Lines.incrementAndGet();
            return new String(bytes, 0, length, StandardCharsets.UTF_8); // replaces with U+FFFD
        }
    }

    /** The parts of one multi-part packet received so far (sparse: a count may be up to 999999). */
    private static final class PartSet {
        final long id;
        final int count;
        final long firstLine;
        final long startOffset;
        final java.util.TreeMap<Integer, String> fragments = new java.util.TreeMap<>();
        int received;

        PartSet(long id, int count, long firstLine, long startOffset) {
            this.id = id;
            this.count = count;
            this.firstLine = firstLine;
            this.startOffset = startOffset;
        }

        void put(int index, String fragment) {
            fragments.put(index, fragment); // a repeated part replaces the earlier one
            received = fragments.size();
        }

        boolean complete() {
            return received == count;
        }

        String join() {
            return String.join("", fragments.values());
        }
    }
}
