package dev.kafkatorio.tiles.http;

import dev.kafkatorio.tiles.live.Broadcaster;
import dev.kafkatorio.tiles.live.LiveState;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.server.WebSocketCreator;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * {@code /ws} and {@code /ws?server=<id>[&token=<access token>]}: checks the server id (400), the
 * Origin (403, counted) and, when an access token is configured, the {@code token} parameter: the
 * right token gets every message, no token gets everything but player positions and changes, a wrong
 * token 401. Then hands the request to Jetty's {@link WebSocketUpgradeHandler}; a plain HTTP request
 * gets 400 with a hint.
 */
public final class LiveSocketHandler extends Handler.Wrapper {

    /** Sessions idle this long (no traffic either way) are closed by Jetty. */
    private static final Duration IDLE_TIMEOUT = Duration.ofMinutes(10);

    private final OriginPolicy originPolicy;
    private final LongAdder originRejections = new LongAdder();
    private final WebSocketUpgradeHandler upgrade;
    private final WebSocketCreator creator;
    private final AccessToken token;

    public LiveSocketHandler(Server server, Broadcaster broadcaster, LiveState state,
            OriginPolicy originPolicy, ScheduledExecutorService scheduler) {
        this(server, broadcaster, state, originPolicy, AccessToken.of(null), scheduler);
    }

    public LiveSocketHandler(Server server, Broadcaster broadcaster, LiveState state,
            OriginPolicy originPolicy, AccessToken token, ScheduledExecutorService scheduler) {
        this.originPolicy = originPolicy;
        this.token = token;
        this.upgrade = WebSocketUpgradeHandler.from(server,
                container -> container.setIdleTimeout(IDLE_TIMEOUT));
        this.creator = (rq, rs, cb) -> {
            WsQuery q = parse(rq).orElseThrow(); // validated in handle() before upgrading
            boolean privileged = check(rq) == AccessToken.Check.GRANTED;
            return new LiveEndpoint(broadcaster, state, q.serverFilter(), privileged, scheduler);
        };
        // A child, so Jetty starts and stops the WebSocket container with this handler.
        setHandler(upgrade);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (parse(request).isEmpty()) {
            JsonResponses.error(response, callback, 400,
                    "invalid server parameter: use ?server=<id> once, id of 1-64 characters from"
                            + " A-Z a-z 0-9 . _ -");
            return true;
        }
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        String host = request.getHeaders().get(HttpHeader.HOST);
        if (host == null) {
            host = request.getHttpURI().getAuthority();
        }
        if (!originPolicy.allows(origin, host)) {
            originRejections.increment();
            JsonResponses.error(response, callback, 403,
                    "origin not allowed: serve the map from this server or add the origin with"
                            + " --allowed-origin");
            return true;
        }
        if (check(request) == AccessToken.Check.WRONG) {
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"kafkatorio\"");
            JsonResponses.error(response, callback, 401,
                    "wrong access token: connect with ?token=<token>, or without it for public data only");
            return true;
        }
        // The router already matched the path, so upgrade directly rather than through a second
        // path mapping inside the container.
        if (upgrade.getServerWebSocketContainer().upgrade(creator, request, response, callback)) {
            return true;
        }
        JsonResponses.error(response, callback, 400,
                "this is a WebSocket endpoint: connect with a WebSocket client");
        return true;
    }

    /** Upgrades refused because of their Origin. */
    public long originRejections() {
        return originRejections.sum();
    }

    private AccessToken.Check check(Request request) {
        List<String> values = Request.extractQueryParameters(request).getValues("token");
        if (values == null || values.isEmpty()) {
            return token.check(null);
        }
        // Several token parameters are never right.
        return values.size() > 1 && token.enabled() ? AccessToken.Check.WRONG : token.check(values.get(0));
    }

    private static Optional<WsQuery> parse(Request request) {
        List<String> values = Request.extractQueryParameters(request).getValues("server");
        return WsQuery.parse(values);
    }
}
