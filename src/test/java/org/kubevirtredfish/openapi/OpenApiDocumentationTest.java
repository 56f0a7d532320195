package org.kubevirtredfish.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * openapi/openapi.yaml documents what it declares: every schema property has a description, and every request
 * and response body an example that its schema accepts (so Swagger UI shows real payloads instead of inventing
 * {@code "@odata.id": "path/index.html"}).
 */
class OpenApiDocumentationTest {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
    private static final String SCHEMA_REF = "#/components/schemas/";

    private static OpenApiDocument doc;

    @BeforeAll
    static void load() {
        doc = OpenApiDocument.load();
    }

    @Test
    void everySchemaPropertyHasADescription() {
        List<String> missing = propertiesWithoutDescription(doc.root());

        assertEquals(List.of(), missing, () -> missing.size() + " properties without a description:\n  "
                + String.join("\n  ", missing));
    }

    @Test
    void everyRequestAndResponseBodyHasAnExample() {
        List<String> missing = bodiesWithoutExample(doc);

        assertEquals(List.of(), missing, () -> missing.size() + " bodies without an example:\n  "
                + String.join("\n  ", missing));
    }

    @Test
    void everyExampleIsValidForItsSchema() {
        List<String> invalid = new ArrayList<>();
        forEachBody(doc, (where, media) -> {
            JsonNode example = media.getValue().get("example");
            JsonNode schema = media.getValue().get("schema");
            if (example == null || schema == null) {
                return;
            }
            String ref = schema.path("$ref").asText("");
            if (ref.startsWith(SCHEMA_REF)) {
                for (String message : doc.validateSchema(ref.substring(SCHEMA_REF.length()), example.toString())) {
                    invalid.add(where + ": " + message);
                }
            } else if ("string".equals(schema.path("type").asText()) && !example.isTextual()) {
                invalid.add(where + ": the schema is a string, the example is not");
            }
        });

        assertEquals(List.of(), invalid, () -> String.join("\n", invalid));
    }

    /** The checks find what is missing, saying where. */
    @Test
    void checksReportWhatIsMissing() throws Exception {
        OpenApiDocument bad = OpenApiDocument.load(writeTemp("""
                openapi: 3.1.0
                paths:
                  /redfish/v1/Systems:
                    get:
                      responses:
                        '200':
                          content:
                            application/json:
                              schema: {$ref: '#/components/schemas/Thing'}
                        default: {$ref: '#/components/responses/Error'}
                    post:
                      requestBody:
                        content:
                          application/json:
                            schema: {$ref: '#/components/schemas/Thing'}
                            example: {Name: cp-0}
                      responses:
                        '204': {description: Done}
                components:
                  responses:
                    Error:
                      content:
                        application/json:
                          schema: {type: object}
                  schemas:
                    Thing:
                      type: object
                      properties:
                        Name: {type: string, description: The name.}
                        Boot:
                          type: object
                          properties:
                            Target: {type: string}
                        Links:
                          type: array
                          items:
                            type: object
                            properties:
                              Href: {type: string}
                """));

        assertEquals(List.of("Thing/Boot", "Thing/Boot/Target", "Thing/Links", "Thing/Links[]/Href"),
                propertiesWithoutDescription(bad.root()));
        assertEquals(List.of("GET /redfish/v1/Systems response 200 application/json",
                        "GET /redfish/v1/Systems response default application/json"),
                bodiesWithoutExample(bad));
    }

    static List<String> propertiesWithoutDescription(JsonNode root) {
        List<String> missing = new ArrayList<>();
        JsonNode schemas = root.path("components").path("schemas");
        for (Iterator<String> it = schemas.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            collectUndescribed(schemas.get(name), name, missing);
        }
        return missing;
    }

    private static void collectUndescribed(JsonNode schema, String where, List<String> missing) {
        for (String combinator : List.of("allOf", "anyOf", "oneOf")) {
            for (JsonNode branch : schema.path(combinator)) {
                collectUndescribed(branch, where, missing);
            }
        }
        if (schema.has("items")) {
            collectUndescribed(schema.get("items"), where + "[]", missing);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            String path = where + "/" + p.getKey();
            JsonNode description = p.getValue().get("description");
            if (description == null || !description.isTextual() || description.asText().isBlank()) {
                missing.add(path);
            }
            collectUndescribed(p.getValue(), path, missing);
        }
    }

    static List<String> bodiesWithoutExample(OpenApiDocument document) {
        List<String> missing = new ArrayList<>();
        forEachBody(document, (where, media) -> {
            JsonNode m = media.getValue();
            if (!m.has("example") && !m.has("examples")) {
                missing.add(where);
            }
        });
        return missing;
    }

    private interface BodyVisitor {
        void visit(String where, Map.Entry<String, JsonNode> mediaType);
    }

    /** Every media type of every operation's request body and responses (references followed). */
    private static void forEachBody(OpenApiDocument document, BodyVisitor visitor) {
        JsonNode paths = document.root().path("paths");
        for (Iterator<String> p = paths.fieldNames(); p.hasNext(); ) {
            String path = p.next();
            for (Iterator<Map.Entry<String, JsonNode>> m = paths.get(path).fields(); m.hasNext(); ) {
                Map.Entry<String, JsonNode> op = m.next();
                if (!METHODS.contains(op.getKey())) {
                    continue;
                }
                String where = op.getKey().toUpperCase() + " " + path;
                JsonNode body = op.getValue().get("requestBody");
                if (body != null) {
                    visitContent(document.deref(body), where + " request", visitor);
                }
                for (Iterator<Map.Entry<String, JsonNode>> r = op.getValue().path("responses").fields(); r.hasNext(); ) {
                    Map.Entry<String, JsonNode> response = r.next();
                    visitContent(document.deref(response.getValue()), where + " response " + response.getKey(),
                            visitor);
                }
            }
        }
    }

    private static void visitContent(JsonNode holder, String where, BodyVisitor visitor) {
        for (Iterator<Map.Entry<String, JsonNode>> c = holder.path("content").fields(); c.hasNext(); ) {
            Map.Entry<String, JsonNode> media = c.next();
            visitor.visit(where + " " + media.getKey(), media);
        }
    }

    private static Path writeTemp(String yaml) throws IOException {
        Path file = Files.createTempFile("openapi-", ".yaml");
        file.toFile().deleteOnExit();
        Files.writeString(file, yaml);
        return file;
    }
}
