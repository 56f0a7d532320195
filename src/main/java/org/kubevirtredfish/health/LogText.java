package org.kubevirtredfish.health;

import java.nio.charset.StandardCharsets;

/**
 * Client-supplied text made safe for one request-log line: every byte outside a URI's own characters (RFC 3986
 * unreserved, sub-delims, ':', '@', '/') is percent-encoded, so a space, a control character or a raw non-ASCII
 * byte can never start a new field or line, and the result is cut to a bounded length.
 */
public final class LogText {

    static final int MAX = 512;
    private static final String KEPT = "-._~!$&'()*+,;=:@/";

    private LogText() {
    }

    /** A decoded value (a path parameter): '%' is escaped too. */
    public static String decoded(String value) {
        return escape(value, false, MAX);
    }

    /** A decoded value cut to at most {@code max} characters (plus "..."). */
    public static String decoded(String value, int max) {
        return escape(value, false, Math.min(max, MAX));
    }

    /** A raw request URI: its own percent-escapes are kept as they came. */
    public static String raw(String uri) {
        return escape(uri, true, MAX);
    }

    private static String escape(String value, boolean keepPercent, int max) {
        if (value == null) {
            return "-";
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), max) + 16);
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            if (out.length() >= max) {
                return out.append("...").toString();
            }
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || KEPT.indexOf(c) >= 0 || (keepPercent && c == '%')) {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((c >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
