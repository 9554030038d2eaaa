package dev.kafkatorio.pipe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** The protocol module's golden console lines. */
final class Golden {
    private static final JsonNode ROOT = load();

    private Golden() {}

    static List<String> lines(String group) {
        List<String> lines = new ArrayList<>();
        for (JsonNode n : ROOT.get(group)) {
            lines.add(n.isTextual() ? n.asText() : n.get("line").asText());
        }
        return lines;
    }

    private static JsonNode load() {
        try (InputStream in = Golden.class.getResourceAsStream("/kafkatorio/protocol/golden-lines.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
