package org.kubevirtredfish.event;

import java.util.List;

/**
 * Where subscriptions are kept so that they outlive the service: memory (simulator) or the cluster, where every
 * replica reads and writes the same set.
 */
public interface SubscriptionStore extends AutoCloseable {

    /** Every kept subscription. */
    List<Subscription> load();

    void save(Subscription subscription);

    /** A no-op when there is none of that id. */
    void delete(String id);

    /**
     * From now on calls {@code changed} (on a thread of its own) when a subscription was created or deleted in the
     * store, by this process or another replica. Memory changes only through this process: nothing to watch.
     */
    default void watch(Runnable changed) {
    }

    @Override
    default void close() {
    }
}
