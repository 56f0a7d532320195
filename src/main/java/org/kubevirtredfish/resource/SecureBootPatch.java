package org.kubevirtredfish.resource;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.kubevirtredfish.message.BaseMessage;

/**
 * A PATCH of a SecureBoot resource, which may change only {@code SecureBootEnable}. Every problem is reported at once;
 * OData annotations sent back with the payload are ignored, so a body of annotations only changes nothing.
 */
final class SecureBootPatch {

    static final String ENABLE = "SecureBootEnable";

    private static final Set<String> READ_ONLY = Set.of("Id", "Name", "Description", "SecureBootCurrentBoot",
            "SecureBootMode", "SecureBootDatabases", "Actions", "Oem");

    private SecureBootPatch() {
    }

    /** The requested SecureBootEnable, or empty when the body holds OData annotations only. */
    static Optional<Boolean> apply(String body) {
        RequestBody request = RequestBody.parse(body, false);
        if (request.json().isEmpty()) {
            request.problem(BaseMessage.EmptyJSON.with());
        }
        Boolean enable = null;
        for (Map.Entry<String, JsonNode> field : request.json().properties()) {
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (name.startsWith("@odata.")) {
                continue;
            }
            if (name.equals(ENABLE) && value.isBoolean()) {
                enable = value.asBoolean();
            } else if (name.equals(ENABLE)) {
                request.problem(BaseMessage.PropertyValueTypeError.with(RequestBody.text(value), name)
                        .about("#/" + name));
            } else if (READ_ONLY.contains(name)) {
                request.problem(BaseMessage.PropertyNotWritable.with(name).about("#/" + name));
            } else {
                request.problem(BaseMessage.PropertyUnknown.with(name).about("#/" + name));
            }
        }
        request.throwIfAny();
        return Optional.ofNullable(enable);
    }
}
