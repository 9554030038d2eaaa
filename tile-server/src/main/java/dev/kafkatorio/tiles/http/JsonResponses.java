package dev.kafkatorio.tiles.http;

import dev.kafkatorio.protocol.TopicJson;
import java.nio.ByteBuffer;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Writes JSON bodies and JSON errors with {@code Cache-Control: no-store}. */
public final class JsonResponses {

    private JsonResponses() {}

    /** Writes {@code body} as JSON with {@code status}, completing {@code callback}. */
    public static void write(Response response, Callback callback, int status, Object body) {
        byte[] bytes = TopicJson.write(body);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }

    /** Writes {@code {"error": message, "status": status}}. */
    public static void error(Response response, Callback callback, int status, String message) {
        write(response, callback, status, Map.of("status", status, "error", message));
    }
}
