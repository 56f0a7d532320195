package org.kubevirtredfish.message;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One entry of {@code @Message.ExtendedInfo}: a Base message, its arguments and the JSON pointers of the
 * properties it is about.
 */
public record RedfishMessage(BaseMessage message, List<String> args, List<String> relatedProperties) {

    private static final Pattern PLACEHOLDER = Pattern.compile("%(\\d+)");

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
        // One pass: an argument that itself contains "%1" (client-supplied text) is not substituted again.
        Matcher m = PLACEHOLDER.matcher(message.text());
        StringBuilder text = new StringBuilder();
        while (m.find()) {
            int n = Integer.parseInt(m.group(1));
            m.appendReplacement(text, Matcher.quoteReplacement(n >= 1 && n <= args.size() ? args.get(n - 1) : m.group()));
        }
        m.appendTail(text);
        return text.toString();
    }

    /**
     * The same message with each argument and related property cut to {@code maxLength} characters (an ellipsis
     * marks the cut): arguments echo client input, and an answer must not grow with it.
     */
    public RedfishMessage bounded(int maxLength) {
        return new RedfishMessage(message, cut(args, maxLength), cut(relatedProperties, maxLength));
    }

    private static List<String> cut(List<String> values, int maxLength) {
        return values.stream().map(v -> v.length() <= maxLength ? v
                : v.substring(0, Character.isHighSurrogate(v.charAt(maxLength - 1)) ? maxLength - 1 : maxLength)
                        + "\u2026").toList();
    }

    /** An exception answering this message alone, with the message's own status. */
    public RedfishException toException() {
        return new RedfishException(message.status(), List.of(this));
    }
}
