package org.kubevirtredfish.kubevirt;

/**
 * The state of one informer of the gateway: its resource (plural) and namespace, whether its first list has
 * synced, whether its watch is open, and how long ago it last delivered an event or a resync (-1: never).
 */
public record InformerHealth(String resource, String namespace, boolean synced, boolean watching,
        double secondsSinceLastEvent) {

    public boolean healthy() {
        return synced && watching;
    }
}
