package dev.kafkatorio.pipe;

import java.util.concurrent.atomic.AtomicLong;

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

    PipeStats snapshot(long spoolRecords, long spoolBytes, long oldestUnsentMillis) {
        return new PipeStats(lines.get(), packetLines.get(), packetsQueued.get(), packetsSent.get(),
                packetsDropped.get(), sendErrors.get(), sessionsStarted.get(), invalidUtf8Lines.get(),
                oversizedLines.get(), lastSendMillis.get(), gaps.get(), binaryLines.get(), unterminatedLines.get(),
                malformedPackets.get(), spoolRecords, spoolBytes, oldestUnsentMillis);
    }
}
