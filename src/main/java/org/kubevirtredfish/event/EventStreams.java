package org.kubevirtredfish.event;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * The open Server-Sent Event streams: at most {@code max} at a time, each receiving the events of its user's chassis
 * into a bounded queue (the oldest is dropped when a slow reader lets it fill). Each open stream is an
 * EventDestination of SubscriptionType SSE in the Subscriptions collection of the replica that serves it: it exists
 * while the connection is open, and deleting it ends the stream (DSP0266 v1.22.0, clause "Server-sent events").
 */
public final class EventStreams {

    /** Ids of stream destinations; the prefix keeps them apart from those of the kept subscriptions. */
    private static final String ID_PREFIX = "sse-";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int max;
    private final int capacity;
    private final Set<Stream> open = new CopyOnWriteArraySet<>();

    public EventStreams(int max, int capacity) {
        this.max = max;
        this.capacity = capacity;
    }

    /**
     * A new stream for a user of these chassis; empty when {@code max} are open.
     *
     * @param destination {@code redfish-sse://ip:port} of the client's connection (EventDestination Destination)
     */
    public synchronized Optional<Stream> open(String owner, Set<String> chassis, String destination) {
        if (open.size() >= max) {
            return Optional.empty();
        }
        Stream stream = new Stream(ID_PREFIX + hex(8), hex(16), owner, Set.copyOf(chassis), destination);
        open.add(stream);
        return Optional.of(stream);
    }

    /** The open streams a user of these chassis sees (those of a subset of his chassis), as subscriptions are. */
    public List<Stream> visibleTo(Set<String> userChassis) {
        return open.stream().filter(s -> userChassis.containsAll(s.chassis)).toList();
    }

    public Optional<Stream> find(String id, Set<String> userChassis) {
        return visibleTo(userChassis).stream().filter(s -> s.id.equals(id)).findFirst();
    }

    void publish(RedfishEvent event) {
        for (Stream stream : open) {
            if (event.reaches(stream.chassis)) {
                stream.offer(event);
            }
        }
    }

    public int openCount() {
        return open.size();
    }

    /**
     * One client's stream; {@link #close} it when the client is gone, or to end it (its EventDestination was
     * deleted): a reader waiting in {@link #next} returns at once.
     *
     * @param context the service-generated opaque string of its EventDestination (DSP0266: the client gives none)
     */
    public final class Stream implements AutoCloseable {

        private final String id;
        private final String context;
        private final String owner;
        private final Set<String> chassis;
        private final String destination;
        private final ArrayDeque<RedfishEvent> queue = new ArrayDeque<>();
        private boolean closed;

        private Stream(String id, String context, String owner, Set<String> chassis, String destination) {
            this.id = id;
            this.context = context;
            this.owner = owner;
            this.chassis = chassis;
            this.destination = destination;
        }

        public String id() {
            return id;
        }

        public String context() {
            return context;
        }

        public String owner() {
            return owner;
        }

        public String destination() {
            return destination;
        }

        private synchronized void offer(RedfishEvent event) {
            if (queue.size() >= capacity) {
                queue.poll();
            }
            queue.add(event);
            notifyAll();
        }

        /** The next event, or empty after {@code wait} without one (time for a keep-alive) or once closed. */
        public synchronized Optional<RedfishEvent> next(Duration wait) throws InterruptedException {
            long deadline = System.nanoTime() + wait.toNanos();
            while (queue.isEmpty() && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return Optional.empty();
                }
                wait(Math.max(1, left / 1_000_000));
            }
            return closed ? Optional.empty() : Optional.of(queue.poll());
        }

        public synchronized boolean isClosed() {
            return closed;
        }

        @Override
        public void close() {
            synchronized (this) {
                closed = true;
                notifyAll();
            }
            open.remove(this);
        }
    }

    private static String hex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** Ends every stream (the service stops). */
    public void closeAll() {
        open.forEach(Stream::close);
    }
}
