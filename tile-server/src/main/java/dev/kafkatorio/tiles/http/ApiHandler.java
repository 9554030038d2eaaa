package dev.kafkatorio.tiles.http;

import dev.kafkatorio.protocol.PlayerUpdate;
import dev.kafkatorio.protocol.ServerStatus;
import dev.kafkatorio.tiles.live.LiveState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The REST API under {@code /api}: {@code GET /api/servers}, {@code GET
 * /api/servers/{server}/players} and {@code GET /api/servers/{server}/surfaces}, answered from
 * {@link LiveState}; JSON errors 400/404/405.
 */
public final class ApiHandler extends Handler.Abstract.NonBlocking {

    private final LiveState state;

    public ApiHandler(LiveState state) {
        this.state = state;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        // The full canonical (decoded, normalised) path: independent of how the router splits it.
        ApiPath path = ApiPath.parse(request.getHttpURI().getCanonicalPath());
        if (path instanceof ApiPath.Unknown) {
            JsonResponses.error(response, callback, 404, "no such API path");
            return true;
        }
        if (path instanceof ApiPath.BadServerId bad) {
            JsonResponses.error(response, callback, 400,
                    "invalid server id: use 1-64 characters from A-Z a-z 0-9 . _ -");
            return true;
        }
        if (!HttpMethod.GET.is(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET");
            JsonResponses.error(response, callback, 405, "method not allowed: use GET");
            return true;
        }
        if (path instanceof ApiPath.Servers) {
            JsonResponses.write(response, callback, 200, servers());
        } else if (path instanceof ApiPath.Players players) {
            if (!state.knows(players.server())) {
                JsonResponses.error(response, callback, 404, "unknown server");
            } else {
                List<PlayerUpdate> list = state.players(players.server());
                JsonResponses.write(response, callback, 200, list);
            }
        } else if (path instanceof ApiPath.Surfaces surfaces) {
            if (!state.knows(surfaces.server())) {
                JsonResponses.error(response, callback, 404, "unknown server");
            } else {
                JsonResponses.write(response, callback, 200, state.surfaces(surfaces.server()));
            }
        }
        return true;
    }

    private List<Map<String, Object>> servers() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String id : state.serverIds()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("server", id);
            ServerStatus status = state.status(id).orElse(null);
            row.put("status", status);
            row.put("players", state.playerCount(id));
            row.put("surfaces", state.surfaceCount(id));
            out.add(row);
        }
        return out;
    }
}
