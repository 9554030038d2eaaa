package dev.kafkatorio.protocol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Value of the {@link Topics#DEAD_LETTERS} topic: a packet line that could not be used, and why.
 *
 * <p>A dead letter is <b>bounded whatever the input</b>: it carries an excerpt of the payload (its
 * first {@link #MAX_EXCERPT_BYTES} UTF-8 bytes, cut between characters) with the whole payload's
 * length and SHA-256, and every other text field is cut too ({@link #of} does it), so its JSON is at
 * most {@link #MAX_JSON_BYTES} bytes even when every character needs a six-byte JSON escape — well
 * under Kafka's default 1 MiB record limit. Build dead letters with {@link #of}, not the constructor.
 *
 * @param v record version (1)
 * @param server server id ({@code ""} if the record had none), at most {@link #MAX_FIELD_BYTES} bytes
 * @param session console session ({@code ""} if the record had none), at most {@link #MAX_FIELD_BYTES} bytes
 * @param reason why it was rejected, for humans, at most {@link #MAX_REASON_BYTES} bytes
 * @param payload the start of the offending payload as received (invalid UTF-8 replaced by U+FFFD):
 *     at most {@link #MAX_EXCERPT_BYTES} UTF-8 bytes; the whole payload if {@code truncated} is false
 * @param source where it was read: {@code topic/partition/offset}, at most {@link #MAX_FIELD_BYTES} bytes
 * @param receivedAt when kafka-pipe read the line, epoch ms (0 if unknown)
 * @param payloadBytes length of the whole payload in UTF-8 bytes
 * @param payloadSha256 lower-case hex SHA-256 of the whole payload's UTF-8 bytes
 * @param truncated whether {@code payload} is only the start of it
 */
public record DeadLetter(
        int v,
        String server,
        String session,
        String reason,
        String payload,
        String source,
        long receivedAt,
        long payloadBytes,
        String payloadSha256,
        boolean truncated) {

    /** Most UTF-8 bytes of the payload kept in {@code payload} (4 KiB). */
    public static final int MAX_EXCERPT_BYTES = 4096;

    /** Most UTF-8 bytes kept of {@code reason}. */
    public static final int MAX_REASON_BYTES = 1024;

    /** Most UTF-8 bytes kept of {@code server}, {@code session} and {@code source}. */
    public static final int MAX_FIELD_BYTES = 256;

    /**
     * Upper bound of a dead letter's JSON ({@link TopicJson#write}) in bytes: every kept byte may cost
     * six ({@code \u0001}), plus field names and numbers.
     */
    public static final int MAX_JSON_BYTES = 6 * (MAX_EXCERPT_BYTES + MAX_REASON_BYTES + 3 * MAX_FIELD_BYTES) + 512;

    /** The marker appended to a cut field (not to {@code payload}: {@code truncated} says it). */
    private static final String CUT = "…";

    /**
     * A bounded dead letter of {@code payload} (the whole payload as received; {@code null} counts as
     * empty): excerpt, length and hash of the payload; the other fields cut to their limits.
     */
    public static DeadLetter of(
            String server, String session, String reason, String payload, String source, long receivedAt) {
        byte[] bytes = (payload == null ? "" : payload).getBytes(StandardCharsets.UTF_8);
        String excerpt = utf8Prefix(payload == null ? "" : payload, MAX_EXCERPT_BYTES);
        return new DeadLetter(
                1,
                cutField(server, MAX_FIELD_BYTES),
                cutField(session, MAX_FIELD_BYTES),
                cutField(reason, MAX_REASON_BYTES),
                excerpt,
                cutField(source, MAX_FIELD_BYTES),
                receivedAt,
                bytes.length,
                sha256(bytes),
                excerpt.length() < (payload == null ? 0 : payload.length()));
    }

    /** {@code s} cut to at most {@code maxBytes} UTF-8 bytes (marked with "…" if cut); {@code null} → {@code ""}. */
    public static String cutField(String s, int maxBytes) {
        if (s == null) {
            return "";
        }
        String prefix = utf8Prefix(s, maxBytes);
        if (prefix.length() == s.length()) {
            return s;
        }
        return utf8Prefix(s, maxBytes - CUT.getBytes(StandardCharsets.UTF_8).length) + CUT;
    }

    /**
     * The longest prefix of {@code s} whose UTF-8 form has at most {@code maxBytes} bytes, never cut
     * inside a surrogate pair (a lone surrogate counts as the 3 bytes of its replacement).
     */
    public static String utf8Prefix(String s, int maxBytes) {
        if (s.length() * 3L <= maxBytes) {
            return s; // fast path: no char takes more than 3 bytes (a pair takes 4 for 2 chars)
        }
        int bytes = 0;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            int chars = 1;
            int n;
            if (c < 0x80) {
                n = 1;
            } else if (c < 0x800) {
                n = 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n = 4;
                chars = 2;
            } else {
                n = 3;
            }
            if (bytes + n > maxBytes) {
                break;
            }
            bytes += n;
            i += chars;
        }
        return s.substring(0, i);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
