package dev.kafkatorio.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsoleFramingTest {

    @Test
    void shouldFrameSmallPacketAsOneWholeLine() {
        List<String> lines = ConsoleFraming.frame(7, "{\"a\":1}");
        assertThat(lines).containsExactly("KFKTR:{\"a\":1}");
    }

    @Test
    void shouldSplitLargePacketIntoNumberedPartsUnderTheLineLimit() {
        String json = "{\"name\":\"" + "é€😀x".repeat(2000) + "\"}";
        List<String> lines = ConsoleFraming.frame(42, json);

        assertThat(lines).hasSizeGreaterThan(1);
        StringBuilder joined = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            assertThat(line.getBytes(StandardCharsets.UTF_8).length + 1).isLessThanOrEqualTo(ConsoleFraming.MAX_LINE_BYTES);
            ConsoleFraming.Part part = ConsoleFraming.parsePart(line);
            assertThat(part).isNotNull();
            assertThat(part.id()).isEqualTo(42);
            assertThat(part.index()).isEqualTo(i + 1);
            assertThat(part.count()).isEqualTo(lines.size());
            joined.append(part.fragment());
        }
        assertThat(joined.toString()).isEqualTo(json);
    }

    @Test
    void shouldRejectMalformedPartHeaders() {
        assertThat(ConsoleFraming.parsePart("KFKTR+1/0/2:x")).isNull();
        assertThat(ConsoleFraming.parsePart("KFKTR+1/3/2:x")).isNull();
        assertThat(ConsoleFraming.parsePart("KFKTR+1/1/1:x")).isNull();
        assertThat(ConsoleFraming.parsePart("KFKTR+a/1/2:x")).isNull();
        assertThat(ConsoleFraming.parsePart("KFKTR+1/1/2 x")).isNull();
    }
}
