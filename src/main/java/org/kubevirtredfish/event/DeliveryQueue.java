package org.kubevirtredfish.event;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The events waiting for one subscription, sent one at a time in order. {@link #offer} never waits: when the queue
 * is full the oldest event is dropped and counted. A POST that fails is retried {@code retryAttempts} times,
 * {@code retryInterval} apart, then that event is given up (counted as failed) and the next one is sent; the
 * subscription stays. Sending is asynchronous on the delivery executor, so no thread waits for a destination.
 */
final class DeliveryQueue {

    private final Subscription subscription;
    private final EventPoster poster;
    private final ScheduledExecutorService executor;
    private final int capacity;
    private final int retryAttempts;
    private final Duration retryInterval;
    private final Consumer<DeliveryOutcome> outcomes;
    private final Deque<RedfishEvent> queue = new ArrayDeque<>();
    private boolean sending;
    private boolean closed;
    private long dropped;

    DeliveryQueue(Subscription subscription, EventPoster poster, ScheduledExecutorService executor, int capacity,
            int retryAttempts, Duration retryInterval, Consumer<DeliveryOutcome> outcomes) {
        this.subscription = subscription;
        this.poster = poster;
        this.executor = executor;
        this.capacity = capacity;
        this.retryAttempts = retryAttempts;
        this.retryInterval = retryInterval;
        this.outcomes = outcomes;
    }

    void offer(RedfishEvent event) {
        boolean start;
        boolean droppedOne = false;
        synchronized (this) {
            if (closed) {
                return;
            }
            if (queue.size() >= capacity) {
                queue.pollFirst();
                dropped++;
                droppedOne = true;
            }
            queue.addLast(event);
            start = !sending;
            sending = true;
        }
        if (droppedOne) {
            outcomes.accept(DeliveryOutcome.dropped);
        }
        if (start) {
            executor.execute(this::sendNext);
        }
    }

    synchronized long dropped() {
        return dropped;
    }

    synchronized int waiting() {
        return queue.size();
    }

    /** Nothing more is sent (the subscription was deleted). */
    synchronized void close() {
        closed = true;
        queue.clear();
    }

    private void sendNext() {
        RedfishEvent next;
        synchronized (this) {
            next = closed ? null : queue.peekFirst();
            if (next == null) {
                sending = false;
                return;
            }
        }
        attempt(next, 0);
    }

    private void attempt(RedfishEvent event, int retry) {
        String body = EventPayload.of(event, subscription.context()).toString();
        poster.post(subscription, body).whenComplete((ok, error) -> {
            boolean delivered = Boolean.TRUE.equals(ok);
            if (!delivered && retry < retryAttempts && !isClosed()) {
                executor.schedule(() -> attempt(event, retry + 1), retryInterval.toMillis(), TimeUnit.MILLISECONDS);
                return;
            }
            synchronized (this) {
                if (queue.peekFirst() == event) {
                    queue.pollFirst(); // unless it was dropped meanwhile
                }
            }
            outcomes.accept(delivered ? DeliveryOutcome.delivered : DeliveryOutcome.failed);
            executor.execute(this::sendNext);
        });
    }

    private synchronized boolean isClosed() {
        return closed;
    }
}
