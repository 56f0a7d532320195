package org.kubevirtredfish.message;

import java.util.ArrayList;
import java.util.List;

/**
 * One entry of {@code @Message.ExtendedInfo}: a Base message, its arguments and the JSON pointers of the
 * properties it is about.
 */
public record RedfishMessage(BaseMessage message, List<String> args, List<String> relatedProperties) {

    public RedfishMessage {
        if (args.size() != message.argCount()) {
            throw new IllegalArgumentException(message + " takes " + message.argCount() + " arguments");
        }
        args = List.copyOf(args);
        relatedProperties = List.copyOf(relatedProperties);
    }

    /** The same message about {@code pointer} (e.g. {@code #/Boot/BootSourceOverrideTarget}). */
    public RedfishMessage about(String pointer) {
        List<String> related = new ArrayList<>(relatedProperties);
        related.add(pointer);
        return new RedfishMessage(message, args, related);
    }

    /** The registry text with %1, %2... replaced by the arguments. */
    public String text() {
        String text = message.text();
        for (int i = args.size(); i >= 1; i--) {
            text = text.replace("%" + i, args.get(i - 1));
        }
        return text;
    }

    /** An exception answering this message alone, with the message's own status. */
    public RedfishException toException() {
        return new RedfishException(message.status(), List.of(this));
    }
}
