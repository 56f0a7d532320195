package org.kubevirtredfish.event;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.logging.Logger;
import org.kubevirtredfish.kubevirt.fabric8.ImageAddressPolicy;

/**
 * The subscriptions and where events go: each event to the delivery queue of every subscription that wants it and to
 * every open stream of its chassis. Subscriptions are read from the store on first use (again after a failure), so
 * that they survive a restart; creating and deleting write the store first.
 */
public final class EventSubscriptions implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EventSubscriptions.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The store could not be read or written (the cluster does not answer, RBAC): answer 503. */
    public static final class StoreUnavailable extends RuntimeException {
        StoreUnavailable(RuntimeException cause) {
            super("event subscriptions not available: " + cause.getMessage(), cause);
        }
    }

    /** What a client asks for; the service adds id, owner, chassis and time. */
    public record Request(String destination, String context, List<String> eventTypes, List<String> registryPrefixes,
            List<String> resourceTypes, List<Map<String, String>> httpHeaders) {
    }

    private final EventSettings settings;
    private final SubscriptionStore store;
    private final EventPoster poster;
    private final EventStreams streams;
    private final Consumer<DeliveryOutcome> outcomes;
    private final ScheduledExecutorService delivery = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "redfish-event-delivery");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();
    private final Map<String, DeliveryQueue> queues = new LinkedHashMap<>();
    private boolean loaded;

    public EventSubscriptions(EventSettings settings, SubscriptionStore store, ImageAddressPolicy addresses,
            Consumer<DeliveryOutcome> outcomes) {
        this.settings = settings;
        this.store = store;
        this.poster = new EventPoster(addresses, settings.timeout());
        this.streams = new EventStreams(settings.maxStreams(), settings.queueSize());
        this.outcomes = outcomes;
    }

    public EventSettings settings() {
        return settings;
    }

    public EventStreams streams() {
        return streams;
    }

    public synchronized List<Subscription> visibleTo(Set<String> chassis) {
        load();
        return subscriptions.values().stream().filter(s -> s.visibleTo(chassis)).toList();
    }

    public synchronized Optional<Subscription> find(String id, Set<String> chassis) {
        load();
        return Optional.ofNullable(subscriptions.get(id)).filter(s -> s.visibleTo(chassis));
    }

    /**
     * @return the new subscription, or empty when {@code maxSubscriptions} exist
     * @throws IllegalArgumentException when the destination's address is refused (the reason is logged)
     */
    public synchronized Optional<Subscription> create(Request request, String owner, Set<String> chassis) {
        load();
        if (subscriptions.size() >= settings.maxSubscriptions()) {
            return Optional.empty();
        }
        if (!poster.admitted(URI.create(request.destination()))) {
            throw new IllegalArgumentException("destination refused by the address rules");
        }
        Subscription s = new Subscription(HexFormat.of().formatHex(bytes(8)), request.destination(),
                request.context(), "Redfish", request.eventTypes(), request.registryPrefixes(),
                request.resourceTypes(), request.httpHeaders(), chassis, owner, Instant.now());
        try {
            store.save(s);
        } catch (RuntimeException e) {
            throw new StoreUnavailable(e);
        }
        add(s);
        LOG.info(() -> "event subscription " + s.id() + " to " + EventPoster.origin(URI.create(s.destination()))
                + " created by " + owner);
        return Optional.of(s);
    }

    /** @return false when there was none of that id in these chassis */
    public synchronized boolean delete(String id, Set<String> chassis) {
        if (find(id, chassis).isEmpty()) {
            return false;
        }
        try {
            store.delete(id);
        } catch (RuntimeException e) {
            throw new StoreUnavailable(e);
        }
        subscriptions.remove(id);
        DeliveryQueue queue = queues.remove(id);
        if (queue != null) {
            queue.close();
        }
        LOG.info(() -> "event subscription " + id + " deleted");
        return true;
    }

    /** Hands the event to every subscription that wants it and every stream of its chassis; never waits. */
    public void publish(RedfishEvent event) {
        streams.publish(event);
        List<DeliveryQueue> targets;
        synchronized (this) {
            try {
                load();
            } catch (StoreUnavailable e) {
                LOG.warning(() -> "event " + event.eventId() + " not delivered to subscriptions: " + e.getMessage());
                return;
            }
            targets = subscriptions.values().stream().filter(s -> s.wants(event)).map(s -> queues.get(s.id()))
                    .toList();
        }
        targets.forEach(q -> q.offer(event));
    }

    /** Events of that subscription dropped because its queue was full. */
    public synchronized long dropped(String id) {
        DeliveryQueue queue = queues.get(id);
        return queue == null ? 0 : queue.dropped();
    }

    private void load() {
        if (loaded) {
            return;
        }
        List<Subscription> kept;
        try {
            kept = store.load();
        } catch (RuntimeException e) {
            throw new StoreUnavailable(e);
        }
        kept.forEach(this::add);
        loaded = true;
        if (!kept.isEmpty()) {
            LOG.info(() -> kept.size() + " event subscription(s) read from the store");
        }
    }

    private void add(Subscription s) {
        subscriptions.put(s.id(), s);
        queues.put(s.id(), new DeliveryQueue(s, poster, delivery, settings.queueSize(), settings.retryAttempts(),
                settings.retryInterval(), outcomes));
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    @Override
    public void close() {
        streams.closeAll();
        delivery.shutdownNow();
    }
}
