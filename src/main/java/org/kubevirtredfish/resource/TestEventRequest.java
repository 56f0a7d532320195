package org.kubevirtredfish.resource;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.kubevirtredfish.event.TestEvent;
import org.kubevirtredfish.message.BaseMessage;

/** The parameters of EventService.SubmitTestEvent (EventService v1_12_0), checked; every problem is reported. */
final class TestEventRequest {

    static final String ACTION = "EventService.SubmitTestEvent";
    /**
     * RegistryName.MajorVersion.MinorVersion.MessageKey: the action's pattern ({@code ^\w+\.\d+\.\d+\.\w+$},
     * EventService v1_12_0) without underscores, which the Event's MessageId pattern (Event v1_13_0) does not allow.
     */
    private static final Pattern MESSAGE_ID = Pattern.compile("[A-Za-z0-9]+\\.[0-9]+\\.[0-9]+\\.[A-Za-z0-9]+");
    /** A path of this service: RFC 3986 path characters only, so that it is a valid {@code @odata.id}. */
    private static final Pattern ORIGIN = Pattern.compile("/redfish/v1/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*");
    private static final Set<String> SEVERITIES = Set.of("OK", "Warning", "Critical");

    private TestEventRequest() {
    }

    /** The event the body describes, reaching what a user of these chassis sees. */
    static TestEvent parse(String body, Set<String> submitterChassis) {
        RequestBody request = RequestBody.parse(body, false);
        String messageId = null;
        String message = null;
        List<String> args = null;
        String severity = null;
        String origin = null;
        OffsetDateTime timestamp = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
        Long groupId = null;
        for (Map.Entry<String, JsonNode> field : request.json().properties()) {
            String name = field.getKey();
            JsonNode value = field.getValue();
            switch (name) {
                case "MessageId" -> messageId = matching(request, name, value, MESSAGE_ID);
                case "Message" -> message = text(request, name, value);
                case "MessageArgs" -> args = strings(request, name, value);
                case "MessageSeverity" -> severity = oneOf(request, name, value, SEVERITIES);
                case "OriginOfCondition" -> origin = matching(request, name, value, ORIGIN);
                case "EventTimestamp" -> {
                    String text = text(request, name, value);
                    if (text != null) {
                        try {
                            timestamp = OffsetDateTime.parse(text);
                        } catch (DateTimeParseException e) {
                            request.problem(BaseMessage.ActionParameterValueFormatError.with(text, name, ACTION));
                        }
                    }
                }
                case "EventGroupId" -> {
                    if (value.isIntegralNumber() && value.canConvertToLong()) {
                        groupId = value.asLong();
                    } else {
                        typeError(request, name, value);
                    }
                }
                case "EventId" -> text(request, name, value); // the service assigns its own, as the action allows
                case "EventType" -> oneOf(request, name, value, Set.of("Alert"));
                case "Severity" -> request.problem(BaseMessage.ActionParameterNotSupported.with(name, ACTION));
                default -> request.problem(BaseMessage.ActionParameterUnknown.with(ACTION, name));
            }
        }
        if (!request.json().has("MessageId")) {
            request.problem(BaseMessage.ActionParameterMissing.with(ACTION, "MessageId"));
        }
        request.throwIfAny();
        return new TestEvent(UUID.randomUUID().toString(), timestamp, submitterChassis, messageId, message, args,
                severity, origin, groupId);
    }

    private static String text(RequestBody request, String name, JsonNode value) {
        if (!value.isTextual()) {
            typeError(request, name, value);
            return null;
        }
        return value.asText();
    }

    private static String matching(RequestBody request, String name, JsonNode value, Pattern pattern) {
        String text = text(request, name, value);
        if (text != null && !pattern.matcher(text).matches()) {
            request.problem(BaseMessage.ActionParameterValueFormatError.with(text, name, ACTION));
            return null;
        }
        return text;
    }

    private static String oneOf(RequestBody request, String name, JsonNode value, Set<String> allowed) {
        String text = text(request, name, value);
        if (text != null && !allowed.contains(text)) {
            request.problem(BaseMessage.ActionParameterValueNotInList.with(text, name, ACTION));
            return null;
        }
        return text;
    }

    private static List<String> strings(RequestBody request, String name, JsonNode value) {
        List<String> result = new ArrayList<>();
        if (value.isArray()) {
            for (JsonNode item : value) {
                if (!item.isTextual()) {
                    typeError(request, name, value);
                    return null;
                }
                result.add(item.asText());
            }
            return result;
        }
        typeError(request, name, value);
        return null;
    }

    private static void typeError(RequestBody request, String name, JsonNode value) {
        request.problem(BaseMessage.ActionParameterValueTypeError.with(RequestBody.text(value), name, ACTION));
    }
}
