package org.kubevirtredfish.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Password checks per client address: a token bucket of {@code burst} checks refilled at {@code perMinute}. Every
 * check that runs bcrypt takes a token and a successful one gives it back, so only failed logins use the budget;
 * a source without a token gets no check until one is due. {@code burst} or {@code perMinute} 0 disables it.
 */
final class SourceThrottle {

    static final int MAX_SOURCES = 10_000;

    private static final class Bucket {
        double tokens;
        Instant updated;

        Bucket(double tokens, Instant updated) {
            this.tokens = tokens;
            this.updated = updated;
        }
    }

    private final int burst;
    private final int perMinute;
    private final Clock clock;
    private final Map<String, Bucket> buckets = new HashMap<>();

    SourceThrottle(int burst, int perMinute, Clock clock) {
        this.burst = Math.max(0, burst);
        this.perMinute = Math.max(0, perMinute);
        this.clock = clock;
    }

    boolean enabled() {
        return burst > 0 && perMinute > 0;
    }

    /** Takes a token: empty when the check may run, else how long until the next token. */
    synchronized Optional<Duration> take(String source) {
        if (!enabled()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Bucket b = buckets.get(source);
        if (b == null) {
            if (buckets.size() >= MAX_SOURCES) {
                buckets.values().removeIf(x -> refill(x, now) >= burst);
            }
            b = new Bucket(burst, now);
            buckets.put(source, b);
        }
        double tokens = refill(b, now);
        if (tokens >= 1) {
            b.tokens = tokens - 1;
            b.updated = now;
            return Optional.empty();
        }
        long millis = (long) Math.ceil((1 - tokens) * 60_000.0 / perMinute);
        return Optional.of(Duration.ofMillis(Math.max(1, millis)));
    }

    /** Gives back the token of a check that succeeded. */
    synchronized void giveBack(String source) {
        Bucket b = buckets.get(source);
        if (b != null) {
            Instant now = clock.instant();
            b.tokens = Math.min(burst, refill(b, now) + 1);
            b.updated = now;
        }
    }

    private double refill(Bucket b, Instant now) {
        double elapsedMinutes = Duration.between(b.updated, now).toNanos() / 60e9;
        return Math.min(burst, b.tokens + elapsedMinutes * perMinute);
    }
}
