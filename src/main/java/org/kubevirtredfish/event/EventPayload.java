package org.kubevirtredfish.event;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The Redfish Event payload (#Event.v1_13_0.Event) of one event, as POSTed and as streamed. */
public final class EventPayload {

    public static final String TYPE = "#Event.v1_13_0.Event";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private EventPayload() {
    }

    /** @param context the subscription's Context, or null (SSE: no subscription) */
    public static ObjectNode of(SystemEvent event, String context) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("@odata.type", TYPE);
        o.put("Id", event.eventId());
        o.put("Name", "Event");
        if (context != null) {
            o.put("Context", context);
        }
        ArrayNode events = o.putArray("Events");
        ObjectNode record = events.addObject();
        record.put("EventType", SystemEvent.EVENT_TYPE);
        record.put("EventId", event.eventId());
        record.put("EventTimestamp", event.timestamp().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        record.put("MemberId", "0");
        record.put("MessageId", event.message().messageId());
        record.put("Message", event.text());
        ArrayNode args = record.putArray("MessageArgs");
        event.args().forEach(args::add);
        record.put("MessageSeverity", event.message().severity());
        record.putObject("OriginOfCondition").put("@odata.id", event.origin());
        o.put("Events@odata.count", 1);
        return o;
    }
}
