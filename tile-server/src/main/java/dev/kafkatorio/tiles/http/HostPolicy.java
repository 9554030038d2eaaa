package dev.kafkatorio.tiles.http;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.regex.Pattern;

/**
 * Which {@code Host} (request authority) the server answers to: the defence against DNS rebinding.
 * A rebinding page is same-origin with itself, so the Origin check passes it; but its requests
 * carry the attacker's name in {@code Host}, which is not on this list.
 *
 * <ul>
 *   <li>Bound to loopback ({@code 127.0.0.1}, {@code ::1}, {@code localhost}): {@code localhost},
 *       {@code 127.0.0.1}, {@code [::1]} (and the bind address itself) with the server's actual port.
 *   <li>Bound to a specific address: that address with the actual port.
 *   <li>Bound to every interface ({@code 0.0.0.0}, {@code ::}): the loopback names with the actual
 *       port (local tools, health checks) plus the configured list, which is then required (see
 *       {@code TileServerConfig}).
 *   <li>Configured entries are always allowed: {@code host} (any port: a proxy may forward the
 *       public name with or without a port), {@code host:port} (that port only), or {@code *}
 *       (any Host: the check is off, e.g. behind a proxy that checks Host itself).
 * </ul>
 *
 * <p>A Host without a port means port 80. Names compare case-insensitively; IPv6 addresses in
 * brackets, compared in their compressed form. Pure logic (no DNS lookups): no Jetty types.
 */
public final class HostPolicy {

    /** The configured entry that switches the check off. */
    public static final String ANY = "*";

    /** How the bind address decides the default hosts. */
    public enum BindKind { LOOPBACK, WILDCARD, SPECIFIC }

    private static final Pattern IPV4 = Pattern.compile("^\\d{1,3}(\\.\\d{1,3}){3}$");
    /** DNS names (underscores too: container and compose service names use them). */
    private static final Pattern NAME = Pattern.compile("^[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*$");
    private static final Pattern PORT = Pattern.compile("^\\d{1,5}$");
    private static final List<String> LOOPBACK_NAMES = List.of("localhost", "127.0.0.1", "[::1]");

    private final boolean any;
    /** Hosts that need the server's actual port. */
    private final Set<String> atServerPort;
    /** Configured hosts without a port: any port. */
    private final Set<String> anyPort;
    /** Configured {@code host:port}. */
    private final Set<String> exact;
    private final IntSupplier serverPort;

    private HostPolicy(boolean any, Set<String> atServerPort, Set<String> anyPort, Set<String> exact,
            IntSupplier serverPort) {
        this.any = any;
        this.atServerPort = Set.copyOf(atServerPort);
        this.anyPort = Set.copyOf(anyPort);
        this.exact = Set.copyOf(exact);
        this.serverPort = serverPort;
    }

    /**
     * The policy for a server bound to {@code bindAddress}.
     *
     * @param allowedHosts configured entries as accepted by {@link #normaliseEntry}
     * @param serverPort the actual port (asked on every check, so port 0 works once started)
     */
    public static HostPolicy of(String bindAddress, List<String> allowedHosts, IntSupplier serverPort) {
        boolean any = false;
        Set<String> atServerPort = new LinkedHashSet<>();
        Set<String> anyPort = new LinkedHashSet<>();
        Set<String> exact = new LinkedHashSet<>();
        BindKind kind = bindKind(bindAddress);
        if (kind != BindKind.SPECIFIC) {
            atServerPort.addAll(LOOPBACK_NAMES);
        }
        if (kind != BindKind.WILDCARD) {
            Authority bind = parse(bindAddress.trim(), true);
            if (bind == null || bind.port >= 0) {
                throw new IllegalArgumentException("bind address '" + bindAddress + "' is not an IP"
                        + " address or host name: use e.g. 127.0.0.1 (default), ::1, 192.168.1.5 or"
                        + " 0.0.0.0, without a port (the port is --port)");
            }
            atServerPort.add(bind.host);
        }
        for (String entry : allowedHosts) {
            String e = normaliseEntry(entry);
            if (e.equals(ANY)) {
                any = true;
                continue;
            }
            Authority a = parse(e, true);
            if (a.port < 0) {
                anyPort.add(a.host);
            } else {
                exact.add(a.host + ":" + a.port);
            }
        }
        return new HostPolicy(any, atServerPort, anyPort, exact, serverPort);
    }

    /** Whether requests for this authority ({@code Host} header, {@code host[:port]}) are served. */
    public boolean allows(String authority) {
        if (any) {
            return true;
        }
        if (authority == null) {
            return false;
        }
        Authority a = parse(authority.trim(), false);
        if (a == null) {
            return false;
        }
        int port = a.port < 0 ? 80 : a.port;
        return anyPort.contains(a.host) || exact.contains(a.host + ":" + port)
                || (port == serverPort.getAsInt() && atServerPort.contains(a.host));
    }

    /** Whether the check is off ({@code *} configured). */
    public boolean allowsAny() {
        return any;
    }

    /** What is allowed, for the start-up log and error hints ({@code *} when the check is off). */
    public List<String> describe() {
        if (any) {
            return List.of(ANY);
        }
        List<String> out = new ArrayList<>();
        int port = serverPort.getAsInt();
        atServerPort.forEach(h -> out.add(h + ":" + port));
        anyPort.forEach(h -> out.add(h + " (any port)"));
        out.addAll(exact);
        return out;
    }

    /**
     * Normalises an allowed-host entry ({@code host}, {@code host:port}, {@code [v6]}, {@code
     * [v6]:port}, a bare IPv6 address, or {@code *}); throws with a fix-it message if it is none.
     */
    public static String normaliseEntry(String entry) {
        String e = entry == null ? "" : entry.trim();
        if (e.equals(ANY)) {
            return ANY;
        }
        Authority a = parse(e, true);
        if (a == null) {
            throw new IllegalArgumentException("allowed host '" + entry + "' is not a host name or"
                    + " address: use host or host:port, e.g. map.example.com, 192.168.1.5:8080 or"
                    + " [::1]:8080 (no scheme, no path), or * to switch the Host check off");
        }
        return a.port < 0 ? a.host : a.host + ":" + a.port;
    }

    /** Loopback, every interface, or one specific address or name. */
    public static BindKind bindKind(String bindAddress) {
        String b = bindAddress.trim().toLowerCase(Locale.ROOT);
        if (b.equals("localhost")) {
            return BindKind.LOOPBACK;
        }
        InetAddress ip = literal(b.startsWith("[") && b.endsWith("]") ? b.substring(1, b.length() - 1) : b);
        if (ip == null) {
            return BindKind.SPECIFIC; // a name
        }
        if (ip.isAnyLocalAddress()) {
            return BindKind.WILDCARD;
        }
        return ip.isLoopbackAddress() ? BindKind.LOOPBACK : BindKind.SPECIFIC;
    }

    /** An IP literal (lower case), or null if {@code s} is not one; never resolves a name. */
    private static InetAddress literal(String s) {
        try {
            if (IPV4.matcher(s).matches()) {
                String[] parts = s.split("\\.");
                byte[] b = new byte[4];
                for (int i = 0; i < 4; i++) {
                    int v = Integer.parseInt(parts[i]);
                    if (v > 255 || (parts[i].length() > 1 && parts[i].charAt(0) == '0')) {
                        return null; // browsers send canonical dotted decimal
                    }
                    b[i] = (byte) v;
                }
                return InetAddress.getByAddress(b);
            }
            if (s.indexOf(':') >= 0 && s.matches("^[0-9a-f:.]+$")) {
                // In brackets the JDK parses a literal or fails; it never looks the string up.
                return InetAddress.getByName("[" + s + "]");
            }
        } catch (UnknownHostException e) {
            return null;
        }
        return null;
    }

    /**
     * {@code host[:port]} → lower-case host (IPv6 as {@code [compressed]}) and port (-1 if absent);
     * null if malformed. {@code config} also accepts a bare IPv6 address (no port then).
     */
    static Authority parse(String s, boolean config) {
        if (s.isEmpty()) {
            return null;
        }
        s = s.toLowerCase(Locale.ROOT);
        String host;
        String port = null;
        if (s.startsWith("[")) {
            int end = s.indexOf(']');
            if (end < 0) {
                return null;
            }
            host = ipv6(s.substring(1, end));
            String rest = s.substring(end + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    return null;
                }
                port = rest.substring(1);
            }
        } else if (config && s.indexOf(':') != s.lastIndexOf(':')) {
            host = ipv6(s); // bare IPv6 in configuration
        } else {
            int colon = s.indexOf(':');
            host = colon < 0 ? s : s.substring(0, colon);
            port = colon < 0 ? null : s.substring(colon + 1);
            if (IPV4.matcher(host).matches()) {
                if (literal(host) == null) {
                    return null; // e.g. 300.1.1.1
                }
            } else if (!NAME.matcher(host).matches() || host.length() > 253) {
                return null;
            }
        }
        if (host == null) {
            return null;
        }
        int p = -1;
        if (port != null) {
            if (!PORT.matcher(port).matches()) {
                return null;
            }
            p = Integer.parseInt(port);
            if (p < 1 || p > 65535) {
                return null;
            }
        }
        return new Authority(host, p);
    }

    /** {@code [compressed]} for an IPv6 literal without brackets, or null. */
    private static String ipv6(String s) {
        if (s.indexOf(':') < 0 || !s.matches("^[0-9a-f:.]+$")) {
            return null; // also refuses zone ids (%eth0)
        }
        InetAddress ip = literal(s);
        byte[] b;
        if (ip instanceof Inet6Address v6) {
            b = v6.getAddress();
        } else if (ip instanceof Inet4Address v4) { // Java turns ::ffff:a.b.c.d into IPv4
            b = new byte[16];
            b[10] = (byte) 0xff;
            b[11] = (byte) 0xff;
            System.arraycopy(v4.getAddress(), 0, b, 12, 4);
        } else {
            return null;
        }
        return "[" + compress(b) + "]";
    }

    /** RFC 5952 text form (as browsers write it): longest run of ≥ 2 zero groups as {@code ::}. */
    static String compress(byte[] b) {
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen && j - i >= 2) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }

    /** A parsed authority; {@code port} -1 when absent. */
    record Authority(String host, int port) {}
}
