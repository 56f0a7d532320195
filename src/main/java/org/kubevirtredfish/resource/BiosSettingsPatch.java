package org.kubevirtredfish.resource;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Set;
import org.kubevirtredfish.message.BaseMessage;

/**
 * A PATCH of the BIOS settings object ({@code {"Attributes": {...}}}): every attribute this service reports is
 * read-only, so each one in the body is refused with PropertyNotWritable and nothing is applied; none is ignored.
 */
final class BiosSettingsPatch {

    private static final Set<String> READ_ONLY = Set.of("Id", "Name", "Description", "AttributeRegistry", "Actions",
            "Links", "Oem", "ResetBiosToDefaultsPending");

    private BiosSettingsPatch() {
    }

    /** Returns when the body changes nothing (annotations or an empty {@code Attributes} only); else 400. */
    static void check(String body) {
        PatchProperties.read(body, READ_ONLY, BiosSettingsPatch::attributes).throwIfAny();
    }

    private static boolean attributes(RequestBody request, String name, JsonNode value) {
        if (!name.equals("Attributes")) {
            return false;
        }
        if (!value.isObject()) {
            request.problem(BaseMessage.PropertyValueTypeError.with(RequestBody.text(value), name).about("#/" + name));
            return true;
        }
        for (Map.Entry<String, JsonNode> attribute : value.properties()) {
            String pointer = "#/Attributes/" + attribute.getKey();
            request.problem((BiosAttributes.NAMES.contains(attribute.getKey())
                    ? BaseMessage.PropertyNotWritable.with(attribute.getKey())
                    : BaseMessage.PropertyUnknown.with(attribute.getKey())).about(pointer));
        }
        return true;
    }
}
