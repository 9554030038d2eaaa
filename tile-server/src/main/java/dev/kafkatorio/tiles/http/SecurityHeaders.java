package dev.kafkatorio.tiles.http;

import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.PreEncodedHttpField;

/**
 * The security headers of every response (map page, tiles, JSON, errors, the WebSocket upgrade).
 *
 * <p>The web map is ES modules and Leaflet from this origin: no inline script or style (Leaflet and
 * the map set styles through the CSSOM, which CSP allows), images from this origin and {@code data:}
 * (Leaflet's and the map's transparent placeholder tiles), {@code fetch} and the WebSocket to this
 * origin only, no {@code <base>}, no form submission (the token form is handled in script: a
 * submission that escaped it would put the token into a URL), and no framing.
 * {@code connect-src 'self'} covers {@code ws:}/{@code wss:} to the same host in CSP Level 3; the
 * request's own authority is also listed as {@code ws://} and {@code wss://} for browsers that
 * still read {@code 'self'} as http(s) only, so the socket is never blocked and never leaves home.
 */
public final class SecurityHeaders {

    /** Everything but {@code connect-src}, which is completed per request. */
    static final String CSP_START = "default-src 'none'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data:; manifest-src 'self'; base-uri 'none'; form-action 'none';"
            + " frame-ancestors 'none'; connect-src 'self'";

    /** CSP when the request's authority is unknown or cannot be written as a CSP host source. */
    public static final String CSP_SELF_ONLY = CSP_START;

    /** CSP host-source characters (CSP has no syntax for IPv6 addresses: those rely on 'self'). */
    private static final Pattern CSP_HOST = Pattern.compile("^[a-z0-9.-]{1,253}$");

    private static final HttpField NOSNIFF = new PreEncodedHttpField("X-Content-Type-Options", "nosniff");
    private static final HttpField FRAME = new PreEncodedHttpField("X-Frame-Options", "DENY");
    private static final HttpField REFERRER = new PreEncodedHttpField("Referrer-Policy", "no-referrer");
    private static final HttpField OPENER = new PreEncodedHttpField("Cross-Origin-Opener-Policy", "same-origin");
    private static final HttpField CSP_STATIC = new PreEncodedHttpField("Content-Security-Policy", CSP_SELF_ONLY);

    private SecurityHeaders() {}

    /**
     * Puts the headers on {@code headers}; {@code host}/{@code port} is the request's (already
     * allowed) authority, host null or port &lt; 0 when unknown or absent.
     */
    public static void apply(HttpFields.Mutable headers, String host, int port) {
        String csp = contentSecurityPolicy(host, port);
        if (csp.equals(CSP_SELF_ONLY)) {
            headers.put(CSP_STATIC);
        } else {
            headers.put("Content-Security-Policy", csp);
        }
        applyStatic(headers);
    }

    /** The headers that do not depend on the request (for responses Jetty writes before routing). */
    public static void applyStatic(HttpFields.Mutable headers) {
        if (!headers.contains("Content-Security-Policy")) {
            headers.put(CSP_STATIC);
        }
        headers.put(NOSNIFF);
        headers.put(FRAME);
        headers.put(REFERRER);
        headers.put(OPENER);
    }

    /** The CSP for a request to {@code host:port} (see the class comment). */
    public static String contentSecurityPolicy(String host, int port) {
        if (host == null) {
            return CSP_SELF_ONLY;
        }
        String h = host.toLowerCase(java.util.Locale.ROOT);
        if (!CSP_HOST.matcher(h).matches()) {
            return CSP_SELF_ONLY;
        }
        String authority = port > 0 && port <= 65535 ? h + ":" + port : h;
        return CSP_START + " ws://" + authority + " wss://" + authority;
    }
}
