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
        RequestBody request = RequestBody.parse(body, false);
        if (request.json().isEmpty()) {
            request.problem(BaseMessage.EmptyJSON.with());
        }
        for (Map.Entry<String, JsonNode> field : request.json().properties()) {
            String name = field.getKey();
            if (name.startsWith("@odata.")) {
                continue;
            }
            if (name.equals("Attributes") && field.getValue().isObject()) {
                for (Map.Entry<String, JsonNode> attribute : field.getValue().properties()) {
                    String pointer = "#/Attributes/" + attribute.getKey();
                    request.problem((BiosAttributes.NAMES.contains(attribute.getKey())
                            ? BaseMessage.PropertyNotWritable.with(attribute.getKey())
                            : BaseMessage.PropertyUnknown.with(attribute.getKey())).about(pointer));
                }
            } else if (name.equals("Attributes")) {
                request.problem(BaseMessage.PropertyValueTypeError.with(RequestBody.text(field.getValue()), name)
                        .about("#/" + name));
            } else if (READ_ONLY.contains(name)) {
                request.problem(BaseMessage.PropertyNotWritable.with(name).about("#/" + name));
            } else {
                request.problem(BaseMessage.PropertyUnknown.with(name).about("#/" + name));
            }
        }
        request.throwIfAny();
    }
}
