package dev.kafkatorio.pipe;

/**
 * Why a multi-part packet was shipped incomplete (framing error): the label {@code reason} of {@code
 * kafkapipe_incomplete_packets_total}.
 */
enum IncompleteReason {
    /** A new console session started. */
    NEW_SESSION("new_session"),
    /** Another part set started while {@link PacketFramer#MAX_PENDING_PART_SETS} were pending: the oldest goes. */
    TOO_MANY_SETS("too_many_sets"),
    /** A part did not fit in {@link PacketFramer#MAX_PENDING_BYTES}: the oldest other sets go. */
    TOO_MANY_BYTES("too_many_bytes"),
    /** {@link PacketFramer#PART_LINE_WINDOW} lines passed since its first part. */
    EXPIRED("expired"),
    /** A part with the same id but another part count arrived. */
    COUNT_CHANGED("count_changed"),
    /** kafka-pipe closed. */
    CLOSED("closed");

    final String label;

    IncompleteReason(String label) {
        this.label = label;
    }
}
