package org.kubevirtredfish.event;

import java.util.List;

/** Where subscriptions are kept so that they outlive the service: memory (simulator) or the cluster. */
public interface SubscriptionStore {

    /** Every kept subscription. */
    List<Subscription> load();

    void save(Subscription subscription);

    /** A no-op when there is none of that id. */
    void delete(String id);
}
