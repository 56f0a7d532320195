package org.kubevirtredfish.health;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ids for requests that bring none: a random prefix drawn once per process and a counter, in the form of a UUID
 * ({@code 8-4-4-4-12} hex digits). They only correlate log lines and are no secret, so they need no SecureRandom
 * draw per request, as {@link java.util.UUID#randomUUID()} makes; the 80-bit random prefix keeps the ids of replicas
 * and restarts apart.
 */
final class RequestIds {

    private static final String PREFIX = prefix();
    private static final AtomicLong COUNTER = new AtomicLong();

    private RequestIds() {
    }

    static String next() {
        String count = HexFormat.of().toHexDigits(COUNTER.getAndIncrement()).substring(4); // the low 48 bits
        return PREFIX + count;
    }

    /** {@code xxxxxxxx-xxxx-xxxx-xxxx-}: 80 random bits, drawn once. */
    private static String prefix() {
        byte[] random = new byte[10];
        new SecureRandom().nextBytes(random);
        String hex = HexFormat.of().formatHex(random);
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-";
    }
}
