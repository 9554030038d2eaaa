package dev.kafkatorio.tiles.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Decides whether a WebSocket upgrade's {@code Origin} may connect: allowed when there is no Origin
 * (non-browser clients), when the Origin's host:port equals the request's {@code Host}, or when the
 * Origin is in the configured allow-list. A missing port on either side means the Origin scheme's
 * default port (80 for http, 443 for https), so {@code Origin: https://map.example} matches {@code
 * Host: map.example} behind a TLS-terminating proxy. Pure logic: no Jetty types.
 */
public final class OriginPolicy {

    private final Set<String> allowed;

    /** {@code allowedOrigins} as accepted by {@link #normaliseOrigin}. */
    public OriginPolicy(List<String> allowedOrigins) {
        this.allowed = Set.copyOf(allowedOrigins.stream().map(OriginPolicy::normaliseOrigin).toList());
    }

    /**
     * Whether a request with these headers may upgrade.
     *
     * @param origin the Origin header, or null if absent
     * @param host the Host header (authority of the request), or null if absent
     */
    public boolean allows(String origin, String host) {
        if (origin == null) {
            return true;
        }
        Authority o = parseOrigin(origin);
        if (o == null) {
            return false; // includes the opaque origin "null"
        }
        if (allowed.contains(o.asOrigin())) {
            return true;
        }
        if (host == null || host.isBlank()) {
            return false;
        }
        Authority h = parseHost(host.trim(), o.scheme);
        return h != null && h.host.equals(o.host) && h.port == o.port;
    }

    /**
     * Normalises {@code scheme://host[:port]} (lower case, default port dropped); throws with a
     * fix-it message if {@code origin} is not one.
     */
    public static String normaliseOrigin(String origin) {
        Authority a = origin == null ? null : parseOrigin(origin.trim());
        if (a == null) {
            throw new IllegalArgumentException(
                    "allowed origin '" + origin + "' is not an origin: use scheme://host[:port]"
                            + " with scheme http or https and no path, e.g. https://map.example.com");
        }
        return a.asOrigin();
    }

    private static Authority parseOrigin(String origin) {
        URI uri;
        try {
            uri = new URI(origin);
        } catch (URISyntaxException e) {
            return null;
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            return null;
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null
                || uri.getRawFragment() != null
                || (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/"))) {
            return null;
        }
        int port = uri.getPort() == -1 ? defaultPort(scheme) : uri.getPort();
        return new Authority(scheme, uri.getHost().toLowerCase(Locale.ROOT), port);
    }

    private static Authority parseHost(String host, String scheme) {
        try {
            URI uri = new URI(scheme + "://" + host);
            if (uri.getHost() == null || uri.getRawUserInfo() != null
                    || (uri.getRawPath() != null && !uri.getRawPath().isEmpty())) {
                return null;
            }
            int port = uri.getPort() == -1 ? defaultPort(scheme) : uri.getPort();
            return new Authority(scheme, uri.getHost().toLowerCase(Locale.ROOT), port);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static int defaultPort(String scheme) {
        return "https".equals(scheme) ? 443 : 80;
    }

    private record Authority(String scheme, String host, int port) {
        String asOrigin() {
            return port == defaultPort(scheme) ? scheme + "://" + host : scheme + "://" + host + ":" + port;
        }
    }
}
