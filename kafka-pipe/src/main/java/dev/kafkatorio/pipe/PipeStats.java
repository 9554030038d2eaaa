package dev.kafkatorio.pipe;

/**
 * A snapshot of a {@link KafkaPipe}'s counters.
 *
 * @param lines console lines read (every line, packet or not)
 * @param packetLines lines that start with the packet marker (whole, part or malformed)
 * @param packetsQueued packet records appended to the spool (gap records not included)
 * @param packetsSent packet records the broker acknowledged (also ones spooled by an earlier run)
 * @param packetsDropped packets dropped: spool full (then a gap record follows), or, without a disk
 *     spool, still unsent when close() ran out of time
 * @param sendErrors failed sends (after the producer's own retries); retriable ones are sent again
 * @param sessionsStarted console sessions started (or resumed), the first one at start-up included
 * @param invalidUtf8Lines packet lines that were not valid UTF-8 (shipped with U+FFFD)
 * @param oversizedLines lines longer than {@link ConsoleSplitter#MAX_LINE_BYTES} (ordinary or packet); packet
 *     lines over {@link PacketFramer#MAX_PACKET_LINE_BYTES} are in {@code rejectedLines} ({@code oversized_line})
 * @param lastSendMillis epoch ms of the last acknowledged record, 0 if none yet
 * @param gaps gap records spooled (each one tells how many packets were dropped before it)
 * @param binaryLines ordinary lines with NUL bytes or invalid UTF-8 (passed through unchanged)
 * @param unterminatedLines last lines of an input without a final newline
 * @param malformedPackets whole packet lines whose payload does not start with {@code {} (shipped
 *     as is; the job dead-letters them)
 * @param spoolRecords records spooled but not yet acknowledged
 * @param spoolBytes bytes held by the spool (disk: segment files)
 * @param oldestUnsentMillis epoch ms when the oldest unacknowledged record in flight was read, 0 if none
 * @param framedPacketLines packet lines that went into a record without framing error: whole packet
 *     lines (also those counted in {@code malformedPackets}) and the parts of completed multi-part packets
 * @param rejectedLines packet lines that did not, by {@code RejectReason} label (every label present):
 *     {@code packetLines = framedPacketLines + sum(rejectedLines) + pendingPartLines}
 * @param incompletePackets multi-part packets shipped incomplete, by {@code IncompleteReason} label
 * @param pendingPartSets multi-part packets waiting for parts now
 * @param pendingPartLines part lines held in those, waiting
 * @param pendingPartBytes memory the pending parts hold, as counted against {@link PacketFramer#MAX_PENDING_BYTES}
 */
public record PipeStats(
        long lines,
        long packetLines,
        long packetsQueued,
        long packetsSent,
        long packetsDropped,
        long sendErrors,
        long sessionsStarted,
        long invalidUtf8Lines,
        long oversizedLines,
        long lastSendMillis,
        long gaps,
        long binaryLines,
        long unterminatedLines,
        long malformedPackets,
        long spoolRecords,
        long spoolBytes,
        long oldestUnsentMillis,
        long framedPacketLines,
        java.util.Map<String, Long> rejectedLines,
        java.util.Map<String, Long> incompletePackets,
        long pendingPartSets,
        long pendingPartLines,
        long pendingPartBytes) {

    /** Rejected packet lines of all reasons. */
    public long rejectedLinesTotal() {
        return rejectedLines.values().stream().mapToLong(Long::longValue).sum();
    }
}
