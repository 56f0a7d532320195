package org.kubevirtredfish.resource;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.kubevirtredfish.event.EventSubscriptions;
import org.kubevirtredfish.message.BaseMessage;

/**
 * The body of a POST to the Subscriptions collection, checked property by property; every problem is reported at
 * once with its Base registry message. What Ironic 21.4 sends (ironic/drivers/modules/redfish/vendor.py,
 * RedfishVendorPassthru.create_subscription): Destination, Protocol "Redfish", Context (default ""), EventTypes
 * (default ["Alert"]) and HttpHeaders when given.
 */
final class SubscriptionRequest {

    static final Set<String> EVENT_TYPES = Set.of("Alert");
    static final Set<String> REGISTRY_PREFIXES = Set.of("Base");
    static final Set<String> RESOURCE_TYPES = Set.of("ComputerSystem", "VirtualMedia");
    static final int MAX_HEADERS = 16;
    private static final Set<String> READ_ONLY = Set.of("@odata.id", "@odata.type", "@odata.context", "@odata.etag",
            "Id", "Name", "Description", "Status");
    /** Headers the HTTP client sets itself. */
    private static final Set<String> RESERVED_HEADERS = Set.of("host", "content-length", "content-type",
            "connection", "expect", "upgrade", "transfer-encoding", "te", "trailer", "keep-alive", "proxy-connection");

    private SubscriptionRequest() {
    }

    static EventSubscriptions.Request parse(String body) {
        RequestBody request = RequestBody.parse(body, false);
        String destination = null;
        String context = null;
        List<String> eventTypes = List.of();
        List<String> registryPrefixes = List.of();
        List<String> resourceTypes = List.of();
        List<Map<String, String>> headers = List.of();
        for (Map.Entry<String, JsonNode> field : request.json().properties()) {
            String name = field.getKey();
            JsonNode value = field.getValue();
            switch (name) {
                case "Destination" -> destination = destination(request, value);
                case "Protocol" -> fixed(request, name, value, "Redfish");
                case "SubscriptionType" -> fixed(request, name, value, "RedfishEvent");
                case "EventFormatType" -> fixed(request, name, value, "Event");
                case "Context" -> {
                    if (value.isTextual()) {
                        context = value.asText();
                    } else if (!value.isNull()) {
                        request.problem(BaseMessage.PropertyValueTypeError.with(RequestBody.text(value), name)
                                .about("#/" + name));
                    }
                }
                case "EventTypes" -> eventTypes = strings(request, name, value, EVENT_TYPES);
                case "RegistryPrefixes" -> registryPrefixes = strings(request, name, value, REGISTRY_PREFIXES);
                case "ResourceTypes" -> resourceTypes = strings(request, name, value, RESOURCE_TYPES);
                case "HttpHeaders" -> headers = headers(request, value);
                default -> request.problem((READ_ONLY.contains(name) ? BaseMessage.PropertyNotWritable.with(name)
                        : BaseMessage.PropertyUnknown.with(name)).about("#/" + name));
            }
        }
        for (String required : new String[] {"Destination", "Protocol"}) {
            if (!request.json().has(required)) {
                request.problem(BaseMessage.CreateFailedMissingReqProperties.with(required).about("#/" + required));
            }
        }
        request.throwIfAny();
        return new EventSubscriptions.Request(destination, context, eventTypes, registryPrefixes, resourceTypes,
                headers);
    }

    /** An absolute http or https URI with a host; the address rules are checked by the caller. */
    private static String destination(RequestBody request, JsonNode value) {
        if (!value.isTextual()) {
            request.problem(BaseMessage.PropertyValueTypeError.with(RequestBody.text(value), "Destination")
                    .about("#/Destination"));
            return null;
        }
        try {
            URI uri = new URI(value.asText());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
                    && uri.getRawUserInfo() == null && uri.getRawFragment() == null) {
                return uri.toString();
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        request.problem(BaseMessage.PropertyValueFormatError.with(value.asText(), "Destination")
                .about("#/Destination"));
        return null;
    }

    private static void fixed(RequestBody request, String name, JsonNode value, String only) {
        if (!value.isTextual()) {
            request.problem(BaseMessage.PropertyValueTypeError.with(RequestBody.text(value), name).about("#/" + name));
        } else if (!value.asText().equals(only)) {
            request.problem(BaseMessage.PropertyValueNotInList.with(value.asText(), name).about("#/" + name));
        }
    }

    private static List<String> strings(RequestBody request, String name, JsonNode value, Set<String> allowed) {
        if (!value.isArray()) {
            request.problem(BaseMessage.PropertyValueTypeError.with(RequestBody.text(value), name).about("#/" + name));
            return List.of();
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            if (!item.isTextual()) {
                request.problem(BaseMessage.PropertyValueTypeError.with(RequestBody.text(item), name + "/" + i)
                        .about("#/" + name + "/" + i));
            } else if (!allowed.contains(item.asText())) {
                request.problem(BaseMessage.PropertyValueNotInList.with(item.asText(), name + "/" + i)
                        .about("#/" + name + "/" + i));
            } else if (!values.contains(item.asText())) {
                values.add(item.asText());
            }
        }
        return values;
    }

    /** Header values are never echoed in a message: they may be credentials. */
    private static List<Map<String, String>> headers(RequestBody request, JsonNode value) {
        if (!value.isArray() || value.size() > MAX_HEADERS) {
            request.problem(BaseMessage.PropertyValueFormatError.with("(hidden)", "HttpHeaders")
                    .about("#/HttpHeaders"));
            return List.of();
        }
        List<Map<String, String>> headers = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            Map<String, String> header = new LinkedHashMap<>();
            boolean valid = item.isObject();
            if (valid) {
                for (Map.Entry<String, JsonNode> e : item.properties()) {
                    String headerName = e.getKey();
                    valid &= headerName.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")
                            && !RESERVED_HEADERS.contains(headerName.toLowerCase(Locale.ROOT))
                            && e.getValue().isTextual() && e.getValue().asText().matches("[\\x20-\\x7e\\t]*");
                    header.put(headerName, e.getValue().asText());
                }
            }
            if (!valid) {
                request.problem(BaseMessage.PropertyValueFormatError.with("(hidden)", "HttpHeaders/" + i)
                        .about("#/HttpHeaders/" + i));
            } else {
                headers.add(header);
            }
        }
        return headers;
    }
}
