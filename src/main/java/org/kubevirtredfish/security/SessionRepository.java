package org.kubevirtredfish.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

/**
 * Where sessions are kept: in this process ({@link InMemorySessionRepository}, backend simulator) or in the cluster
 * so that every replica shares them (kubevirt/fabric8 ClusterSessionRepository, backend kubernetes). A session is
 * found by the SHA-256 of its token; the token itself is never handed to a repository. {@link SessionStore} keeps
 * the rules (idle timeout, limits) on top of it.
 */
public interface SessionRepository {

    /** A stored session: the token only as its digest (hex SHA-256). */
    record StoredSession(String id, String tokenDigest, String username, String origin, Instant created,
            Instant lastUsed) {

        public StoredSession usedAt(Instant at) {
            return new StoredSession(id, tokenDigest, username, origin, created, at);
        }
    }

    /** The store cannot be reached (the API server): a login or logout cannot be recorded now. */
    final class Unavailable extends RuntimeException {

        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    Optional<StoredSession> byDigest(String tokenDigest);

    Collection<StoredSession> all();

    /** Stores a new session; once this returns, the session is known to every replica's next lookups. */
    void add(StoredSession session) throws Unavailable;

    /** Records a use of a session; a repository may record it lazily (see {@link #lastUsedSlack}). */
    void used(StoredSession session, Instant at);

    /**
     * @return whether a session of that id existed
     * @throws Unavailable when the session could not be removed (it then still exists)
     */
    boolean remove(String id) throws Unavailable;

    /**
     * How far the recorded last use may lag behind the real one: a session ends after SessionTimeout plus this of
     * idleness, so that a lazily recorded use never ends a session early on another replica.
     */
    default Duration lastUsedSlack() {
        return Duration.ZERO;
    }

    /** Whether lookups see every session (a cluster repository: its informer has synced and watches). */
    default boolean ready() {
        return true;
    }
}
