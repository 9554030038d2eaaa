package dev.kafkatorio.tiles.http;

/**
 * The caching rules of tile responses, as pure logic.
 *
 * <table>
 *   <caption>tile responses</caption>
 *   <tr><th>request</th><th>status</th><th>Cache-Control</th></tr>
 *   <tr><td>tile missing</td><td>404</td><td>{@code no-store}</td></tr>
 *   <tr><td>no {@code ?v=}, or {@code ?v=} not the current etag</td><td>200 / 304</td><td>{@code no-cache}</td></tr>
 *   <tr><td>{@code ?v=<current etag>}</td><td>200 / 304</td><td>{@code public, max-age=31536000, immutable}</td></tr>
 * </table>
 *
 * 304 when {@code If-None-Match} lists the current etag (weak comparison, {@code *} matches). A
 * stale {@code ?v=} gets the current bytes with {@code no-cache}: a versioned URL is only ever
 * cached for good with the bytes it names.
 */
public final class TileCaching {

    public static final String IMMUTABLE = "public, max-age=31536000, immutable";
    public static final String REVALIDATE = "no-cache";
    public static final String NO_STORE = "no-store";

    private TileCaching() {}

    /**
     * The answer to a tile request.
     *
     * @param status 200, 304 or 404
     * @param cacheControl the {@code Cache-Control} value
     */
    public record Decision(int status, String cacheControl) {}

    /**
     * @param currentEtag the stored tile's hash (unquoted), null when the tile is missing
     * @param ifNoneMatch the {@code If-None-Match} header, null if absent
     * @param versions the values of the {@code v} query parameter (empty if absent)
     */
    public static Decision decide(String currentEtag, String ifNoneMatch, java.util.List<String> versions) {
        if (currentEtag == null) {
            return new Decision(404, NO_STORE);
        }
        String cc = versions.size() == 1 && versions.get(0).equals(currentEtag) ? IMMUTABLE : REVALIDATE;
        return new Decision(ifNoneMatch != null && matches(ifNoneMatch, currentEtag) ? 304 : 200, cc);
    }

    /** The {@code ETag} header value for a hash. */
    public static String etagHeader(String hash) {
        return "\"" + hash + "\"";
    }

    /** Whether an {@code If-None-Match} value lists {@code etag} (weak comparison) or is {@code *}. */
    static boolean matches(String ifNoneMatch, String etag) {
        for (String raw : ifNoneMatch.split(",")) {
            String tag = raw.trim();
            if (tag.equals("*")) {
                return true;
            }
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")
                    && tag.substring(1, tag.length() - 1).equals(etag)) {
                return true;
            }
        }
        return false;
    }
}
