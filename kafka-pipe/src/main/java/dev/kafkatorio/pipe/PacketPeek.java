package dev.kafkatorio.pipe;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Reads one top-level field of a packet's JSON with Jackson's streaming parser, without decoding the
 * packet: nested values are skipped, parsing stops at the field. Validation is the Flink job's work.
 */
final class PacketPeek {
    private static final JsonFactory JSON = new JsonFactory();

    private PacketPeek() {}

    /** The top-level {@code "type"} string, or {@code null} if absent or unparsable. */
    static String type(String json) {
        try (JsonParser p = JSON.createParser(json)) {
            if (!seek(p, "type")) {
                return null;
            }
            return p.currentToken() == JsonToken.VALUE_STRING ? p.getText() : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The same for UTF-8 bytes. */
    static String type(byte[] json) {
        try (JsonParser p = JSON.createParser(json)) {
            if (!seek(p, "type")) {
                return null;
            }
            return p.currentToken() == JsonToken.VALUE_STRING ? p.getText() : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The top-level integral {@code "tick"}, or {@code -1} if absent, not an integer or unparsable. */
    static long tick(String json) {
        try (JsonParser p = JSON.createParser(json)) {
            if (!seek(p, "tick")) {
                return -1;
            }
            return p.currentToken() == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Moves to the value of top-level field {@code name}. */
    private static boolean seek(JsonParser p, String name) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            return false;
        }
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            if (name.equals(field)) {
                return true;
            }
            p.skipChildren();
        }
        return false;
    }
}
