package org.kubevirtredfish.event;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.TimeUnit;

/**
 * The open Server-Sent Event streams: at most {@code max} at a time, each receiving the events of its user's chassis
 * into a bounded queue (the oldest is dropped when a slow reader lets it fill).
 */
public final class EventStreams {

    private final int max;
    private final int capacity;
    private final Set<Stream> open = new CopyOnWriteArraySet<>();

    public EventStreams(int max, int capacity) {
        this.max = max;
        this.capacity = capacity;
    }

    /** A new stream for a user of these chassis; empty when {@code max} are open. */
    public synchronized Optional<Stream> open(Set<String> chassis) {
        if (open.size() >= max) {
            return Optional.empty();
        }
        Stream stream = new Stream(Set.copyOf(chassis));
        open.add(stream);
        return Optional.of(stream);
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

    /** One client's stream; {@link #close} it when the client is gone. */
    public final class Stream implements AutoCloseable {

        private final Set<String> chassis;
        private final BlockingQueue<RedfishEvent> queue = new ArrayBlockingQueue<>(capacity);
        private volatile boolean closed;

        private Stream(Set<String> chassis) {
            this.chassis = chassis;
        }

        private void offer(RedfishEvent event) {
            while (!queue.offer(event)) {
                queue.poll();
            }
        }

        /** The next event, or empty after {@code wait} without one (time for a keep-alive) or once closed. */
        public Optional<RedfishEvent> next(Duration wait) throws InterruptedException {
            if (closed) {
                return Optional.empty();
            }
            return Optional.ofNullable(queue.poll(wait.toMillis(), TimeUnit.MILLISECONDS));
        }

        public boolean isClosed() {
            return closed;
        }

        @Override
        public void close() {
            closed = true;
            open.remove(this);
        }
    }

    /** Ends every stream (the service stops). */
    public void closeAll() {
        open.forEach(Stream::close);
    }
}
