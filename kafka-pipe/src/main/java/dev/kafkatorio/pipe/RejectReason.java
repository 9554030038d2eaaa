package dev.kafkatorio.pipe;

/**
 * Why a packet line did not become (part of) a record without framing error: the label {@code reason}
 * of {@code kafkapipe_rejected_lines_total}. Every packet line is either framed ({@code
 * kafkapipe_framed_packet_lines_total}), rejected for one of these reasons, or still pending in a part
 * set ({@code kafkapipe_pending_part_sets}).
 */
enum RejectReason {
    /** A packet line over {@link PacketFramer#MAX_PACKET_LINE_BYTES}: shipped truncated, framing error. */
    OVERSIZED_LINE("oversized_line"),
    /** {@code KFKTR+} without a valid part header: shipped as is, framing error. */
    MALFORMED_PART_HEADER("malformed_part_header"),
    /** A part header with {@code n} over {@link PacketFramer#MAX_PART_COUNT}: shipped as is, framing error. */
    PART_COUNT_OVER_LIMIT("part_count_over_limit"),
    /** A part of a part set shipped incomplete (see {@link IncompleteReason}): in that framing-error record. */
    INCOMPLETE_PART("incomplete_part"),
    /** A part replaced by a later part with the same id and index: dropped, never shipped. */
    DUPLICATE_PART("duplicate_part");

    final String label;

    RejectReason(String label) {
        this.label = label;
    }
}
