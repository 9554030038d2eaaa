package dev.kafkatorio.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** The golden console lines shared with the Lua specs. */
final class GoldenLines {

    static final String RESOURCE = "/kafkatorio/protocol/golden-lines.json";

    record Valid(String name, String line, JsonNode packet) {
        @Override
        public String toString() {
            return name;
        }
    }

    record Invalid(String name, String line, String reason, boolean semanticOnly) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final JsonNode ROOT = load();

    private GoldenLines() {}

    static List<Valid> valid() {
        List<Valid> out = new ArrayList<>();
        ROOT.get("valid").forEach(n -> out.add(new Valid(n.get("name").asText(), n.get("line").asText(), n.get("packet"))));
        return out;
    }

    static List<Invalid> invalid() {
        List<Invalid> out = new ArrayList<>();
        ROOT.get("invalid").forEach(n -> out.add(new Invalid(n.get("name").asText(), n.get("line").asText(), n.get("reason").asText(), n.path("semanticOnly").asBoolean(false))));
        return out;
    }

    static List<String> ordinary() {
        List<String> out = new ArrayList<>();
        ROOT.get("ordinary").forEach(n -> out.add(n.asText()));
        return out;
    }

    private static JsonNode load() {
        try (InputStream in = GoldenLines.class.getResourceAsStream(RESOURCE)) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
