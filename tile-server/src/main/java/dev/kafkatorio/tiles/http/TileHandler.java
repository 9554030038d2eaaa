package dev.kafkatorio.tiles.http;

import dev.kafkatorio.tiles.store.StoredTile;
import dev.kafkatorio.tiles.store.TileCache;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET|HEAD /tiles/{server}/{surface}/{z}/{x}/{y}.png} and {@code /chart-tiles/...}: the PNG
 * from the {@link TileCache} with an {@code ETag}, caching as in {@link TileCaching}; malformed
 * addresses get a JSON 400 ({@link TilePath}). Counts responses by status class.
 */
public final class TileHandler extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(TileHandler.class);

    private final TileCache tiles;
    private final LongAdder[] byClass = new LongAdder[6];

    public TileHandler(TileCache tiles) {
        this.tiles = tiles;
        for (int i = 0; i < byClass.length; i++) {
            byClass[i] = new LongAdder();
        }
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status;
        try {
            status = serve(request, response, callback);
        } catch (RuntimeException e) {
            // The store failed (e.g. closing, disk error): not the client's fault.
            LOG.warn("cannot serve tile {}", request.getHttpURI().getPath(), e);
            status = 503;
            JsonResponses.error(response, callback, status, "tile store unavailable, retry later");
        }
        byClass[Math.min(5, Math.max(1, status / 100))].increment();
        return true;
    }

    private int serve(Request request, Response response, Callback callback) {
        String method = request.getMethod();
        if (!HttpMethod.GET.is(method) && !HttpMethod.HEAD.is(method)) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            JsonResponses.error(response, callback, 405, "method not allowed: use GET or HEAD");
            return 405;
        }
        TilePath path = TilePath.parse(request.getHttpURI().getCanonicalPath());
        if (path instanceof TilePath.NotTiles) {
            JsonResponses.error(response, callback, 404, "no such tile route");
            return 404;
        }
        if (path instanceof TilePath.Bad bad) {
            JsonResponses.error(response, callback, 400, bad.reason());
            return 400;
        }
        TilePath.Tile t = (TilePath.Tile) path;
        Optional<StoredTile> tile = tiles.get(t.layer(), t.key());
        List<String> versions;
        try {
            versions = Request.extractQueryParameters(request).getValues("v");
        } catch (RuntimeException e) {
            JsonResponses.error(response, callback, 400, "malformed query string");
            return 400;
        }
        List<String> inm = request.getHeaders().getValuesList(HttpHeader.IF_NONE_MATCH);
        TileCaching.Decision d = TileCaching.decide(tile.map(StoredTile::etag).orElse(null),
                inm.isEmpty() ? null : String.join(",", inm), versions == null ? List.of() : versions);
        if (d.status() == 404) {
            JsonResponses.error(response, callback, 404, "no such tile");
            return 404;
        }
        StoredTile st = tile.orElseThrow();
        response.setStatus(d.status());
        response.getHeaders().put(HttpHeader.ETAG, TileCaching.etagHeader(st.etag()));
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, d.cacheControl());
        if (d.status() == 304) {
            response.write(true, null, callback);
            return 304;
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "image/png");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, st.png().length);
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        boolean head = HttpMethod.HEAD.is(request.getMethod());
        response.write(true, head ? null : ByteBuffer.wrap(st.png()), callback);
        return 200;
    }

    /** Tile responses with a status of class {@code statusClass} (1-5, e.g. 2 for 2xx). */
    public long responses(int statusClass) {
        return byClass[statusClass].sum();
    }
}
