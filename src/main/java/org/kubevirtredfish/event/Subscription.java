package org.kubevirtredfish.event;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An EventDestination: where to POST which events. It belongs to the chassis of the user who created it: it receives
 * events of systems of those chassis only, and only users who hold all of them see or delete it.
 *
 * @param httpHeaders headers sent with every POST (e.g. credentials of the receiver); never shown again
 * @param owner       the user who created it (ConfigureSelf: a user may delete his own)
 */
public record Subscription(String id, String destination, String context, String protocol, List<String> eventTypes,
        List<String> registryPrefixes, List<String> resourceTypes, List<Map<String, String>> httpHeaders,
        Set<String> chassis, String owner, Instant created) {

    public Subscription {
        eventTypes = List.copyOf(eventTypes);
        registryPrefixes = List.copyOf(registryPrefixes);
        resourceTypes = List.copyOf(resourceTypes);
        httpHeaders = httpHeaders.stream().map(Map::copyOf).toList();
        chassis = Set.copyOf(chassis);
    }

    /**
     * A test event reaches it whatever its filters (it checks the path to the destination); another event must be of
     * one of its chassis and pass its filters (an empty filter passes everything).
     */
    public boolean wants(RedfishEvent event) {
        if (event instanceof TestEvent test) {
            return test.reaches(chassis);
        }
        return event.reaches(chassis) && event instanceof SystemEvent system
                && (eventTypes.isEmpty() || eventTypes.contains(SystemEvent.EVENT_TYPE))
                && (registryPrefixes.isEmpty() || registryPrefixes.contains(EventMessage.REGISTRY_PREFIX))
                && (resourceTypes.isEmpty() || resourceTypes.contains(system.resourceType()));
    }

    /** A user sees it when he holds every chassis it belongs to. */
    public boolean visibleTo(Set<String> userChassis) {
        return userChassis.containsAll(chassis);
    }

    @Override
    public String toString() {
        return "Subscription[" + id + " to " + destination + "]"; // never the headers
    }
}
