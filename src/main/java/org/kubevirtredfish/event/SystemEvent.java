package org.kubevirtredfish.event;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * One event about an exposed system: the record of an Event payload plus what decides who receives it.
 *
 * @param eventId      unique per event, across restarts
 * @param systemId     the ComputerSystem's id
 * @param chassis      the chassis the system belongs to: only subscriptions and streams of one of them receive it
 * @param resourceType the DMTF schema of the resource that changed: ComputerSystem or VirtualMedia
 * @param origin       the URI of that resource (OriginOfCondition)
 */
public record SystemEvent(String eventId, Instant timestamp, String systemId, Set<String> chassis,
        String resourceType, String origin, EventMessage message, List<String> args) {

    /**
     * The deprecated EventType every event of this service carries. Ironic 21.4 sends {@code EventTypes: ["Alert"]}
     * when its caller gives none (ironic/drivers/modules/redfish/vendor.py, RedfishVendorPassthru.create_subscription),
     * and its validation refuses any list a caller gives (_validate_create_subscription compares the strings with
     * sushy's EventType enum members), so an Ironic (Metal3 BMCEventSubscription) subscription is always an
     * Alert one: our events are Alert so that it receives them.
     */
    public static final String EVENT_TYPE = "Alert";

    public SystemEvent {
        chassis = Set.copyOf(chassis);
        args = List.copyOf(args);
        if (args.size() != message.argCount()) {
            throw new IllegalArgumentException(message + " takes " + message.argCount() + " arguments");
        }
    }

    public String text() {
        return message.format(args);
    }
}
