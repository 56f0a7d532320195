package org.kubevirtredfish.message;

import java.util.List;
import java.util.Map;

/**
 * A request that ends in a Redfish error response: a status, the messages of its ExtendedInfo and
 * optional extra headers (Allow, Retry-After, WWW-Authenticate). Answered by {@link RedfishExceptionMapper}.
 */
public class RedfishException extends RuntimeException {

    private final int status;
    private final transient List<RedfishMessage> messages;
    private final transient Map<String, String> headers;

    public RedfishException(int status, List<RedfishMessage> messages) {
        this(status, messages, Map.of());
    }

    public RedfishException(int status, List<RedfishMessage> messages, Map<String, String> headers) {
        super(messages.isEmpty() ? "Redfish error " + status : messages.get(0).message().messageId(), null, false, false);
        this.status = status;
        this.messages = List.copyOf(messages);
        this.headers = Map.copyOf(headers);
    }

    public static RedfishException of(BaseMessage message, String... args) {
        return message.with(args).toException();
    }

    public int status() {
        return status;
    }

    public List<RedfishMessage> messages() {
        return messages;
    }

    public Map<String, String> headers() {
        return headers;
    }

}
