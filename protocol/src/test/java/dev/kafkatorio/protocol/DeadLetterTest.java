package dev.kafkatorio.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class DeadLetterTest {

    private static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    private static int jsonBytes(DeadLetter d) {
        return TopicJson.write(d).length;
    }

    @Test
    void shouldKeepAnExcerptOfTwoHundredThousandControlBytes() throws Exception {
        // KFKTR: + 200,000 bytes of 0x01 became a 1.2 MB dead letter (every byte escaped as \u0001)
        String payload = "\u0001".repeat(200_000);
        DeadLetter d = DeadLetter.of("s1", "1.1", "not valid JSON: ...", payload, "packets/0/7", 5);

        assertThat(d.payload()).hasSize(DeadLetter.MAX_EXCERPT_BYTES).isEqualTo(payload.substring(0, 4096));
        assertThat(d.truncated()).isTrue();
        assertThat(d.payloadBytes()).isEqualTo(200_000);
        assertThat(d.payloadSha256()).isEqualTo(sha256(payload));
        assertThat(jsonBytes(d)).isLessThanOrEqualTo(DeadLetter.MAX_JSON_BYTES).isLessThan(30_000);
    }

    @Test
    void shouldKeepAShortPayloadWhole() throws Exception {
        DeadLetter d = DeadLetter.of("s1", "1.1", "why", "{\"v\":2}", "packets/0/1", 5);
        assertThat(d.payload()).isEqualTo("{\"v\":2}");
        assertThat(d.truncated()).isFalse();
        assertThat(d.payloadBytes()).isEqualTo(7);
        assertThat(d.payloadSha256()).isEqualTo(sha256("{\"v\":2}"));
        assertThat(d.v()).isEqualTo(1);
        assertThat(d.server()).isEqualTo("s1");
        assertThat(d.session()).isEqualTo("1.1");
        assertThat(d.reason()).isEqualTo("why");
        assertThat(d.source()).isEqualTo("packets/0/1");
        assertThat(d.receivedAt()).isEqualTo(5);
    }

    @Test
    void shouldCutBetweenCharactersNeverInsideOne() {
        DeadLetter euros = DeadLetter.of("", "", "", "€".repeat(10_000), "", 0); // 3 bytes each
        assertThat(euros.payload()).isEqualTo("€".repeat(1365)); // 4095 bytes; a 1366th would make 4098
        DeadLetter emoji = DeadLetter.of("", "", "", "a" + "😀".repeat(5000), "", 0); // 4 bytes per pair
        assertThat(emoji.payload().getBytes(StandardCharsets.UTF_8).length).isEqualTo(4093);
        assertThat(Character.isHighSurrogate(emoji.payload().charAt(emoji.payload().length() - 1))).isFalse();
        assertThat(emoji.payloadBytes()).isEqualTo(1 + 4 * 5000);
    }

    @Test
    void shouldCutEveryOtherFieldToItsLimit() {
        String huge = "\"".repeat(1_000_000);
        DeadLetter d = DeadLetter.of(huge, huge, huge, huge, huge, 0);
        assertThat(d.server().getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(DeadLetter.MAX_FIELD_BYTES);
        assertThat(d.server()).endsWith("…");
        assertThat(d.session().getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(DeadLetter.MAX_FIELD_BYTES);
        assertThat(d.source().getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(DeadLetter.MAX_FIELD_BYTES);
        assertThat(d.reason().getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(DeadLetter.MAX_REASON_BYTES);
        assertThat(jsonBytes(d)).isLessThanOrEqualTo(DeadLetter.MAX_JSON_BYTES);
    }

    @Test
    void shouldStayBelowTheBoundInTheWorstCase() {
        // every field full of the character with the longest JSON escape, lone surrogates included
        for (String c : new String[] {"\u0001", "\u001f", "\ud800", "\udfff", "\"", "\\", "\u2028", "😀"}) {
            String huge = c.repeat(100_000);
            DeadLetter d = DeadLetter.of(huge, huge, huge, huge, huge, Long.MIN_VALUE);
            assertThat(jsonBytes(d)).as(c).isLessThanOrEqualTo(DeadLetter.MAX_JSON_BYTES);
        }
        assertThat(DeadLetter.MAX_JSON_BYTES).isLessThan(64 * 1024);
    }

    @Test
    void shouldTreatMissingFieldsAsEmpty() {
        DeadLetter d = DeadLetter.of(null, null, null, null, null, 0);
        assertThat(d.server()).isEmpty();
        assertThat(d.payload()).isEmpty();
        assertThat(d.payloadBytes()).isZero();
        assertThat(d.truncated()).isFalse();
    }

    @Test
    void shouldReadBackWithTopicJson() throws Exception {
        DeadLetter d = DeadLetter.of("s1", "1.1", "why", "x".repeat(10_000), "packets/0/1", 5);
        assertThat(TopicJson.read(TopicJson.write(d), DeadLetter.class)).isEqualTo(d);
    }
}
