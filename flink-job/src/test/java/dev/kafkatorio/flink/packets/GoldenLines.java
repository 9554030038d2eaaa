package dev.kafkatorio.flink.packets;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kafkatorio.protocol.ConsoleFraming;
import dev.kafkatorio.protocol.TopicJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** The protocol module's golden console lines, as packet payloads (marker stripped). */
public final class GoldenLines {

    /** A golden line: its name, payload JSON and either the expected packet or the reason. */
    public record Line(String name, String payload, JsonNode packet, String reason) {
        @Override
        public String toString() {
            return name;
        }
    }

    private GoldenLines() {}

    public static List<Line> valid() {
        return read("valid");
    }

    public static List<Line> invalid() {
        return read("invalid");
    }

    private static List<Line> read(String section) {
        try (InputStream in =
                GoldenLines.class.getClassLoader().getResourceAsStream("kafkatorio/protocol/golden-lines.json")) {
            if (in == null) {
                throw new IllegalStateException("golden-lines.json not on the classpath (protocol module)");
            }
            JsonNode root = TopicJson.mapper().readTree(in);
            List<Line> lines = new ArrayList<>();
            for (JsonNode node : root.get(section)) {
                lines.add(
                        new Line(
                                node.get("name").asText(),
                                ConsoleFraming.wholePayload(node.get("line").asText()),
                                node.get("packet"),
                                node.has("reason") ? node.get("reason").asText() : null));
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
