package dev.kafkatorio.tiles.http;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outermost handler: puts the {@link SecurityHeaders} on every response and refuses requests
 * whose {@code Host} (and request-target authority, if absolute) the {@link HostPolicy} does not
 * allow, before any route (REST, tiles, static files, metrics, the {@code /ws} upgrade) sees them:
 * <b>421 Misdirected Request</b> with a short JSON body; a request without any Host → 400.
 */
public final class HttpHardeningHandler extends Handler.Wrapper {

    /** Request attribute set to {@code TRUE} once the Host was allowed. */
    public static final String HOST_ALLOWED = HttpHardeningHandler.class.getName() + ".hostAllowed";

    private static final Logger LOG = LoggerFactory.getLogger(HttpHardeningHandler.class);
    private static final long LOG_EVERY_NANOS = 60_000_000_000L;

    private final HostPolicy hosts;
    private final LongAdder rejections = new LongAdder();
    private final AtomicLong lastLog = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);

    public HttpHardeningHandler(Handler handler, HostPolicy hosts) {
        super(handler);
        this.hosts = hosts;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        HttpURI uri = request.getHttpURI();
        String hostHeader = null;
        int hostHeaders = 0;
        for (HttpField f : request.getHeaders()) {
            if (f.getHeader() == HttpHeader.HOST) {
                hostHeader = f.getValue();
                hostHeaders++;
            }
        }
        if (hostHeaders == 0 && (uri == null || uri.getHost() == null)) {
            rejections.increment();
            SecurityHeaders.applyStatic(response.getHeaders());
            JsonResponses.error(response, callback, 400,
                    "missing Host header: send the name or address:port you connect to");
            return true;
        }
        // Jetty refuses several Host headers and a Host that differs from an absolute request target
        // already; both are checked anyway, so this does not depend on its compliance mode.
        boolean allowed = hostHeaders <= 1
                && (hostHeader == null || hosts.allows(hostHeader))
                && (uri == null || uri.getHost() == null || hosts.allows(authority(uri)));
        if (!allowed) {
            rejections.increment();
            logRejection(hostHeader != null ? hostHeader : authority(uri));
            SecurityHeaders.applyStatic(response.getHeaders());
            JsonResponses.error(response, callback, 421,
                    "misdirected request: this server does not answer to that Host name; its operator"
                            + " can allow the name with --allowed-hosts");
            return true;
        }
        request.setAttribute(HOST_ALLOWED, Boolean.TRUE);
        SecurityHeaders.apply(response.getHeaders(), uri == null ? null : uri.getHost(),
                uri == null ? -1 : uri.getPort());
        return super.handle(request, response, callback);
    }

    /** Requests refused because of their Host (421) or a missing one (400). */
    public long hostRejections() {
        return rejections.sum();
    }

    private static String authority(HttpURI uri) {
        return uri.getPort() > 0 ? hostForAuthority(uri.getHost()) + ":" + uri.getPort()
                : hostForAuthority(uri.getHost());
    }

    private static String hostForAuthority(String host) {
        // HttpURI keeps IPv6 hosts in brackets; add them if a build does not.
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private void logRejection(String host) {
        long now = System.nanoTime();
        long last = lastLog.get();
        if (now - last >= LOG_EVERY_NANOS && lastLog.compareAndSet(last, now)) {
            String shown = host == null ? "" : host.replaceAll("[^\\x21-\\x7e]", "?");
            if (shown.length() > 80) {
                shown = shown.substring(0, 80) + "...";
            }
            LOG.warn("refused a request for Host '{}' with 421 (allowed: {}); if clients really use that"
                    + " name, add it with --allowed-hosts (logged at most once a minute, counted in"
                    + " kafkatorio_tiles_http_host_rejections_total)", shown, hosts.describe());
        }
    }
}
