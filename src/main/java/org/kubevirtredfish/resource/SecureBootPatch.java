package org.kubevirtredfish.resource;

import com.fasterxml.jackson.databind.JsonNode;
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
        RequestBody request = PatchProperties.read(body, READ_ONLY, SecureBootPatch::enable);
        request.throwIfAny();
        JsonNode enable = request.json().get(ENABLE);
        return enable == null ? Optional.empty() : Optional.of(enable.asBoolean());
    }

    private static boolean enable(RequestBody request, String name, JsonNode value) {
        if (!name.equals(ENABLE)) {
            return false;
        }
        if (!value.isBoolean()) {
            request.problem(BaseMessage.PropertyValueTypeError.with(RequestBody.text(value), name).about("#/" + name));
        }
        return true;
    }
}
