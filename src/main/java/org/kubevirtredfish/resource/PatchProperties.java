package org.kubevirtredfish.resource;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Set;
import org.kubevirtredfish.message.BaseMessage;

/**
 * The top level of a PATCH body, as every PATCH of this service reads it: an empty object is EmptyJSON; OData
 * annotations of the resource ({@code @odata.id}, {@code @odata.etag}, ...), which generic clients such as DMTF's
 * Protocol Validator send back, are skipped; a property the resource lets change goes to its {@link Writable}; any
 * other is PropertyNotWritable when the resource has it read-only, else PropertyUnknown. Problems are collected in
 * the returned {@link RequestBody}, in the body's order, for the caller's {@link RequestBody#throwIfAny()}.
 */
final class PatchProperties {

    /** The properties a resource lets a PATCH change. */
    @FunctionalInterface
    interface Writable {

        /** Takes the property (reporting problems of its value to {@code request}); false when it is not writable. */
        boolean take(RequestBody request, String name, JsonNode value);
    }

    private PatchProperties() {
    }

    static RequestBody read(String body, Set<String> readOnly, Writable writable) {
        RequestBody request = RequestBody.parse(body, false);
        if (request.json().isEmpty()) {
            request.problem(BaseMessage.EmptyJSON.with());
        }
        for (Map.Entry<String, JsonNode> field : request.json().properties()) {
            String name = field.getKey();
            if (annotation(name) || writable.take(request, name, field.getValue())) {
                continue;
            }
            request.problem((readOnly.contains(name) ? BaseMessage.PropertyNotWritable.with(name)
                    : BaseMessage.PropertyUnknown.with(name)).about("#/" + name));
        }
        return request;
    }

    /** Whether the body holds OData annotations and nothing else (then a PATCH changes nothing). */
    static boolean annotationsOnly(RequestBody request) {
        return !request.json().isEmpty() && request.json().properties().stream().allMatch(f -> annotation(f.getKey()));
    }

    /** An OData annotation of the resource itself, such as {@code @odata.id} or {@code @odata.etag}. */
    private static boolean annotation(String name) {
        return name.startsWith("@odata.");
    }
}
