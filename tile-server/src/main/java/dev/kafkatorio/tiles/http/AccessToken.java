package dev.kafkatorio.tiles.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The optional access token guarding live player positions and the change log. Presented tokens are
 * compared in constant time (SHA-256 digests with {@link MessageDigest#isEqual}, so neither the
 * content nor the length leaks through timing). {@link #toString()} never shows the token. Pure
 * logic: no Jetty types.
 */
public final class AccessToken {

    /** Whether a request is allowed, and whether it presented a token at all. */
    public enum Check {
        /** No token configured, or the right one presented. */
        GRANTED,
        /** A token is configured and none was presented. */
        MISSING,
        /** A token was presented and it is wrong. */
        WRONG
    }

    private final byte[] digest;

    private AccessToken(String token) {
        this.digest = token == null ? null : sha256(token);
    }

    /** {@code token} null (or blank) = no token required. */
    public static AccessToken of(String token) {
        return new AccessToken(token == null || token.isBlank() ? null : token);
    }

    public boolean enabled() {
        return digest != null;
    }

    /** Checks a presented token (null = none presented). */
    public Check check(String presented) {
        if (digest == null) {
            return Check.GRANTED;
        }
        if (presented == null || presented.isEmpty()) {
            return Check.MISSING;
        }
        return MessageDigest.isEqual(digest, sha256(presented)) ? Check.GRANTED : Check.WRONG;
    }

    /**
     * The token of an {@code Authorization: Bearer <token>} header value (scheme case-insensitive), or
     * null when the header is absent or another scheme.
     */
    public static String bearer(String authorization) {
        if (authorization == null) {
            return null;
        }
        String a = authorization.trim();
        if (a.length() < 7 || !a.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = a.substring(7).trim();
        return token.isEmpty() ? null : token;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public String toString() {
        return enabled() ? "AccessToken[set]" : "AccessToken[off]";
    }
}
