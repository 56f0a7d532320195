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
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.logging.Logger;
import org.kubevirtredfish.kubevirt.fabric8.ImageAddressPolicy;

/**
 * The subscriptions and where events go: each event to the delivery queue of every subscription that wants it and to
 * every open stream of its chassis. The store is the truth, shared by every replica and surviving restarts: creating
 * and deleting write it first; a lookup (GET, POST, DELETE of a subscription) reads it, so a subscription made
 * through one replica is found at once through another; the set that events go to is read again after the store
 * reported a change. Of several replicas only the one that {@code delivers} (the reconciler's leader) sends events to
 * subscriptions, so that each event reaches a subscriber once; every replica serves its own event streams.
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
    private final BooleanSupplier delivers;
    private boolean loaded;
    private boolean loadedOnce;

    /** One process: it delivers every event. */
    public EventSubscriptions(EventSettings settings, SubscriptionStore store, ImageAddressPolicy addresses,
            Consumer<DeliveryOutcome> outcomes) {
        this(settings, store, addresses, outcomes, () -> true);
    }

    /**
     * @param delivers whether this replica sends events to subscriptions now (asked per event)
     */
    public EventSubscriptions(EventSettings settings, SubscriptionStore store, ImageAddressPolicy addresses,
            Consumer<DeliveryOutcome> outcomes, BooleanSupplier delivers) {
        this.settings = settings;
        this.store = store;
        this.poster = new EventPoster(addresses, settings.timeout());
        this.streams = new EventStreams(settings.maxStreams(), settings.queueSize());
        this.outcomes = outcomes;
        this.delivers = delivers;
        store.watch(this::storeChanged);
    }

    public EventSettings settings() {
        return settings;
    }

    public EventStreams streams() {
        return streams;
    }

    public synchronized List<Subscription> visibleTo(Set<String> chassis) {
        reload();
        return subscriptions.values().stream().filter(s -> s.visibleTo(chassis)).toList();
    }

    public synchronized Optional<Subscription> find(String id, Set<String> chassis) {
        reload();
        return Optional.ofNullable(subscriptions.get(id)).filter(s -> s.visibleTo(chassis));
    }

    /**
     * @return the new subscription, or empty when {@code maxSubscriptions} exist
     * @throws IllegalArgumentException when the destination's address is refused (the reason is logged)
     */
    public synchronized Optional<Subscription> create(Request request, String owner, Set<String> chassis) {
        reload();
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
        drop(id);
        LOG.info(() -> "event subscription " + id + " deleted");
        return true;
    }

    /** Hands the event to every subscription that wants it and every stream of its chassis; never waits. */
    public void publish(RedfishEvent event) {
        streams.publish(event);
        if (!delivers.getAsBoolean()) {
            return;
        }
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

    /** How many subscriptions events go to, as of the store's last reported change. */
    synchronized int deliveringTo() {
        load();
        return queues.size();
    }

    /** Events of that subscription dropped because its queue was full. */
    public synchronized long dropped(String id) {
        DeliveryQueue queue = queues.get(id);
        return queue == null ? 0 : queue.dropped();
    }

    /** Another replica (or this one) created or deleted a subscription: read the store before the next event. */
    private synchronized void storeChanged() {
        loaded = false;
    }

    /** Reads the store now (a lookup must see what another replica did a moment ago). */
    private void reload() {
        loaded = false;
        load();
    }

    /** Makes the subscriptions those of the store (if not read since its last change), keeping the known queues. */
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
        Map<String, Subscription> byId = new LinkedHashMap<>();
        kept.forEach(s -> byId.put(s.id(), s));
        List.copyOf(subscriptions.keySet()).stream().filter(id -> !byId.containsKey(id)).forEach(this::drop);
        byId.values().stream().filter(s -> !subscriptions.containsKey(s.id())).forEach(this::add);
        loaded = true;
        if (!loadedOnce && !kept.isEmpty()) {
            LOG.info(() -> kept.size() + " event subscription(s) read from the store");
        }
        loadedOnce = true;
    }

    private void drop(String id) {
        subscriptions.remove(id);
        DeliveryQueue queue = queues.remove(id);
        if (queue != null) {
            queue.close();
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
        store.close();
        streams.closeAll();
        delivery.shutdownNow();
    }
}
