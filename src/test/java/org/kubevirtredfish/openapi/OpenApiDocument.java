package org.kubevirtredfish.openapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The project's OpenAPI document (openapi/openapi.yaml), for tests: finds the operation of a concrete request
 * and validates request and response bodies against its schemas (JSON Schema 2020-12, as OpenAPI 3.1 says).
 *
 * <p>A request or response the document does not describe at all (no path, no operation, no response for the
 * status and no {@code default}) is a test failure: those methods throw {@link AssertionError}. A body that does
 * not match its schema gives a non-empty list of messages.
 */
public final class OpenApiDocument {

    /** Where the pom copies the document on the (test) class path. */
    public static final String CLASSPATH_LOCATION = "META-INF/openapi.yaml";
    /** The document relative to the Maven basedir. */
    public static final String PROJECT_LOCATION = "openapi/openapi.yaml";

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch",
            "trace");
    private static final Pattern TEMPLATE_VARIABLE = Pattern.compile("\\{[^/{}]+}");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final JsonNode root;
    private final List<PathTemplate> templates = new ArrayList<>();
    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true)
            .locale(Locale.ROOT)
            .build();
    private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();

    private OpenApiDocument(JsonNode root) {
        this.root = root;
        JsonNode paths = root.path("paths");
        for (Iterator<String> it = paths.fieldNames(); it.hasNext(); ) {
            String template = it.next();
            templates.add(new PathTemplate(template, compile(template)));
        }
    }

    /** The document from {@code openapi/openapi.yaml} of the basedir, else from the class path. */
    public static OpenApiDocument load() {
        Path file = Path.of(System.getProperty("basedir", "."), PROJECT_LOCATION);
        if (Files.isRegularFile(file)) {
            return load(file);
        }
        return loadFromClasspath();
    }

    /** The document the build copied to {@code META-INF/openapi.yaml} of the class path. */
    public static OpenApiDocument loadFromClasspath() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = OpenApiDocument.class.getClassLoader();
        }
        try (InputStream in = loader.getResourceAsStream(CLASSPATH_LOCATION)) {
            if (in == null) {
                throw new IllegalStateException("No classpath:" + CLASSPATH_LOCATION);
            }
            return new OpenApiDocument(YAML.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The document in {@code file}. */
    public static OpenApiDocument load(Path file) {
        try {
            return new OpenApiDocument(YAML.readTree(file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The parsed document, as Jackson parsed the YAML. */
    public JsonNode root() {
        return root;
    }

    /** The path template (a key of {@code paths}) that {@code concretePath} matches, or throws. */
    public String pathTemplate(String concretePath) {
        String path = normalize(concretePath);
        PathTemplate best = null;
        for (PathTemplate t : templates) {
            if (t.pattern.matcher(path).matches() && (best == null || t.variables() < best.variables())) {
                best = t;
            }
        }
        if (best == null) {
            throw new AssertionError("No path of the OpenAPI document matches " + concretePath);
        }
        return best.template;
    }

    /** The operation object of {@code method} on the path {@code concretePath} matches, or throws. */
    public JsonNode operation(String method, String concretePath) {
        String template = pathTemplate(concretePath);
        String m = method.toLowerCase(Locale.ROOT);
        JsonNode op = METHODS.contains(m) ? root.path("paths").path(template).path(m) : null;
        if (op == null || !op.isObject()) {
            throw new AssertionError("The OpenAPI document has no " + method.toUpperCase(Locale.ROOT) + " on "
                    + template + " (for " + concretePath + ")");
        }
        return op;
    }

    /**
     * Validates a response body. The body must be JSON when the response declares {@code application/json}; when
     * the response declares no content, the body must be empty ({@code null} or blank); other media types (XML,
     * YAML) are not checked.
     *
     * @return the validation messages, empty when the body is valid
     * @throws AssertionError when no path, operation or response (status or {@code default}) matches
     */
    public List<String> validateResponse(String method, String concretePath, int status, String jsonBody) {
        JsonNode op = operation(method, concretePath);
        JsonNode responses = op.path("responses");
        JsonNode response = responses.get(Integer.toString(status));
        if (response == null) {
            response = responses.get(status / 100 + "XX");
        }
        if (response == null) {
            response = responses.get("default");
        }
        if (response == null) {
            throw new AssertionError("The OpenAPI document has no response " + status + " nor default for "
                    + method.toUpperCase(Locale.ROOT) + " " + pathTemplate(concretePath));
        }
        response = deref(response);
        String where = method.toUpperCase(Locale.ROOT) + " " + concretePath + " -> " + status;
        return validateContent(response.path("content"), jsonBody, where, false);
    }

    /**
     * Validates a request body against the operation's {@code requestBody}. A missing ({@code null} or blank)
     * body is valid when the request body is not required.
     *
     * @return the validation messages, empty when the body is valid
     * @throws AssertionError when no path or operation matches
     */
    public List<String> validateRequest(String method, String concretePath, String jsonBody) {
        JsonNode op = operation(method, concretePath);
        String where = method.toUpperCase(Locale.ROOT) + " " + concretePath + " request";
        JsonNode requestBody = op.get("requestBody");
        if (requestBody == null) {
            return isBlank(jsonBody) ? List.of() : List.of(where + ": the operation takes no request body");
        }
        requestBody = deref(requestBody);
        if (isBlank(jsonBody)) {
            return requestBody.path("required").asBoolean(false)
                    ? List.of(where + ": a request body is required")
                    : List.of();
        }
        return validateContent(requestBody.path("content"), jsonBody, where, true);
    }

    /** Validates {@code jsonBody} against {@code #/components/schemas/<name>}. */
    public List<String> validateSchema(String name, String jsonBody) {
        if (!root.path("components").path("schemas").has(name)) {
            throw new AssertionError("No schema " + name + " in the OpenAPI document");
        }
        ObjectNode ref = JsonNodeFactory.instance.objectNode().put("$ref", "#/components/schemas/" + name);
        return validate(ref, jsonBody, name);
    }

    /**
     * Resolves a local {@code $ref} ({@code #/...}), following chains; a node without {@code $ref} is returned
     * as it is.
     *
     * @throws AssertionError when the reference is not local or does not resolve
     */
    public JsonNode deref(JsonNode node) {
        JsonNode current = node;
        for (int hops = 0; current != null && current.has("$ref"); hops++) {
            if (hops > 20) {
                throw new AssertionError("$ref cycle at " + node);
            }
            current = resolve(current.get("$ref").asText());
        }
        return current;
    }

    /** The node a local reference {@code #/json/pointer} designates, or throws. */
    public JsonNode resolve(String ref) {
        if (!ref.startsWith("#/")) {
            throw new AssertionError("Not a local $ref: " + ref);
        }
        JsonNode target = root.at(ref.substring(1));
        if (target.isMissingNode()) {
            throw new AssertionError("Unresolved $ref: " + ref);
        }
        return target;
    }

    private List<String> validateContent(JsonNode content, String jsonBody, String where, boolean request) {
        if (content.isMissingNode() || content.isEmpty()) {
            return isBlank(jsonBody) ? List.of() : List.of(where + ": no body is declared, got " + jsonBody);
        }
        JsonNode media = content.get("application/json");
        if (media == null) {
            if (request) {
                return List.of(where + ": the operation does not take application/json");
            }
            return List.of();
        }
        if (isBlank(jsonBody)) {
            return List.of(where + ": a JSON body is declared, got none");
        }
        JsonNode schema = media.get("schema");
        if (schema == null) {
            return List.of();
        }
        return validate(schema, jsonBody, where);
    }

    private List<String> validate(JsonNode schema, String jsonBody, String where) {
        JsonNode instance;
        try {
            instance = JSON.readTree(jsonBody);
        } catch (JsonProcessingException e) {
            return List.of(where + ": not JSON: " + e.getOriginalMessage());
        }
        Set<ValidationMessage> messages = schemaFor(schema).validate(instance);
        List<String> errors = new ArrayList<>();
        for (ValidationMessage m : messages) {
            errors.add(m.getMessage());
        }
        errors.sort(null);
        return errors;
    }

    /**
     * A JSON Schema whose root holds the document's {@code components}, so that {@code #/components/...}
     * references resolve, and applies {@code schema} through {@code allOf}.
     */
    private JsonSchema schemaFor(JsonNode schema) {
        String key = schema.toString();
        return schemas.computeIfAbsent(key, k -> {
            ObjectNode wrapper = JsonNodeFactory.instance.objectNode();
            wrapper.put("$schema", "https://json-schema.org/draft/2020-12/schema");
            wrapper.set("components", root.path("components"));
            wrapper.putArray("allOf").add(schema);
            return factory.getSchema(wrapper, config);
        });
    }

    private static Pattern compile(String template) {
        String path = normalize(template);
        StringBuilder regex = new StringBuilder();
        Matcher m = TEMPLATE_VARIABLE.matcher(path);
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(path.substring(last, m.start()))).append("[^/]+");
            last = m.end();
        }
        regex.append(Pattern.quote(path.substring(last)));
        return Pattern.compile(regex.toString());
    }

    /** Without query string, fragment and trailing slash ({@code /redfish/v1/} and {@code /redfish/v1} match). */
    private static String normalize(String path) {
        String p = path;
        int cut = p.indexOf('?');
        if (cut >= 0) {
            p = p.substring(0, cut);
        }
        cut = p.indexOf('#');
        if (cut >= 0) {
            p = p.substring(0, cut);
        }
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private record PathTemplate(String template, Pattern pattern) {
        int variables() {
            Matcher m = TEMPLATE_VARIABLE.matcher(template);
            int n = 0;
            while (m.find()) {
                n++;
            }
            return n;
        }
    }
}
