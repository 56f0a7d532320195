package org.kubevirtredfish.event;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The simulator's store: subscriptions live as long as the process. */
public final class MemorySubscriptionStore implements SubscriptionStore {

    private final Map<String, Subscription> kept = new ConcurrentHashMap<>();

    @Override
    public List<Subscription> load() {
        return List.copyOf(kept.values());
    }

    @Override
    public void save(Subscription subscription) {
        kept.put(subscription.id(), subscription);
    }

    @Override
    public void delete(String id) {
        kept.remove(id);
    }
}
