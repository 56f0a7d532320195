package org.kubevirtredfish.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An {@code Authorization: Basic} header parsed strictly (RFC 7617): the scheme, one space, one base64 token whose
 * decoded text holds a colon. Anything else is malformed: Liberty's own Basic handling, which runs after a
 * mechanism that leaves the request anonymous, fails with an internal error on such headers (an extra space,
 * trailing data, bad base64, no colon), so a malformed header must be refused before it gets there.
 */
public record BasicCredentials(String username, String password) {

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9+/]+={0,2}");

    /** Whether the header names the Basic scheme at all (case-insensitive, as RFC 7235 says). */
    public static boolean isBasic(String authorization) {
        return authorization != null && authorization.regionMatches(true, 0, "Basic", 0, 5)
                && (authorization.length() == 5 || Character.isWhitespace(authorization.charAt(5)));
    }

    /** The credentials of a well-formed Basic header; empty if it is malformed. */
    public static Optional<BasicCredentials> parse(String authorization) {
        if (!isBasic(authorization) || authorization.length() < 7 || authorization.charAt(5) != ' ') {
            return Optional.empty();
        }
        String token = authorization.substring(6);
        if (!TOKEN.matcher(token).matches()) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        return colon < 0 ? Optional.empty()
                : Optional.of(new BasicCredentials(decoded.substring(0, colon), decoded.substring(colon + 1)));
    }

    @Override
    public String toString() {
        return "BasicCredentials[" + username + "]";
    }
}
