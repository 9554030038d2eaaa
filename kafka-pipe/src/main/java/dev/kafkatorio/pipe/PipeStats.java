package dev.kafkatorio.pipe;

/**
 * A snapshot of a {@link KafkaPipe}'s counters.
 *
 * @param lines console lines read (every line, packet or not)
 * @param packetLines lines that start with the packet marker (whole, part or malformed)
 * @param packetsQueued records handed to the sender's queue
 * @param packetsDropped records dropped: queue full, or still queued when close() ran out of time
 * @param packetsSent records the broker acknowledged
 * @param sendErrors records whose send failed (after the producer's own retries)
 * @param sessionsStarted console sessions started, the first one at start-up included
 * @param invalidUtf8Lines packet lines that were not valid UTF-8 (shipped with U+FFFD)
 * @param oversizedLines lines longer than {@link ConsoleSplitter#MAX_LINE_BYTES}
 * @param lastSendMillis epoch ms of the last acknowledged record, 0 if none yet
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
        long lastSendMillis) {}
