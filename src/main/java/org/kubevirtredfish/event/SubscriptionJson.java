package org.kubevirtredfish.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** A subscription as the JSON document kept in the cluster (all of it, headers included). */
final class SubscriptionJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SubscriptionJson() {
    }

    static String write(Subscription s) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("id", s.id());
        o.put("destination", s.destination());
        o.put("context", s.context());
        o.put("protocol", s.protocol());
        strings(o.putArray("eventTypes"), s.eventTypes());
        strings(o.putArray("registryPrefixes"), s.registryPrefixes());
        strings(o.putArray("resourceTypes"), s.resourceTypes());
        ArrayNode headers = o.putArray("httpHeaders");
        s.httpHeaders().forEach(h -> {
            ObjectNode header = headers.addObject();
            h.forEach(header::put);
        });
        strings(o.putArray("chassis"), s.chassis());
        o.put("owner", s.owner());
        o.put("created", s.created().toString());
        return o.toString();
    }

    /** @throws IllegalArgumentException when the document is not one this class wrote */
    static Subscription read(String json) {
        try {
            JsonNode o = MAPPER.readTree(json);
            List<Map<String, String>> headers = new ArrayList<>();
            o.path("httpHeaders").forEach(h -> {
                Map<String, String> header = new LinkedHashMap<>();
                h.properties().forEach(e -> header.put(e.getKey(), e.getValue().asText()));
                headers.add(header);
            });
            return new Subscription(text(o, "id"), text(o, "destination"),
                    o.path("context").isNull() ? null : o.path("context").asText(), text(o, "protocol"),
                    strings(o.path("eventTypes")), strings(o.path("registryPrefixes")),
                    strings(o.path("resourceTypes")), headers, new LinkedHashSet<>(strings(o.path("chassis"))),
                    o.path("owner").asText(""), Instant.parse(text(o, "created")));
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalArgumentException("not a kept subscription: " + e.getClass().getSimpleName(), e);
        }
    }

    private static String text(JsonNode o, String field) {
        JsonNode value = o.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("no " + field);
        }
        return value.asText();
    }

    private static void strings(ArrayNode target, java.util.Collection<String> values) {
        values.forEach(target::add);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
