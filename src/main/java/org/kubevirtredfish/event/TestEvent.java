package org.kubevirtredfish.event;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;

/**
 * An event a client submitted with EventService.SubmitTestEvent, to check that events reach a destination. It reaches
 * what its submitter could see: subscriptions and streams of users whose chassis he holds all of (the rule by which
 * he sees a subscription), whatever their filters. Parameters the client left out are left out of the record, as the
 * DMTF action asks; {@code EventType} is always Alert (see {@link SystemEvent#EVENT_TYPE}).
 *
 * @param submitterChassis the chassis of the user who submitted it
 * @param message          null when not given; likewise messageArgs, severity, origin and groupId
 */
public record TestEvent(String eventId, OffsetDateTime timestamp, Set<String> submitterChassis, String messageId,
        String message, List<String> messageArgs, String severity, String origin, Long groupId)
        implements RedfishEvent {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public TestEvent {
        submitterChassis = Set.copyOf(submitterChassis);
        messageArgs = messageArgs == null ? null : List.copyOf(messageArgs);
    }

    @Override
    public boolean reaches(Set<String> recipientChassis) {
        return submitterChassis.containsAll(recipientChassis);
    }

    @Override
    public ObjectNode record() {
        ObjectNode record = MAPPER.createObjectNode();
        record.put("EventType", SystemEvent.EVENT_TYPE);
        record.put("EventId", eventId);
        // ISO_OFFSET_DATE_TIME keeps the seconds even when zero (toString drops them; RFC 3339 needs them)
        record.put("EventTimestamp", timestamp.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        record.put("MemberId", "0");
        record.put("MessageId", messageId);
        if (groupId != null) {
            record.put("EventGroupId", groupId);
        }
        if (message != null) {
            record.put("Message", message);
        }
        if (messageArgs != null) {
            ArrayNode args = record.putArray("MessageArgs");
            messageArgs.forEach(args::add);
        }
        if (severity != null) {
            record.put("MessageSeverity", severity);
        }
        if (origin != null) {
            record.putObject("OriginOfCondition").put("@odata.id", origin);
        }
        return record;
    }
}
