package dev.kafkatorio.pipe;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/** The live counters behind {@link PipeStats}, shared by the reader and the sender thread. */
final class PipeCounters {
    final AtomicLong lines = new AtomicLong();
    final AtomicLong packetLines = new AtomicLong();
    final AtomicLong packetsQueued = new AtomicLong();
    final AtomicLong packetsSent = new AtomicLong();
    final AtomicLong packetsDropped = new AtomicLong();
    final AtomicLong sendErrors = new AtomicLong();
    final AtomicLong sessionsStarted = new AtomicLong();
    final AtomicLong invalidUtf8Lines = new AtomicLong();
    final AtomicLong oversizedLines = new AtomicLong();
    final AtomicLong lastSendMillis = new AtomicLong();
    final AtomicLong gaps = new AtomicLong();
    final AtomicLong binaryLines = new AtomicLong();
    final AtomicLong unterminatedLines = new AtomicLong();
    final AtomicLong malformedPackets = new AtomicLong();
    final AtomicLong framedPacketLines = new AtomicLong();
    final AtomicLongArray rejectedLines = new AtomicLongArray(RejectReason.values().length);
    final AtomicLongArray incompletePackets = new AtomicLongArray(IncompleteReason.values().length);
    /** Gauges written by the reader thread. */
    final AtomicLong pendingPartSets = new AtomicLong();
    final AtomicLong pendingPartLines = new AtomicLong();
    final AtomicLong pendingPartBytes = new AtomicLong();

    /** Counts {@code n} rejected lines; returns the new total of rejected lines (all reasons). */
    long reject(RejectReason reason, long n) {
        rejectedLines.addAndGet(reason.ordinal(), n);
        return sum(rejectedLines);
    }

    long rejected(RejectReason reason) {
        return rejectedLines.get(reason.ordinal());
    }

    /** Counts one incomplete packet; returns the new total (all reasons). */
    long incomplete(IncompleteReason reason) {
        incompletePackets.incrementAndGet(reason.ordinal());
        return sum(incompletePackets);
    }

    long incompleteCount(IncompleteReason reason) {
        return incompletePackets.get(reason.ordinal());
    }

    PipeStats snapshot(long spoolRecords, long spoolBytes, long oldestUnsentMillis) {
        Map<String, Long> rejected = new LinkedHashMap<>();
        for (RejectReason r : RejectReason.values()) {
            rejected.put(r.label, rejectedLines.get(r.ordinal()));
        }
        Map<String, Long> incomplete = new LinkedHashMap<>();
        for (IncompleteReason r : IncompleteReason.values()) {
            incomplete.put(r.label, incompletePackets.get(r.ordinal()));
        }
        return new PipeStats(lines.get(), packetLines.get(), packetsQueued.get(), packetsSent.get(),
                packetsDropped.get(), sendErrors.get(), sessionsStarted.get(), invalidUtf8Lines.get(),
                oversizedLines.get(), lastSendMillis.get(), gaps.get(), binaryLines.get(), unterminatedLines.get(),
                malformedPackets.get(), spoolRecords, spoolBytes, oldestUnsentMillis, framedPacketLines.get(),
                Collections.unmodifiableMap(rejected), Collections.unmodifiableMap(incomplete), pendingPartSets.get(),
                pendingPartLines.get(), pendingPartBytes.get());
    }

    private static long sum(AtomicLongArray a) {
        long s = 0;
        for (int i = 0; i < a.length(); i++) {
            s += a.get(i);
        }
        return s;
    }
}
