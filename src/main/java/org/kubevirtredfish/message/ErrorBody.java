package org.kubevirtredfish.message;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Builds the Redfish error body ({@code error.code}, {@code error.message}, {@code @Message.ExtendedInfo}). An
 * answer's size does not grow with the request: at most {@link #MAX_MESSAGES} messages, each echoed value cut to
 * {@link #MAX_ARG_LENGTH} characters (a 16 KB body of unknown properties once gave 2,002 messages, 726 KB).
 */
public final class ErrorBody {

    /** Enough to show a client every kind of mistake it made at once. */
    public static final int MAX_MESSAGES = 20;
    /** Long enough for any URI or value of this service; client text beyond it is cut. */
    public static final int MAX_ARG_LENGTH = 128;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ErrorBody() {
    }

    /** With one message, {@code code} is that message's id; with several, GeneralError's. */
    public static ObjectNode of(List<RedfishMessage> messages) {
        messages = bounded(messages);
        ObjectNode error = MAPPER.createObjectNode();
        if (messages.size() == 1) {
            error.put("code", messages.get(0).message().messageId());
            error.put("message", messages.get(0).text());
        } else {
            error.put("code", BaseMessage.GeneralError.messageId());
            error.put("message", BaseMessage.GeneralError.text());
        }
        error.set("@Message.ExtendedInfo", extendedInfo(messages));
        ObjectNode body = MAPPER.createObjectNode();
        body.set("error", error);
        return body;
    }

    /** The ExtendedInfo array alone (also used with 200 responses that carry warnings). */
    public static ArrayNode extendedInfo(List<RedfishMessage> messages) {
        ArrayNode info = MAPPER.createArrayNode();
        for (RedfishMessage m : bounded(messages)) {
            ObjectNode entry = info.addObject();
            entry.put("@odata.type", "#Message.v1_3_0.Message");
            entry.put("MessageId", m.message().messageId());
            entry.put("Message", m.text());
            ArrayNode args = entry.putArray("MessageArgs");
            m.args().forEach(args::add);
            if (!m.relatedProperties().isEmpty()) {
                ArrayNode related = entry.putArray("RelatedProperties");
                m.relatedProperties().forEach(related::add);
            }
            entry.put("MessageSeverity", m.message().severity().name());
            entry.put("Resolution", m.message().resolution());
        }
        return info;
    }

    private static List<RedfishMessage> bounded(List<RedfishMessage> messages) {
        return messages.stream().limit(MAX_MESSAGES).map(m -> m.bounded(MAX_ARG_LENGTH)).toList();
    }
}
