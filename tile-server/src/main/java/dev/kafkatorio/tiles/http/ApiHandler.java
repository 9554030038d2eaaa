package dev.kafkatorio.tiles.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkatorio.protocol.ChunkEntitiesUpdate;
import dev.kafkatorio.protocol.ServerStatus;
import dev.kafkatorio.protocol.TopicJson;
import dev.kafkatorio.tiles.live.LiveState;
import dev.kafkatorio.tiles.store.TileStore;
import dev.kafkatorio.tiles.store.TileStore.StoredChange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API under {@code /api} ({@link ApiPath}): servers, players and surfaces from {@link
 * LiveState}; map tags from the live state; "what is here?" and the change log from the {@link
 * TileStore}. Players and the change log need the {@link AccessToken} when one is configured (401
 * otherwise); JSON errors 400/401/404/405/503.
 */
public final class ApiHandler extends Handler.Abstract.NonBlocking {

    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);

    private final LiveState state;
    private final TileStore store;
    private final AccessToken token;

    public ApiHandler(LiveState state, TileStore store, AccessToken token) {
        this.state = state;
        this.store = store;
        this.token = token;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        // The full canonical (decoded, normalised) path: independent of how the router splits it.
        ApiPath path = ApiPath.parse(request.getHttpURI().getCanonicalPath());
        if (path instanceof ApiPath.Unknown) {
            JsonResponses.error(response, callback, 404, "no such API path");
            return true;
        }
        if (path instanceof ApiPath.BadServerId) {
            JsonResponses.error(response, callback, 400,
                    "invalid server id: use 1-64 characters from A-Z a-z 0-9 . _ -");
            return true;
        }
        if (path instanceof ApiPath.BadSurface) {
            JsonResponses.error(response, callback, 400, "surface must be an integer >= 1");
            return true;
        }
        if (!HttpMethod.GET.is(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET");
            JsonResponses.error(response, callback, 405, "method not allowed: use GET");
            return true;
        }
        try {
            answer(path, request, response, callback);
        } catch (IllegalArgumentException e) {
            JsonResponses.error(response, callback, 400, e.getMessage());
        } catch (IllegalStateException e) {
            LOG.warn("cannot answer {}", request.getHttpURI().getPath(), e);
            JsonResponses.error(response, callback, 503, "store unavailable, retry later");
        }
        return true;
    }

    private void answer(ApiPath path, Request request, Response response, Callback callback) {
        if (path instanceof ApiPath.Servers) {
            JsonResponses.write(response, callback, 200, servers());
            return;
        }
        String server;
        if (path instanceof ApiPath.Players p) {
            server = p.server();
        } else if (path instanceof ApiPath.Surfaces p) {
            server = p.server();
        } else if (path instanceof ApiPath.Changes p) {
            server = p.server();
        } else if (path instanceof ApiPath.At p) {
            server = p.server();
        } else if (path instanceof ApiPath.Tags p) {
            server = p.server();
        } else {
            throw new IllegalStateException("unhandled " + path);
        }
        boolean restricted = path instanceof ApiPath.Players || path instanceof ApiPath.Changes;
        if (restricted && !authorised(request, response, callback)) {
            return;
        }
        if (!state.knows(server)) {
            JsonResponses.error(response, callback, 404, "unknown server");
            return;
        }
        Fields query;
        try {
            query = Request.extractQueryParameters(request);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("malformed query string", e);
        }
        Object body;
        if (path instanceof ApiPath.Players) {
            body = state.players(server);
        } else if (path instanceof ApiPath.Surfaces) {
            body = state.surfaces(server);
        } else if (path instanceof ApiPath.Tags t) {
            body = state.tags(server, t.surface());
        } else if (path instanceof ApiPath.At a) {
            body = at(server, a.surface(), ApiQuery.point(query.getValues("x"), query.getValues("y")));
        } else {
            body = changes(server, ApiQuery.changes(query.getValues("player"), query.getValues("limit"),
                    query.getValues("before")));
        }
        JsonResponses.write(response, callback, 200, body);
    }

    /** False (after a 401 answer) when a token is configured and the request lacks the right one. */
    private boolean authorised(Request request, Response response, Callback callback) {
        AccessToken.Check check = token.check(AccessToken.bearer(request.getHeaders().get(HttpHeader.AUTHORIZATION)));
        if (check == AccessToken.Check.GRANTED) {
            return true;
        }
        response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"kafkatorio\"");
        JsonResponses.error(response, callback, 401, check == AccessToken.Check.MISSING
                ? "access token required: send Authorization: Bearer <token>"
                : "wrong access token");
        return false;
    }

    private Map<String, Object> at(String server, int surface, ApiQuery.Point p) {
        int[] r = EntityLookup.chunkRange(p.x(), p.y());
        List<ChunkEntitiesUpdate> chunks = store.chunkEntities(server, surface, r[0], r[1], r[2], r[3]);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("server", server);
        out.put("surface", surface);
        out.put("chunk", Map.of("cx", EntityLookup.chunk(p.x()), "cy", EntityLookup.chunk(p.y())));
        out.put("tile", Map.of("x", EntityLookup.tile(p.x()), "y", EntityLookup.tile(p.y())));
        out.put("entities", EntityLookup.near(chunks, p.x(), p.y()));
        return out;
    }

    private ObjectNode changes(String server, ApiQuery.ChangesQuery q) {
        List<StoredChange> rows = store.changes(server, q.player(), q.before(), q.limit());
        ObjectNode out = TopicJson.mapper().createObjectNode();
        ArrayNode list = out.putArray("changes");
        for (StoredChange row : rows) {
            ObjectNode n = TopicJson.mapper().valueToTree(row.change());
            n.put("id", row.id());
            String name = row.change().player() > 0 ? state.playerName(server, row.change().player()) : null;
            if (name == null) {
                n.putNull("playerName");
            } else {
                n.put("playerName", name);
            }
            list.add(n);
        }
        // Cursor of the next (older) page, null when this one is the last.
        if (rows.size() == q.limit() && !rows.isEmpty()) {
            out.put("next", rows.get(rows.size() - 1).id());
        } else {
            out.putNull("next");
        }
        return out;
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
