package dev.kafkatorio.protocol;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * JSON codec of the derived topics' values ({@link PlayerUpdate}, {@link ServerStatus}, {@link
 * DeadLetter}). Readers ignore unknown fields so producers can add fields.
 */
public final class TopicJson {

    private static final ObjectMapper MAPPER =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private TopicJson() {}

    /** Serialises a record as UTF-8 JSON bytes. */
    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /** Serialises a record as a JSON string. */
    public static String writeString(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /** Reads a record from UTF-8 JSON bytes. */
    public static <T> T read(byte[] json, Class<T> type) throws IOException {
        return MAPPER.readValue(json, type);
    }

    /** The shared mapper, for modules that build JSON trees (e.g. WebSocket messages). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
