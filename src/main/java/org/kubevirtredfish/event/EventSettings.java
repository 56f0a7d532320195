package org.kubevirtredfish.event;

import java.time.Duration;
import org.kubevirtredfish.config.ServiceSettings;

/**
 * The EventService's limits and delivery policy.
 *
 * @param retryAttempts   EventService DeliveryRetryAttempts: POSTs after the first that failed
 * @param retryInterval   EventService DeliveryRetryIntervalSeconds
 * @param queueSize       events kept per subscription while its destination does not take them
 * @param maxSubscriptions subscriptions in all
 * @param maxStreams      open SSE streams in all
 * @param timeout         connect and answer time of one POST
 */
public record EventSettings(int retryAttempts, Duration retryInterval, int queueSize, int maxSubscriptions,
        int maxStreams, Duration timeout) {

    public static EventSettings defaults() {
        return new EventSettings(3, Duration.ofSeconds(30), 100, 32, 4, Duration.ofSeconds(10));
    }

    public static EventSettings from(ServiceSettings settings) {
        EventSettings d = defaults();
        return new EventSettings(
                atLeast(0, settings.integer("events.delivery_retry_attempts", d.retryAttempts())),
                Duration.ofSeconds(atLeast(1, settings.integer("events.delivery_retry_interval_seconds",
                        (int) d.retryInterval().toSeconds()))),
                atLeast(1, settings.integer("events.queue_size", d.queueSize())),
                atLeast(0, settings.integer("events.max_subscriptions", d.maxSubscriptions())),
                atLeast(0, settings.integer("events.max_streams", d.maxStreams())),
                Duration.ofSeconds(atLeast(1, settings.integer("events.delivery_timeout_seconds",
                        (int) d.timeout().toSeconds()))));
    }

    private static int atLeast(int min, int value) {
        return Math.max(min, value);
    }
}
