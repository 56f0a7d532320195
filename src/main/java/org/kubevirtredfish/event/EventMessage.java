package org.kubevirtredfish.event;

import java.util.List;

/**
 * The messages of the DMTF Base registry (1.22.1) that events are made of, with the registry's texts and severities;
 * a unit test checks them against the registry file. Base is the only registry this service uses, so it is the one
 * prefix a subscription can ask for.
 */
public enum EventMessage {
    /** A property of a system or its virtual media took a new value (PowerState, boot override, Inserted). */
    PropertyValueModified(2, "Warning",
            "The property %1 was assigned the value '%2' due to modification by the service."),
    /** The import of the inserted image failed: no image to boot, a held power-on is dropped. */
    OperationFailed(0, "Warning",
            "An error occurred internal to the service as part of the overall request.  Partial results may have been returned.");

    public static final String REGISTRY_PREFIX = "Base";
    static final String REGISTRY = "Base.1.22";

    private final int argCount;
    private final String severity;
    private final String text;

    EventMessage(int argCount, String severity, String text) {
        this.argCount = argCount;
        this.severity = severity;
        this.text = text;
    }

    public String messageId() {
        return REGISTRY + "." + name();
    }

    public int argCount() {
        return argCount;
    }

    /** Resource.Health: OK, Warning or Critical. */
    public String severity() {
        return severity;
    }

    public String text() {
        return text;
    }

    String format(List<String> args) {
        String result = text;
        for (int i = args.size(); i >= 1; i--) {
            result = result.replace("%" + i, args.get(i - 1));
        }
        return result;
    }
}
