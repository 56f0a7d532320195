package org.kubevirtredfish.resource;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.kubevirtredfish.message.BaseMessage;
import org.kubevirtredfish.message.RedfishException;
import org.kubevirtredfish.message.RedfishMessage;

/**
 * A JSON request body and the Redfish messages about it. Problems are collected, then {@link #throwIfAny()}
 * answers all of them at once (400, or the one message's own status), before anything is applied.
 */
final class RequestBody {

    /** Larger bodies are never legitimate for this service. */
    static final int MAX_LENGTH = org.kubevirtredfish.guard.BodyIntakeFilter.MAX_BYTES;

    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final ObjectNode json;
    private final List<RedfishMessage> problems = new ArrayList<>();

    private RequestBody(ObjectNode json) {
        this.json = json;
    }

    /** A body that must be a JSON object; {@code emptyAllowed}: no body at all reads as {@code {}}. */
    static RequestBody parse(String body, boolean emptyAllowed) {
        if (body == null || body.isBlank()) {
            if (emptyAllowed) {
                return new RequestBody(Json.object());
            }
            throw RedfishException.of(BaseMessage.MalformedJSON);
        }
        if (body.length() > MAX_LENGTH) {
            throw RedfishException.of(BaseMessage.PayloadTooLarge);
        }
        JsonNode node;
        try {
            node = STRICT.readTree(body);
        } catch (JsonProcessingException e) {
            throw RedfishException.of(BaseMessage.MalformedJSON);
        }
        if (!(node instanceof ObjectNode object)) {
            throw RedfishException.of(BaseMessage.UnrecognizedRequestBody);
        }
        return new RequestBody(object);
    }

    ObjectNode json() {
        return json;
    }

    void problem(RedfishMessage message) {
        problems.add(message);
    }


    void throwIfAny() {
        if (problems.size() == 1) {
            throw problems.get(0).toException();
        }
        if (!problems.isEmpty()) {
            throw new RedfishException(400, problems);
        }
    }

    /** JSON text of a value for a message argument: strings bare, anything else as JSON. */
    static String text(JsonNode value) {
        return value.isTextual() ? value.asText() : value.toString();
    }
}
