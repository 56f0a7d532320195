package org.kubevirtredfish.event;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
        String resourceType, String origin, EventMessage message, List<String> args) implements RedfishEvent {

    private static final ObjectMapper MAPPER = new ObjectMapper();

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

    /** Streams and subscriptions of users who hold one of the system's chassis. */
    @Override
    public boolean reaches(Set<String> recipientChassis) {
        return chassis.stream().anyMatch(recipientChassis::contains);
    }

    @Override
    public ObjectNode record() {
        ObjectNode record = MAPPER.createObjectNode();
        record.put("EventType", EVENT_TYPE);
        record.put("EventId", eventId);
        record.put("EventTimestamp", timestamp.truncatedTo(ChronoUnit.SECONDS).toString());
        record.put("MemberId", "0");
        record.put("MessageId", message.messageId());
        record.put("Message", text());
        ArrayNode array = record.putArray("MessageArgs");
        args.forEach(array::add);
        record.put("MessageSeverity", message.severity());
        record.putObject("OriginOfCondition").put("@odata.id", origin);
        return record;
    }
}
