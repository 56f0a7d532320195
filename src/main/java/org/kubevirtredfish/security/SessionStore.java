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
import java.util.Optional;
import org.kubevirtredfish.config.ServiceSettings;

/**
 * Redfish sessions: a random 256-bit token per login, kept only as its SHA-256 digest (in a
 * {@link SessionRepository}: this process's memory, or the cluster that every replica shares), ended by DELETE or by
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

    private SessionRepository repository;
    private Duration timeout;
    private int max;
    private int maxPerUser;
    private Clock clock = Clock.systemUTC();

    protected SessionStore() {
        // for CDI proxies
    }

    @Inject
    public SessionStore(ServiceSettings settings, SessionRepository repository) {
        this(Duration.ofSeconds(settings.sessionTimeoutSeconds()), settings.integer("session.max", 256),
                settings.integer("session.max_per_user", 16), Clock.systemUTC(), repository);
    }

    /** Sessions of this process only. */
    public SessionStore(ServiceSettings settings) {
        this(settings, new InMemorySessionRepository());
    }

    SessionStore(Duration timeout, int max, Clock clock) {
        this(timeout, max, max, clock);
    }

    SessionStore(Duration timeout, int max, int maxPerUser, Clock clock) {
        this(timeout, max, maxPerUser, clock, new InMemorySessionRepository());
    }

    public SessionStore(Duration timeout, int max, int maxPerUser, Clock clock, SessionRepository repository) {
        this.timeout = timeout;
        this.max = max;
        this.maxPerUser = maxPerUser;
        this.clock = clock;
        this.repository = repository;
    }

    public int timeoutSeconds() {
        return (int) timeout.toSeconds();
    }

    /**
     * @return the new session, or empty when the limit of sessions, overall or of this user, is reached
     * @throws SessionRepository.Unavailable when the session cannot be recorded
     */
    public Optional<Created> create(String username, String origin) {
        List<SessionRepository.StoredSession> live = expire();
        long mine = live.stream().filter(e -> e.username().equals(username)).count();
        if (live.size() >= max || mine >= maxPerUser) {
            return Optional.empty();
        }
        String token = random(32);
        Instant now = clock.instant();
        Session s = new Session(random(12).replace("-", "a").replace("_", "b"), username, now, origin);
        repository.add(new SessionRepository.StoredSession(s.id(), digest(token), username, origin, now, now));
        return Optional.of(new Created(s, token));
    }

    /** The live session of a token, which counts as a use of it. */
    public Optional<Session> use(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        Optional<SessionRepository.StoredSession> e = repository.byDigest(digest(token));
        Instant now = clock.instant();
        if (e.isEmpty() || expired(e.get(), now)) {
            return Optional.empty();
        }
        repository.used(e.get(), now);
        return Optional.of(session(e.get()));
    }

    /**
     * Seconds until a session that counts against {@code username}'s limits (its own, or any when the service-wide
     * limit is reached) ends by idleness, at least 1: the Retry-After of a refused login.
     */
    public long secondsUntilFree(String username) {
        List<SessionRepository.StoredSession> live = expire();
        Instant now = clock.instant();
        boolean full = live.size() >= max;
        return live.stream()
                .filter(e -> full || e.username().equals(username))
                .mapToLong(e -> Duration.between(now, end(e)).toSeconds() + 1)
                .min().orElse(1);
    }

    public Optional<Session> find(String id) {
        return expire().stream().filter(s -> s.id().equals(id)).findFirst().map(SessionStore::session);
    }

    public List<Session> all() {
        return expire().stream().map(SessionStore::session)
                .sorted(Comparator.comparing(Session::created)).toList();
    }

    /** @throws SessionRepository.Unavailable when the session could not be ended (it then still works) */
    public boolean delete(String id) {
        return repository.remove(id);
    }

    /** Whether the sessions of every replica are known here (readiness). */
    public boolean ready() {
        return repository.ready();
    }

    /** Removes the sessions that have ended; the live ones. */
    private List<SessionRepository.StoredSession> expire() {
        Instant now = clock.instant();
        List<SessionRepository.StoredSession> live = new java.util.ArrayList<>();
        for (SessionRepository.StoredSession s : repository.all()) {
            if (expired(s, now)) {
                removeEnded(s);
            } else {
                live.add(s);
            }
        }
        return live;
    }

    /** An ended session that stays stored (the store did not answer) is refused all the same, and tried again. */
    private void removeEnded(SessionRepository.StoredSession s) {
        try {
            repository.remove(s.id());
        } catch (SessionRepository.Unavailable e) {
            // expired() keeps refusing it; the next sweep deletes it
        }
    }

    private boolean expired(SessionRepository.StoredSession s, Instant now) {
        return now.isAfter(end(s));
    }

    private Instant end(SessionRepository.StoredSession s) {
        return s.lastUsed().plus(timeout).plus(repository.lastUsedSlack());
    }

    private static Session session(SessionRepository.StoredSession s) {
        return new Session(s.id(), s.username(), s.created(), s.origin());
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
