package org.kubevirtredfish.security;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Sessions of one process (backend simulator): lost on restart, unknown to any other process. */
public final class InMemorySessionRepository implements SessionRepository {

    private final Map<String, StoredSession> byTokenDigest = new ConcurrentHashMap<>();

    @Override
    public Optional<StoredSession> byDigest(String tokenDigest) {
        return Optional.ofNullable(byTokenDigest.get(tokenDigest));
    }

    @Override
    public Collection<StoredSession> all() {
        return List.copyOf(byTokenDigest.values());
    }

    @Override
    public void add(StoredSession session) {
        byTokenDigest.put(session.tokenDigest(), session);
    }

    @Override
    public void used(StoredSession session, java.time.Instant at) {
        byTokenDigest.computeIfPresent(session.tokenDigest(), (d, s) -> s.usedAt(at));
    }

    @Override
    public boolean remove(String id) {
        return byTokenDigest.values().removeIf(s -> s.id().equals(id));
    }
}
