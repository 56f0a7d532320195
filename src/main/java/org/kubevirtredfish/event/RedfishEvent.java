package org.kubevirtredfish.event;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/** What the delivery queues and the streams carry: a change the service saw, or a test event a client submitted. */
public sealed interface RedfishEvent permits SystemEvent, TestEvent {

    /** Unique per event, across restarts; the payload's {@code Id} and its record's {@code EventId}. */
    String eventId();

    /** Whether a subscription or stream of a user of these chassis receives it. */
    boolean reaches(Set<String> recipientChassis);

    /** The one record of the Event payload's {@code Events} (EventRecord), {@code MemberId} included. */
    ObjectNode record();
}
