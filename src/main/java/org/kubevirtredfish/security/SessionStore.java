package org.kubevirtredfish.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.kubevirtredfish.config.ServiceSettings;

/**
 * Redfish sessions: a random 256-bit token per login, kept only as its SHA-256 digest, ended by DELETE or by
 * {@code session.timeout} seconds of idleness (SessionService.SessionTimeout). At most {@code session.max}
 * sessions exist at once, and {@code session.max_per_user} of one user, so that no tenant can use them all up.
 */
@ApplicationScoped
public class SessionStore {

    /** A session as listed; the token itself is never stored. */
    public record Session(String id, String username, Instant created, String origin) {
    }

    /** A new session and the token to hand to its client once. */
    public record Created(Session session, String token) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, Entry> byTokenDigest = new ConcurrentHashMap<>();
    private Duration timeout;
    private int max;
    private int maxPerUser;
    private Clock clock = Clock.systemUTC();

    private static final class Entry {
        final Session session;
        volatile Instant lastUsed;

        Entry(Session session, Instant lastUsed) {
            this.session = session;
            this.lastUsed = lastUsed;
        }
    }

    protected SessionStore() {
        // for CDI proxies
    }

    @Inject
    public SessionStore(ServiceSettings settings) {
        this(Duration.ofSeconds(settings.sessionTimeoutSeconds()), settings.integer("session.max", 256),
                settings.integer("session.max_per_user", 16), Clock.systemUTC());
    }

    SessionStore(Duration timeout, int max, Clock clock) {
        this(timeout, max, max, clock);
    }

    SessionStore(Duration timeout, int max, int maxPerUser, Clock clock) {
        this.timeout = timeout;
        this.max = max;
        this.maxPerUser = maxPerUser;
        this.clock = clock;
    }

    public int timeoutSeconds() {
        return (int) timeout.toSeconds();
    }

    /** @return the new session, or empty when the limit of sessions, overall or of this user, is reached */
    public Optional<Created> create(String username, String origin) {
        expire();
        long mine = byTokenDigest.values().stream().filter(e -> e.session.username().equals(username)).count();
        if (byTokenDigest.size() >= max || mine >= maxPerUser) {
            return Optional.empty();
        }
        String token = random(32);
        Session s = new Session(random(12).replace("-", "a").replace("_", "b"), username, clock.instant(), origin);
        byTokenDigest.put(digest(token), new Entry(s, clock.instant()));
        return Optional.of(new Created(s, token));
    }

    /** The live session of a token, which counts as a use of it. */
    public Optional<Session> use(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        Entry e = byTokenDigest.get(digest(token));
        Instant now = clock.instant();
        if (e == null || expired(e, now)) {
            return Optional.empty();
        }
        e.lastUsed = now;
        return Optional.of(e.session);
    }

    /**
     * Seconds until a session that counts against {@code username}'s limits (its own, or any when the service-wide
     * limit is reached) ends by idleness, at least 1: the Retry-After of a refused login.
     */
    public long secondsUntilFree(String username) {
        expire();
        Instant now = clock.instant();
        boolean full = byTokenDigest.size() >= max;
        return byTokenDigest.values().stream()
                .filter(e -> full || e.session.username().equals(username))
                .mapToLong(e -> Duration.between(now, e.lastUsed.plus(timeout)).toSeconds() + 1)
                .min().orElse(1);
    }

    public Optional<Session> find(String id) {
        expire();
        return byTokenDigest.values().stream().map(e -> e.session).filter(s -> s.id().equals(id)).findFirst();
    }

    public List<Session> all() {
        expire();
        return byTokenDigest.values().stream().map(e -> e.session)
                .sorted(Comparator.comparing(Session::created)).toList();
    }

    public boolean delete(String id) {
        return byTokenDigest.values().removeIf(e -> e.session.id().equals(id));
    }

    private void expire() {
        Instant now = clock.instant();
        byTokenDigest.values().removeIf(e -> expired(e, now));
    }

    private boolean expired(Entry e, Instant now) {
        return now.isAfter(e.lastUsed.plus(timeout));
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String digest(String token) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
