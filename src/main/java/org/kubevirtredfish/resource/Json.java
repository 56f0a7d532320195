package org.kubevirtredfish.resource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;

/** Building Redfish payloads: objects, {@code {"@odata.id": uri}} links and member lists. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** A resource's common head: {@code @odata.id}, {@code @odata.type}, {@code Id}, {@code Name}. */
    static ObjectNode resource(String odataId, String odataType, String id, String name) {
        ObjectNode o = object();
        o.put("@odata.id", odataId);
        o.put("@odata.type", odataType);
        o.put("Id", id);
        o.put("Name", name);
        return o;
    }

    static ObjectNode link(String uri) {
        ObjectNode o = object();
        o.put("@odata.id", uri);
        return o;
    }

    static ArrayNode links(Collection<String> uris) {
        ArrayNode a = MAPPER.createArrayNode();
        uris.forEach(u -> a.add(link(u)));
        return a;
    }

    /** A collection payload with its members and their count. */
    static ObjectNode collection(String odataId, String odataType, String name, Collection<String> members) {
        ObjectNode o = object();
        o.put("@odata.id", odataId);
        o.put("@odata.type", odataType);
        o.put("Name", name);
        o.set("Members", links(members));
        o.put("Members@odata.count", members.size());
        return o;
    }

    /** Sets {@code name} to a list of links and {@code name@odata.count} to its size. */
    static void linkList(ObjectNode target, String name, Collection<String> uris) {
        target.set(name, links(uris));
        target.put(name + "@odata.count", uris.size());
    }

    static ArrayNode strings(Collection<?> values) {
        ArrayNode a = MAPPER.createArrayNode();
        values.forEach(v -> a.add(String.valueOf(v)));
        return a;
    }
}
