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
import java.util.Arrays;
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
 * starts, when more than {@link #MAX_PENDING_PART_SETS} are pending or their parts would hold more than
 * {@link #MAX_PENDING_BYTES} (oldest first), when {@link #PART_LINE_WINDOW} lines passed since their
 * first part, when their part count changes, or when the pipe closes.
 *
 * <p>Hostile input: everything the console controls is bounded where it enters. A packet line over
 * {@link #MAX_PACKET_LINE_BYTES} is shipped truncated (framing error); a part count over {@link
 * #MAX_PART_COUNT} or a malformed header ships the line as is (framing error); a record with a framing
 * error never carries more than {@link #MAX_ERROR_VALUE_BYTES}. Every packet line ends up in {@code
 * framedPacketLines}, in {@code rejectedLines} by {@link RejectReason}, or pending in a part set.
 */
final class PacketFramer implements ConsoleSplitter.LineListener {

    /** A packet line longer than this, its {@code '\n'} included (a {@code '\r'} before it not counted), is oversized. */
    static final int MAX_PACKET_LINE_BYTES = ConsoleFraming.MAX_LINE_BYTES;
    /** The most bytes of value a record with a framing error carries (a truncated line or incomplete packet). */
    static final int MAX_ERROR_VALUE_BYTES = ConsoleFraming.MAX_LINE_BYTES;
    /** Part counts {@code n} above this are refused (about 4 MB of packet at full lines). */
    static final int MAX_PART_COUNT = 1024;
    static final int MAX_PENDING_PART_SETS = 64;
    /** Memory all pending part sets may hold together, as counted by {@link #pendingBytes()}. */
    static final long MAX_PENDING_BYTES = 16L << 20;
    static final long PART_LINE_WINDOW = 10_000;
    /** Counted per part set besides its parts, per slot of its part count, and per part besides its bytes. */
    static final int SET_OVERHEAD_BYTES = 128;
    static final int SLOT_BYTES = 8;
    static final int PART_OVERHEAD_BYTES = 32;

    /**
     * Factorio's start-up banner, e.g. {@code    0.000 2026-11-27 09:00:00; Factorio 2.0.77 (build
     * 83721, linux64, headless)}. Anchored on the uptime at the line start so that a chat line (which
     * starts with a date) cannot fake it.
     */
    static final Pattern BANNER = Pattern.compile("^\\s*\\d+\\.\\d+ [^;]*; Factorio \\d+\\.\\d+\\.\\d+ \\(build");

    private static final Logger LOG = LoggerFactory.getLogger(PacketFramer.class);
    private static final int BANNER_SCAN_BYTES = 512;
    private static final long WARN_INTERVAL_MS = 10_000;

    private final PacketSink sink;
    private final PipeCounters counters;
    private final LongSupplier clock;
    private final long pipeStartMillis;
    private final CharsetDecoder strictUtf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final RateLimitedWarn dropWarn = new RateLimitedWarn(LOG, "packets dropped (spool full)", WARN_INTERVAL_MS);
    private final RateLimitedWarn malformedWarn = new RateLimitedWarn(LOG,
            "packet lines whose payload is not a JSON object (shipped as is)", WARN_INTERVAL_MS);
    private final RateLimitedWarn rejectWarn = new RateLimitedWarn(LOG,
            "packet lines rejected (shipped with a framing error, or dropped if duplicate)", WARN_INTERVAL_MS);
    private final RateLimitedWarn incompleteWarn = new RateLimitedWarn(LOG,
            "multi-part packets shipped incomplete (framing error)", WARN_INTERVAL_MS);
    private final RateLimitedWarn unterminatedWarn = new RateLimitedWarn(LOG,
            "console ended in the middle of a line (no final newline); handled the partial line as a line", WARN_INTERVAL_MS);
    private final RateLimitedWarn sessionLog = RateLimitedWarn.info(LOG, "Session started", 1_000);
    private final Map<Long, PartSet> pending = new LinkedHashMap<>();

    private long sessionNumber;
    private String session;
    private long emittedInSession;
    private long lineNumber;
    private long receivedAt;
    private long pendingBytes;
    private boolean lastDecodeInvalid;
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

    /** Memory held by pending parts as counted against {@link #MAX_PENDING_BYTES}. */
    long pendingBytes() {
        return pendingBytes;
    }

    /** Part sets pending now. */
    int pendingSets() {
        return pending.size();
    }

    /** The counted size of the largest part set there can be (a test checks it fits {@link #MAX_PENDING_BYTES}). */
    static long maxPartSetBytes() {
        int maxFragment = MAX_PACKET_LINE_BYTES - 1 - "KFKTR+0/1/2:".length();
        return SET_OVERHEAD_BYTES + (long) SLOT_BYTES * MAX_PART_COUNT + (long) MAX_PART_COUNT * (maxFragment + PART_OVERHEAD_BYTES);
    }

    @Override
    public void onUnterminatedLine() {
        long n = counters.unterminatedLines.incrementAndGet();
        unterminatedWarn.event(n, "session " + session);
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
        if (totalLength > ConsoleSplitter.MAX_LINE_BYTES) {
            counters.oversizedLines.incrementAndGet();
        }
        expireParts();
        if (!packet) {
            if (isBanner(bytes, length)) {
                maybeStartSession("server start-up banner");
            } else if (isBinary(bytes, length)) {
                counters.binaryLines.incrementAndGet();
            }
            gauges();
            return;
        }
        counters.packetLines.incrementAndGet();
        // length excludes the terminator; a line the splitter cut is longer than what it retained
        if (length >= MAX_PACKET_LINE_BYTES || totalLength > length + 2L) {
            byte[] value = preview(bytes, length);
            reject(RejectReason.OVERSIZED_LINE, totalLength + " bytes");
            emit(value, "oversized line: " + totalLength + " bytes, truncated to " + value.length
                    + " bytes (packet lines are at most " + MAX_PACKET_LINE_BYTES + " bytes)");
        } else {
            String text = decode(bytes, length);
            if (text.startsWith(ConsoleFraming.WHOLE_PREFIX)) {
                whole(ConsoleFraming.wholePayload(text));
            } else {
                part(text, bytes, length, lastDecodeInvalid);
            }
        }
        gauges();
    }

    /** Ships every pending part set as incomplete (at close). */
    void flushPending() {
        flushPending(IncompleteReason.CLOSED, "kafka-pipe closed");
    }

    private void flushPending(IncompleteReason reason, String why) {
        List<PartSet> sets = new ArrayList<>(pending.values());
        for (PartSet set : sets) {
            remove(set);
            emitIncomplete(set, reason, why);
        }
        gauges();
    }

    private void whole(String payload) {
        if (payload.isEmpty() || payload.charAt(0) != '{') {
            // a marker followed by garbage: counted and shipped as is (the job dead-letters it with its
            // own decode reason; kafka-pipe does not validate packets)
            long n = counters.malformedPackets.incrementAndGet();
            malformedWarn.event(n, "session " + session);
        }
        counters.framedPacketLines.incrementAndGet();
        if (PacketType.SESSION_START.wireName().equals(PacketPeek.type(payload))) {
            maybeStartSession("session-start packet");
        }
        emit(payload.getBytes(StandardCharsets.UTF_8), null);
    }

    private void part(String text, byte[] bytes, int length, boolean invalidUtf8) {
        ConsoleFraming.Part part;
        try {
            part = ConsoleFraming.parsePart(text);
        } catch (RuntimeException e) {
            part = null;
        }
        int colon = part == null ? -1 : indexOf(bytes, (byte) ':', ConsoleFraming.PART_PREFIX.length(), length);
        if (part == null || colon < 0) {
            reject(RejectReason.MALFORMED_PART_HEADER, "line of " + length + " bytes");
            emit(bounded(text), "malformed part header");
            return;
        }
        if (part.count() > MAX_PART_COUNT) {
            reject(RejectReason.PART_COUNT_OVER_LIMIT, "part count " + part.count());
            emit(bounded(text), "part count " + part.count() + " over the limit of " + MAX_PART_COUNT);
            return;
        }
        byte[] fragment = Arrays.copyOfRange(bytes, colon + 1, length);
        PartSet set = pending.get(part.id());
        if (set != null && set.count != part.count()) {
            remove(set);
            emitIncomplete(set, IncompleteReason.COUNT_CHANGED, "part count changed to " + part.count());
            set = null;
        }
        if (set == null) {
            if (pending.size() >= MAX_PENDING_PART_SETS) {
                PartSet oldest = pending.values().iterator().next();
                remove(oldest);
                emitIncomplete(oldest, IncompleteReason.TOO_MANY_SETS,
                        "more than " + MAX_PENDING_PART_SETS + " multi-part packets pending");
            }
            set = new PartSet(part.id(), part.count(), lineNumber, lineStart.getAsLong());
            pending.put(set.id, set);
            pendingBytes += set.cost;
        }
        long grow = set.costAfterPut(part.index(), fragment.length) - set.cost;
        while (pendingBytes + grow > MAX_PENDING_BYTES) {
            PartSet victim = oldestOtherThan(set);
            if (victim == null) {
                break; // cannot happen: one set always fits (maxPartSetBytes)
            }
            remove(victim);
            emitIncomplete(victim, IncompleteReason.TOO_MANY_BYTES,
                    "more than " + MAX_PENDING_BYTES + " bytes of parts pending");
        }
        long before = set.cost;
        if (set.put(part.index(), fragment, invalidUtf8)) {
            reject(RejectReason.DUPLICATE_PART, "part " + part.index() + " of packet " + part.id() + " repeated");
        }
        pendingBytes += set.cost - before;
        if (set.complete()) {
            remove(set);
            counters.framedPacketLines.addAndGet(set.count);
            byte[] json = set.join();
            if (PacketType.SESSION_START.wireName().equals(PacketPeek.type(json))) {
                maybeStartSession("session-start packet");
            }
            emit(json, null);
        }
    }

    private PartSet oldestOtherThan(PartSet set) {
        for (PartSet s : pending.values()) {
            if (s != set) {
                return s;
            }
        }
        return null;
    }

    private void remove(PartSet set) {
        pending.remove(set.id);
        pendingBytes -= set.cost;
    }

    private void expireParts() {
        Iterator<PartSet> it = pending.values().iterator();
        while (it.hasNext()) {
            PartSet set = it.next();
            if (lineNumber - set.firstLine <= PART_LINE_WINDOW) {
                return; // insertion order = age order
            }
            it.remove();
            pendingBytes -= set.cost;
            emitIncomplete(set, IncompleteReason.EXPIRED, "no complete set within " + PART_LINE_WINDOW + " lines");
        }
    }

    private void maybeStartSession(String why) {
        if (emittedInSession > 0 || !pending.isEmpty()) {
            startSession(why);
        }
    }

    private void startSession(String why) {
        flushPending(IncompleteReason.NEW_SESSION, "new session started");
        sessionNumber++;
        session = SessionIds.of(pipeStartMillis, sessionNumber);
        emittedInSession = 0;
        long n = counters.sessionsStarted.incrementAndGet();
        sessionLog.event(n, session + " (" + why + ")");
    }

    private void reject(RejectReason reason, String detail) {
        long total = counters.reject(reason, 1);
        rejectWarn.event(total, reason.label + ": " + detail + ", session " + session);
    }

    /** The set is already removed from {@link #pending}. */
    private void emitIncomplete(PartSet set, IncompleteReason reason, String why) {
        counters.reject(RejectReason.INCOMPLETE_PART, set.received);
        String what = "incomplete multi-part packet " + set.id + ": " + set.received + " of " + set.count + " parts (" + why + ")";
        long total = counters.incomplete(reason);
        incompleteWarn.event(total, what + ", session " + session);
        byte[] value = set.joinBounded(MAX_ERROR_VALUE_BYTES);
        if (value.length < set.fragmentBytes) {
            what += ", truncated to " + value.length + " of " + set.fragmentBytes + " bytes";
        }
        emit(value, what);
    }

    private void emit(byte[] value, String framingError) {
        emittedInSession++;
        OutboundPacket p = new OutboundPacket(session, receivedAt, value, framingError);
        if (sink.offer(p)) {
            counters.packetsQueued.incrementAndGet();
        } else {
            long dropped = counters.packetsDropped.incrementAndGet();
            dropWarn.event(dropped, "session " + session);
        }
    }

    private void gauges() {
        long lines = 0;
        for (PartSet set : pending.values()) {
            lines += set.received;
        }
        counters.pendingPartSets.set(pending.size());
        counters.pendingPartLines.set(lines);
        counters.pendingPartBytes.set(pendingBytes);
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

    /** Decodes, counting invalid UTF-8 (replaced by U+FFFD); {@link #lastDecodeInvalid} tells. */
    private String decode(byte[] bytes, int length) {
        try {
            lastDecodeInvalid = false;
            return strictUtf8.decode(ByteBuffer.wrap(bytes, 0, length)).toString();
        } catch (CharacterCodingException e) {
            lastDecodeInvalid = true;
            counters.invalidUtf8Lines.incrementAndGet();
            return new String(bytes, 0, length, StandardCharsets.UTF_8); // replaces with U+FFFD
        }
    }

    /** The start of an oversized line as valid UTF-8 of at most {@link #MAX_ERROR_VALUE_BYTES}. */
    private byte[] preview(byte[] bytes, int length) {
        int n = length <= MAX_ERROR_VALUE_BYTES ? length : cut(bytes, MAX_ERROR_VALUE_BYTES);
        return bounded(decode(bytes, n));
    }

    /** {@code text} as UTF-8, cut to at most {@link #MAX_ERROR_VALUE_BYTES} between characters. */
    static byte[] bounded(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return b.length <= MAX_ERROR_VALUE_BYTES ? b : Arrays.copyOf(b, cut(b, MAX_ERROR_VALUE_BYTES));
    }

    /**
     * Where to cut {@code b} (longer than {@code max}) to at most {@code max} bytes without splitting a
     * UTF-8 sequence: before the continuation bytes at {@code max} (at most 3 back).
     */
    static int cut(byte[] b, int max) {
        int n = max;
        while (n > 0 && n > max - 3 && (b[n] & 0xC0) == 0x80) {
            n--;
        }
        return n;
    }

    private static int indexOf(byte[] bytes, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** The parts of one multi-part packet received so far: at most {@link #MAX_PART_COUNT} slots. */
    private static final class PartSet {
        final long id;
        final int count;
        final long firstLine;
        final long startOffset;
        final byte[][] fragments;
        int received;
        long fragmentBytes;
        long cost;
        boolean invalidUtf8;

        PartSet(long id, int count, long firstLine, long startOffset) {
            this.id = id;
            this.count = count;
            this.firstLine = firstLine;
            this.startOffset = startOffset;
            this.fragments = new byte[count][];
            this.cost = SET_OVERHEAD_BYTES + (long) SLOT_BYTES * count;
        }

        long costAfterPut(int index, int length) {
            byte[] old = fragments[index - 1];
            return cost + length + PART_OVERHEAD_BYTES - (old == null ? 0 : old.length + PART_OVERHEAD_BYTES);
        }

        /** Stores a part; a repeated part replaces the earlier one (returns true then). */
        boolean put(int index, byte[] fragment, boolean invalid) {
            cost = costAfterPut(index, fragment.length);
            byte[] old = fragments[index - 1];
            fragments[index - 1] = fragment;
            if (old == null) {
                received++;
            } else {
                fragmentBytes -= old.length;
            }
            fragmentBytes += fragment.length;
            invalidUtf8 |= invalid;
            return old != null;
        }

        boolean complete() {
            return received == count;
        }

        /** All fragments in order, as valid UTF-8. */
        byte[] join() {
            byte[] out = new byte[Math.toIntExact(fragmentBytes)];
            int pos = 0;
            for (byte[] f : fragments) {
                System.arraycopy(f, 0, out, pos, f.length);
                pos += f.length;
            }
            return invalidUtf8 ? new String(out, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8) : out;
        }

        /** The fragments received, in index order, as valid UTF-8 of at most {@code max} bytes. */
        byte[] joinBounded(int max) {
            int want = (int) Math.min(fragmentBytes, max + 1L); // one more byte: to cut between characters
            byte[] head = new byte[want];
            int pos = 0;
            for (byte[] f : fragments) {
                if (pos == want) {
                    break;
                }
                if (f != null) {
                    int n = Math.min(f.length, want - pos);
                    System.arraycopy(f, 0, head, pos, n);
                    pos += n;
                }
            }
            int n = fragmentBytes <= max ? want : cut(head, max);
            byte[] value = new String(head, 0, n, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
            return value.length <= max ? value : Arrays.copyOf(value, cut(value, max));
        }
    }
}
