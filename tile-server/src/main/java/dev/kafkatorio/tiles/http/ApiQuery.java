package dev.kafkatorio.tiles.http;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Query parameters of the REST API, validated: each parser throws {@link IllegalArgumentException}
 * with a message for the 400 answer. Pure logic: no Jetty types.
 */
public final class ApiQuery {

    /** Game coordinates beyond this are not on any map (Factorio maps end at ±1,000,000 tiles). */
    public static final double MAX_COORD = 2_000_000;
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    private static final Pattern DECIMAL = Pattern.compile("^-?(\\d{1,9}(\\.\\d{0,9})?|\\.\\d{1,9})$");
    private static final Pattern INTEGER = Pattern.compile("^(0|[1-9][0-9]{0,17})$");

    private ApiQuery() {}

    /** {@code ?x=&y=} of {@code /at}: game coordinates (plain decimals). */
    public record Point(double x, double y) {}

    /** {@code ?player=&limit=&before=} of {@code /changes}; null fields = not given. */
    public record ChangesQuery(Integer player, int limit, Long before) {}

    public static Point point(List<String> xs, List<String> ys) {
        return new Point(coordinate("x", xs), coordinate("y", ys));
    }

    public static ChangesQuery changes(List<String> players, List<String> limits, List<String> befores) {
        String p = single("player", players);
        String l = single("limit", limits);
        String b = single("before", befores);
        Integer player = null;
        if (p != null) {
            long n = nonNegative("player", p);
            if (n < 1 || n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("player must be a player index >= 1");
            }
            player = (int) n;
        }
        int limit = DEFAULT_LIMIT;
        if (l != null) {
            long n = nonNegative("limit", l);
            if (n < 1 || n > MAX_LIMIT) {
                throw new IllegalArgumentException("limit must be from 1 to " + MAX_LIMIT);
            }
            limit = (int) n;
        }
        Long before = b == null ? null : nonNegative("before", b);
        return new ChangesQuery(player, limit, before);
    }

    private static double coordinate(String name, List<String> values) {
        String v = single(name, values);
        if (v == null) {
            throw new IllegalArgumentException(name + " is missing: use ?x=<game x>&y=<game y>");
        }
        if (!DECIMAL.matcher(v).matches()) {
            throw new IllegalArgumentException(name + " must be a decimal number such as -12.5");
        }
        double d = Double.parseDouble(v);
        if (Math.abs(d) > MAX_COORD) {
            throw new IllegalArgumentException(name + " is beyond the map (±" + (long) MAX_COORD + ")");
        }
        return d;
    }

    private static long nonNegative(String name, String v) {
        if (!INTEGER.matcher(v).matches()) {
            throw new IllegalArgumentException(name + " must be a non-negative integer");
        }
        return Long.parseLong(v);
    }

    private static String single(String name, List<String> values) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new IllegalArgumentException(name + " is given more than once");
        }
        return values.get(0);
    }
}
