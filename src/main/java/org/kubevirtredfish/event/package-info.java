/**
 * The EventService: Redfish events derived from the gateway's state changes ({@link
 * org.kubevirtredfish.event.EventSource}), kept subscriptions ({@link org.kubevirtredfish.event.EventSubscriptions}
 * over a {@link org.kubevirtredfish.event.SubscriptionStore}), delivery by HTTP POST with retries and a bounded queue
 * per subscription ({@link org.kubevirtredfish.event.DeliveryQueue}), and Server-Sent Event streams
 * ({@link org.kubevirtredfish.event.EventStreams}).
 */
package org.kubevirtredfish.event;
