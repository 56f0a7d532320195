package org.kubevirtredfish.event;

/** What became of an event for one subscription: delivered (2xx), failed (retries exhausted), dropped (queue full). */
public enum DeliveryOutcome { delivered, failed, dropped }
