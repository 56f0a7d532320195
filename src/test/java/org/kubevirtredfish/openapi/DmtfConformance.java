package org.kubevirtredfish.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.kubevirtredfish.openapi.DmtfSchemaBundle.Node;

/**
 * Checks an OpenAPI document against the DMTF Redfish JSON schemas: every path is a URI DMTF gives the resource
 * (its {@code uris}), a DSP0266 service URI or an action of a declared resource; every property name, type, format
 * and enum value of a schema exists in the DMTF definition of the version its {@code @odata.type} names (through
 * DMTF's {@code $ref} and {@code anyOf}); a PATCH body holds only writable properties; POST and DELETE only where
 * DMTF marks the resource insertable or deletable. Properties under {@code Oem} are the service's own: they are
 * exempt, but must be typed.
 *
 * <p>{@link #check()} returns one line per mismatch; an empty list means the document conforms.
 */
final class DmtfConformance {

    /**
     * The URIs DSP0266 itself defines (Redfish Specification 1.21, "Redfish-defined URIs and relative reference
     * rules"): they serve protocol documents, not resources of a DSP8010 schema.
     */
    static final Set<String> PROTOCOL_URIS = Set.of("/redfish", "/redfish/v1/odata", "/redfish/v1/$metadata",
            "/redfish/v1/openapi.yaml");

    /**
     * A CSDL schema file the service hosts itself for its OEM extensions (DSP0266 1.21, "Schema repository" and
     * "OEM extensions": a service may serve the CSDL of its own namespaces and reference it from $metadata's
     * {@code edmx:Reference}). It is a schema document served as XML, not a resource of a DSP8010 schema.
     */
    private static final Pattern LOCAL_CSDL = Pattern.compile("/redfish/v1/Schemas/[A-Za-z0-9]+_v[0-9]+\\.xml");

    /**
     * DSP0266 1.21, "POST (create)": a POST to a resource collection may also be sent to the collection's
     * {@code Members} property, and a service that creates members shall accept both forms.
     */
    private static final String MEMBERS = "/Members";

    private static final String SETTINGS = "/Settings";

    /** Component schemas of protocol documents (DSP0266), which no DSP8010 schema defines. */
    static final Set<String> PROTOCOL_SCHEMAS = Set.of("RedfishVersions", "ODataServiceDocument");

    /** Component schemas that name no {@code @odata.type} but are a DMTF definition. */
    static final Map<String, String[]> UNTYPED_DMTF_SCHEMAS = Map.of(
            "RedfishError", new String[] {"redfish-error.v1_0_2.json", "RedfishError"});

    private static final String PAYLOAD_ANNOTATIONS = "redfish-payload-annotations-v1.json";
    private static final Pattern ACTION_PATH = Pattern.compile("(.+)/Actions/([A-Za-z]+)\\.([A-Za-z]+)");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{[^/{}]+}");

    private final JsonNode doc;
    private final DmtfSchemaBundle dmtf;
    private final Set<String> mismatches = new LinkedHashSet<>();
    private final Set<String> visitedSchemas = new TreeSet<>();

    DmtfConformance(JsonNode openApi, DmtfSchemaBundle dmtf) {
        this.doc = openApi;
        this.dmtf = dmtf;
    }

    List<String> check() {
        checkPaths();
        checkComponentSchemas();
        return new ArrayList<>(mismatches);
    }

    // ------------------------------------------------------------------------------------------------ paths

    /**
     * The Server-Sent Event stream an EventService names in {@code ServerSentEventUri} (DSP0266 1.21, "Server-sent
     * events"): a URI the service chooses, answering {@code text/event-stream}, not a resource of a DSP8010 schema.
     */
    private static boolean isEventStream(JsonNode item) {
        JsonNode content = item.path("get").path("responses").path("200").path("content");
        return content.size() == 1 && content.has("text/event-stream");
    }

    private void checkPaths() {
        JsonNode paths = doc.path("paths");
        for (Iterator<String> it = paths.fieldNames(); it.hasNext(); ) {
            String path = it.next();
            JsonNode item = paths.get(path);
            if (PROTOCOL_URIS.contains(path)) {
                continue;
            }
            if (LOCAL_CSDL.matcher(path).matches()) {
                checkLocalCsdl(path, item);
                continue;
            }
            if (isEventStream(item)) {
                continue;
            }
            if (path.endsWith(MEMBERS) && resourceType(path) == null) {
                checkMembersPost(path, item, path.substring(0, path.length() - MEMBERS.length()));
                continue;
            }
            var action = ACTION_PATH.matcher(path);
            if (action.matches()) {
                checkActionPath(path, item, action.group(1), action.group(2), action.group(3));
                continue;
            }
            String odataType = resourceType(path);
            if (odataType == null) {
                mismatches.add(path + ": no GET answering a schema with an @odata.type, so no DMTF resource to"
                        + " check the path against");
                continue;
            }
            String schema = schemaName(odataType);
            JsonNode unversioned = dmtf.file(schema + ".json").path("definitions").path(schema);
            JsonNode uris = unversioned.get("uris");
            if (uris != null && !matchesAny(path, uris) && !settingsObject(path, uris)) {
                mismatches.add(path + ": not a URI of DMTF " + schema + " (uris " + uris + ")");
            }
            checkMethods(path, item, schema, unversioned, odataType);
        }
    }

    private void checkMethods(String path, JsonNode item, String schema, JsonNode unversioned, String odataType) {
        for (Iterator<String> m = item.fieldNames(); m.hasNext(); ) {
            String method = m.next();
            JsonNode op = item.get(method);
            switch (method) {
                case "parameters", "summary", "description", "get" -> { }
                case "patch" -> {
                    flag(unversioned, "updatable", path + ": PATCH, but DMTF " + schema + " is not updatable");
                    checkRequestBody(path + " PATCH", op, dmtf.definitionOfType(odataType), true);
                }
                case "delete" -> flag(unversioned, "deletable",
                        path + ": DELETE, but DMTF " + schema + " is not deletable");
                case "post" -> {
                    flag(unversioned, "insertable", path + ": POST, but DMTF " + schema + " is not insertable");
                    Node member = unversioned.path("insertable").asBoolean(false) ? memberDefinition(schema) : null;
                    if (member != null) {
                        checkRequestBody(path + " POST", op, member, false);
                    }
                }
                default -> mismatches.add(path + ": " + method.toUpperCase() + " is no Redfish operation on "
                        + schema);
            }
        }
    }

    /** A hosted CSDL file: only GET, answering XML (no JSON resource hides behind the schema path). */
    private void checkLocalCsdl(String path, JsonNode item) {
        for (Iterator<String> m = item.fieldNames(); m.hasNext(); ) {
            String method = m.next();
            if (!method.equals("get") && !method.equals("parameters") && !method.equals("summary")
                    && !method.equals("description")) {
                mismatches.add(path + ": " + method.toUpperCase() + " on a CSDL schema file (DSP0266: GET only)");
            }
        }
        JsonNode content = item.path("get").path("responses").path("200").path("content");
        if (!content.has("application/xml") || content.size() != 1) {
            mismatches.add(path + ": a CSDL schema file answers application/xml only");
        }
    }

    /**
     * {@code <collection>/Members}: only POST, and only where the collection itself is declared with GET and
     * DMTF marks it insertable; the body is checked as a POST to the collection.
     */
    private void checkMembersPost(String path, JsonNode item, String collectionPath) {
        String odataType = resourceType(collectionPath);
        if (odataType == null) {
            mismatches.add(path + ": the Members of " + collectionPath + ", which the document does not declare"
                    + " with GET");
            return;
        }
        for (Iterator<String> m = item.fieldNames(); m.hasNext(); ) {
            String method = m.next();
            if (!method.equals("post") && !method.equals("parameters") && !method.equals("summary")
                    && !method.equals("description")) {
                mismatches.add(path + ": " + method.toUpperCase() + " on a collection's Members (DSP0266: POST"
                        + " only)");
            }
        }
        if (item.has("post")) {
            String schema = schemaName(odataType);
            JsonNode unversioned = dmtf.file(schema + ".json").path("definitions").path(schema);
            ObjectNode postOnly = JsonNodeFactory.instance.objectNode();
            postOnly.set("post", item.get("post"));
            checkMethods(path, postOnly, schema, unversioned, odataType);
        }
    }

    private void flag(JsonNode unversioned, String capability, String mismatch) {
        if (!unversioned.path(capability).asBoolean(false)) {
            mismatches.add(mismatch);
        }
    }

    /** {@code <resource>/Actions/<Schema>.<Action>}: the resource is declared and its DMTF version has the action. */
    private void checkActionPath(String path, JsonNode item, String resourcePath, String schema, String action) {
        String odataType = resourceType(resourcePath);
        if (odataType == null) {
            mismatches.add(path + ": an action of " + resourcePath + ", which the document does not declare with GET");
            return;
        }
        if (!schemaName(odataType).equals(schema)) {
            mismatches.add(path + ": action of " + schema + " on a " + schemaName(odataType) + " resource");
            return;
        }
        Node resource = dmtf.definitionOfType(odataType);
        String versionedFile = resource.file();
        Node actionDef = dmtf.definition(versionedFile, action);
        JsonNode actions = dmtf.definition(versionedFile, "Actions") == null ? null
                : dmtf.definition(versionedFile, "Actions").json().path("properties").get("#" + schema + "." + action);
        if (actionDef == null || actions == null) {
            mismatches.add(path + ": DMTF " + odataType + " has no action #" + schema + "." + action);
            return;
        }
        for (Iterator<String> m = item.fieldNames(); m.hasNext(); ) {
            String method = m.next();
            if (method.equals("post")) {
                ObjectNode parameters = JsonNodeFactory.instance.objectNode();
                parameters.put("type", "object");
                parameters.set("properties", actionDef.json().path("parameters"));
                checkRequestBody(path + " POST", item.get(method),
                        new Node(versionedFile, actionDef.pointer() + "/parameters", parameters), false);
            } else if (!method.equals("parameters") && !method.equals("summary") && !method.equals("description")) {
                mismatches.add(path + ": " + method.toUpperCase() + " on an action (DSP0266: actions are POST)");
            }
        }
    }

    private void checkRequestBody(String where, JsonNode op, Node dmtfDefinition, boolean patch) {
        JsonNode body = op.get("requestBody");
        if (body == null) {
            return;
        }
        JsonNode schema = deref(body).path("content").path("application/json").get("schema");
        if (schema != null) {
            compare(schema, List.of(dmtfDefinition), where + " body", patch);
        }
    }

    /** The member definition of a DMTF collection, in the version the document names for it when it names one. */
    private Node memberDefinition(String collectionSchema) {
        Node definition = dmtf.definition(collectionSchema + ".json", collectionSchema);
        Node collection = null;
        JsonNode ref = null;
        for (Node alt : definition == null ? List.<Node>of() : dmtf.alternatives(definition)) {
            JsonNode r = alt.json().path("properties").path("Members").path("items").get("$ref");
            if (r != null) {
                collection = alt;
                ref = r;
            }
        }
        if (ref == null) {
            mismatches.add(collectionSchema + ": POST, but DMTF " + collectionSchema + " is no collection");
            return null;
        }
        String member = ref.asText().replaceAll("^.*/definitions/", "");
        for (JsonNode schema : doc.path("components").path("schemas")) {
            String type = schema.path("properties").path("@odata.type").path("const").asText("");
            if (type.startsWith("#" + member + ".v") && type.endsWith("." + member)) {
                return dmtf.definitionOfType(type);
            }
        }
        return dmtf.resolve(collection, ref.asText());
    }

    /** The {@code @odata.type} of the schema a path's GET answers with 200, or null. */
    private String resourceType(String path) {
        JsonNode schema = doc.path("paths").path(path).path("get").path("responses").path("200")
                .path("content").path("application/json").path("schema");
        if (schema.isMissingNode()) {
            return null;
        }
        JsonNode type = deref(schema).path("properties").path("@odata.type").path("const");
        return type.isTextual() ? type.asText() : null;
    }

    private static String schemaName(String odataType) {
        String t = odataType.substring(1);
        return t.substring(0, t.indexOf('.'));
    }

    /**
     * The settings object of a resource with {@code @Redfish.Settings} (DSP0266 1.21, "Settings resource"): a resource
     * of the same schema whose URI the annotation's {@code SettingsObject} gives; DSP8010 lists no URI for it, this
     * service puts it at the resource's URI plus {@code /Settings}.
     */
    private static boolean settingsObject(String path, JsonNode uris) {
        return path.endsWith(SETTINGS) && matchesAny(path.substring(0, path.length() - SETTINGS.length()), uris);
    }

    private static boolean matchesAny(String path, JsonNode uris) {
        String ours = normalize(path);
        for (JsonNode uri : uris) {
            if (normalize(uri.asText()).equals(ours)) {
                return true;
            }
        }
        return false;
    }

    /** Placeholders as {@code {}} (the name is documentation), no trailing slash. */
    private static String normalize(String uri) {
        String u = PLACEHOLDER.matcher(uri).replaceAll("{}");
        return u.length() > 1 && u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
    }

    // ------------------------------------------------------------------------------------------------ schemas

    private void checkComponentSchemas() {
        JsonNode schemas = doc.path("components").path("schemas");
        for (Iterator<String> it = schemas.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            JsonNode schema = schemas.get(name);
            JsonNode type = schema.path("properties").path("@odata.type").path("const");
            if (type.isTextual()) {
                visitedSchemas.add(name);
                compare(schema, List.of(dmtf.definitionOfType(type.asText())), name, false);
            } else if (UNTYPED_DMTF_SCHEMAS.containsKey(name)) {
                visitedSchemas.add(name);
                String[] def = UNTYPED_DMTF_SCHEMAS.get(name);
                compare(schema, List.of(dmtf.definition(def[0], def[1])), name, false);
            }
        }
        for (Iterator<String> it = schemas.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!visitedSchemas.contains(name) && !PROTOCOL_SCHEMAS.contains(name)) {
                mismatches.add("#/components/schemas/" + name + ": checked against no DMTF definition (used by no"
                        + " checked resource, request body or action)");
            }
        }
    }

    /** Our schema {@code oas} against the DMTF alternatives {@code dmtfNodes}. */
    private void compare(JsonNode oas, List<Node> dmtfNodes, String where, boolean patch) {
        for (JsonNode alt : oasAlternatives(oas, where)) {
            compareConcrete(alt, dmtfNodes, where, patch);
        }
    }

    private void compareConcrete(JsonNode oas, List<Node> dmtfNodes, String where, boolean patch) {
        List<Node> alts = new ArrayList<>();
        JsonNode odataType = oas.path("properties").path("@odata.type");
        JsonNode typeConst = odataType.isMissingNode() ? null : deref(odataType).get("const");
        if (typeConst != null && typeConst.isTextual()) {
            alts.addAll(dmtf.alternatives(dmtf.definitionOfType(typeConst.asText())));
        } else {
            for (Node n : dmtfNodes) {
                alts.addAll(dmtf.alternatives(n));
            }
        }
        String dmtfWhere = describe(alts);
        compareTypes(oas, alts, where, dmtfWhere);
        compareEnums(oas, alts, where, dmtfWhere);
        JsonNode props = oas.get("properties");
        if (props != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> p = it.next();
                compareProperty(p.getKey(), p.getValue(), alts, where + "/" + p.getKey(), dmtfWhere, patch);
            }
        }
        JsonNode items = oas.get("items");
        if (items != null) {
            List<Node> dmtfItems = new ArrayList<>();
            for (Node a : alts) {
                if (a.json().has("items")) {
                    dmtfItems.add(a.child("items", a.json().get("items")));
                }
            }
            if (dmtfItems.isEmpty()) {
                if (!anyType(alts)) {
                    mismatches.add(where + ": an array, DMTF " + dmtfWhere + " has no items");
                }
            } else {
                compare(items, dmtfItems, where + "[]", patch);
            }
        }
    }

    private void compareProperty(String name, JsonNode oas, List<Node> alts, String where, String dmtfWhere,
            boolean patch) {
        List<Node> dmtfProps = members(alts, "properties", name);
        if (name.equals("Oem")) {
            if (dmtfProps.isEmpty()) {
                mismatches.add(where + ": DMTF " + dmtfWhere + " has no Oem property");
            }
            requireTyped(oas, where);
            return;
        }
        if (dmtfProps.isEmpty() && name.contains("@")) {
            compareAnnotation(name, oas, alts, where, dmtfWhere);
            return;
        }
        if (dmtfProps.isEmpty()) {
            dmtfProps = patternMembers(alts, name);
        }
        if (dmtfProps.isEmpty()) {
            mismatches.add(where + ": no property " + name + " in DMTF " + dmtfWhere);
            return;
        }
        if (patch) {
            for (Node p : dmtfProps) {
                if (p.json().path("readonly").asBoolean(false)) {
                    mismatches.add(where + ": in a PATCH body, but DMTF " + dmtfWhere + " marks it read-only");
                }
            }
        }
        compare(oas, dmtfProps, where, patch);
    }

    /** {@code Property@Namespace.Term} or {@code @Namespace.Term}: a DMTF payload annotation the definition allows. */
    private void compareAnnotation(String name, JsonNode oas, List<Node> alts, String where, String dmtfWhere) {
        String prefix = name.substring(0, name.indexOf('@'));
        if (!allowsPattern(alts, name)) {
            mismatches.add(where + ": DMTF " + dmtfWhere + " allows no annotation " + name);
            return;
        }
        JsonNode annotations = dmtf.file(PAYLOAD_ANNOTATIONS);
        boolean known = annotations.path("properties").has(name);
        for (Iterator<String> it = annotations.path("patternProperties").fieldNames(); !known && it.hasNext(); ) {
            known = Pattern.compile(it.next()).matcher(name).find();
        }
        if (!known) {
            mismatches.add(where + ": " + name.substring(prefix.length()) + " is no DMTF payload annotation");
            return;
        }
        if (prefix.isEmpty()) {
            return;
        }
        List<Node> annotated = members(alts, "properties", prefix);
        annotated.addAll(members(alts, "parameters", prefix));
        if (annotated.isEmpty()) {
            mismatches.add(where + ": annotates " + prefix + ", which is no property or parameter of DMTF "
                    + dmtfWhere);
        } else if (name.endsWith("@Redfish.AllowableValues")) {
            JsonNode items = deref(oas).get("items");
            if (items != null) {
                compare(items, annotated, where + "[]", false);
            }
        } else if (name.endsWith("@odata.count")) {
            compareTypes(deref(oas), List.of(new Node(PAYLOAD_ANNOTATIONS, "/patternProperties",
                    JsonNodeFactory.instance.objectNode().put("type", "integer"))), where, "@odata.count");
        }
    }

    private void compareTypes(JsonNode oas, List<Node> alts, String where, String dmtfWhere) {
        Set<String> ours = types(oas);
        if (ours.isEmpty() || anyType(alts)) {
            return;
        }
        Set<String> theirs = new TreeSet<>();
        for (Node a : alts) {
            theirs.addAll(types(a.json()));
        }
        for (String t : ours) {
            boolean ok = theirs.contains(t) || (t.equals("integer") && theirs.contains("number"));
            if (!ok) {
                mismatches.add(where + ": type " + t + ", DMTF " + dmtfWhere + " allows " + theirs);
            }
        }
        if (oas.has("format")) {
            Set<String> formats = new TreeSet<>();
            for (Node a : alts) {
                if (a.json().has("format")) {
                    formats.add(a.json().get("format").asText());
                }
            }
            if (!formats.isEmpty() && !formats.contains(oas.get("format").asText())) {
                mismatches.add(where + ": format " + oas.get("format").asText() + ", DMTF " + dmtfWhere + " has "
                        + formats);
            }
        }
    }

    private void compareEnums(JsonNode oas, List<Node> alts, String where, String dmtfWhere) {
        List<JsonNode> values = new ArrayList<>();
        if (oas.has("enum")) {
            oas.get("enum").forEach(values::add);
        }
        if (oas.has("const") && !where.endsWith("/@odata.type")) {
            values.add(oas.get("const"));
        }
        if (values.isEmpty()) {
            return;
        }
        Set<String> allowed = new TreeSet<>();
        for (Node a : alts) {
            JsonNode json = a.json();
            if (json.has("enum")) {
                json.get("enum").forEach(v -> allowed.add(v.asText()));
            } else if (types(json).contains("string") || types(json).isEmpty()) {
                return; // a free string: any value is DMTF's
            }
        }
        for (JsonNode v : values) {
            if (v.isTextual() && !allowed.contains(v.asText())) {
                mismatches.add(where + ": enum value " + v.asText() + " is not in DMTF " + dmtfWhere + " "
                        + allowed);
            }
        }
    }

    /** Everything under Oem is the service's own, but each value has a type. */
    private void requireTyped(JsonNode node, String where) {
        for (JsonNode alt : oasAlternatives(node, where)) {
            if (types(alt).isEmpty()) {
                mismatches.add(where + ": an OEM property without a type");
            }
            JsonNode props = alt.get("properties");
            if (props != null) {
                for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> p = it.next();
                    requireTyped(p.getValue(), where + "/" + p.getKey());
                }
            }
            if (alt.has("items")) {
                requireTyped(alt.get("items"), where + "[]");
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** Our schema's alternatives: local $ref followed, anyOf/oneOf split, allOf merged into one object. */
    private List<JsonNode> oasAlternatives(JsonNode node, String where) {
        JsonNode n = deref(node);
        List<JsonNode> out = new ArrayList<>();
        boolean branched = false;
        for (String key : List.of("anyOf", "oneOf")) {
            if (n.has(key)) {
                branched = true;
                for (JsonNode branch : n.get(key)) {
                    out.addAll(oasAlternatives(branch, where));
                }
            }
        }
        if (n.has("allOf")) {
            ObjectNode merged = ((ObjectNode) n).deepCopy();
            merged.remove("allOf");
            for (JsonNode part : n.get("allOf")) {
                for (JsonNode p : oasAlternatives(part, where)) {
                    p.fields().forEachRemaining(e -> {
                        if (e.getKey().equals("properties") && merged.has("properties")) {
                            ((ObjectNode) merged.get("properties")).setAll((ObjectNode) e.getValue());
                        } else if (!merged.has(e.getKey())) {
                            merged.set(e.getKey(), e.getValue());
                        }
                    });
                }
            }
            out.add(merged);
        } else if (!branched) {
            out.add(n);
        }
        return out;
    }

    private JsonNode deref(JsonNode node) {
        JsonNode current = node;
        for (int hops = 0; current.has("$ref"); hops++) {
            String ref = current.get("$ref").asText();
            if (hops > 20 || !ref.startsWith("#/")) {
                throw new AssertionError("Cannot follow $ref " + ref);
            }
            if (ref.startsWith("#/components/schemas/")) {
                visitedSchemas.add(ref.substring("#/components/schemas/".length()));
            }
            current = doc.at(ref.substring(1));
            if (current.isMissingNode()) {
                throw new AssertionError("Unresolved $ref " + ref);
            }
        }
        return current;
    }

    private static Set<String> types(JsonNode schema) {
        Set<String> out = new TreeSet<>();
        JsonNode type = schema.get("type");
        if (type != null && type.isArray()) {
            type.forEach(t -> out.add(t.asText()));
        } else if (type != null) {
            out.add(type.asText());
        } else if (schema.has("const")) {
            JsonNode c = schema.get("const");
            out.add(c.isTextual() ? "string" : c.isBoolean() ? "boolean" : c.isIntegralNumber() ? "integer"
                    : c.isNumber() ? "number" : c.isNull() ? "null" : "object");
        } else if (schema.has("enum")) {
            out.add("string");
        } else if (schema.has("properties") || schema.has("patternProperties")) {
            out.add("object");
        }
        return out;
    }

    private static boolean anyType(List<Node> alts) {
        for (Node a : alts) {
            if (types(a.json()).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private static List<Node> members(List<Node> alts, String container, String name) {
        List<Node> out = new ArrayList<>();
        for (Node a : alts) {
            JsonNode member = a.json().path(container).get(name);
            if (member != null) {
                out.add(a.child(container + "/" + name, member));
            }
        }
        return out;
    }

    /**
     * The DMTF pattern properties (not annotations) that a name matches, such as the vendor attributes of Bios
     * {@code Attributes} ({@code ^[A-Za-z][A-Za-z0-9_]+$}): their types and enums are checked like a named property's.
     */
    private static List<Node> patternMembers(List<Node> alts, String name) {
        List<Node> out = new ArrayList<>();
        for (Node a : alts) {
            for (Iterator<Map.Entry<String, JsonNode>> it = a.json().path("patternProperties").fields();
                    it.hasNext(); ) {
                Map.Entry<String, JsonNode> pattern = it.next();
                if (!pattern.getKey().contains("@") && Pattern.compile(pattern.getKey()).matcher(name).find()) {
                    out.add(a.child("patternProperties/" + pattern.getKey(), pattern.getValue()));
                }
            }
        }
        return out;
    }

    private static boolean allowsPattern(List<Node> alts, String name) {
        for (Node a : alts) {
            for (Iterator<String> it = a.json().path("patternProperties").fieldNames(); it.hasNext(); ) {
                if (Pattern.compile(it.next()).matcher(name).find()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String describe(List<Node> alts) {
        Set<String> where = new TreeSet<>();
        for (Node a : alts) {
            where.add(a.where());
        }
        return String.join("|", where);
    }
}
