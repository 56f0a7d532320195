package org.kubevirtredfish.event;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The Redfish Event payload (#Event.v1_13_0.Event) of one event, as POSTed and as streamed. */
public final class EventPayload {

    public static final String TYPE = "#Event.v1_13_0.Event";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private EventPayload() {
    }

    /** @param context the subscription's Context, or null (SSE: no subscription) */
    public static ObjectNode of(RedfishEvent event, String context) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("@odata.type", TYPE);
        o.put("Id", event.eventId());
        o.put("Name", "Event");
        if (context != null) {
            o.put("Context", context);
        }
        o.putArray("Events").add(event.record());
        o.put("Events@odata.count", 1);
        return o;
    }
}
