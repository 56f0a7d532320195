package org.kubevirtredfish.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kubevirtredfish.openapi.OpenApiDocument;

/**
 * The application serves openapi/openapi.yaml (/openapi) to its Swagger UI (/openapi/ui/) with every description
 * and example of the file, so "Try it out" shows the documented payloads; both are routes like any other, so every
 * method but GET and HEAD is a Redfish 405.
 */
class OpenApiUiIT {

    @Test
    void libertyServesEveryDescriptionAndExampleOfTheDocument() throws Exception {
        RedfishHttp.Reply reply = new RedfishHttp().send("GET", "/openapi?format=JSON", null,
                Map.of("Accept", "application/json"));
        assertEquals(200, reply.status(), reply.text());
        JsonNode served = RedfishHttp.JSON.readTree(reply.text());

        List<String> lost = new ArrayList<>();
        compare(OpenApiDocument.load().root(), served, "", lost);

        assertEquals(List.of(), lost, () -> lost.size() + " descriptions or examples not served as written:\n  "
                + String.join("\n  ", lost.subList(0, Math.min(20, lost.size()))));
        assertEquals("openshift-cluster.master-0", served.at("/paths/~1redfish~1v1~1Systems~1{ComputerSystemId}/get"
                + "/responses/200/content/application~1json/example/Id").asText());
    }

    /**
     * Over HTTP/1.1 as a browser asks: the JDK client's default {@code Upgrade: h2c} on the UI's static files makes
     * Liberty wait for an HTTP/2 connection preface that never comes (H2StreamProcessor.waitForConnectionInit).
     */
    @Test
    void swaggerUiLoads() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(new RedfishHttp().base + "/openapi/ui/"))
                .timeout(Duration.ofSeconds(60)).build();

        HttpResponse<String> ui = client.send(request, HttpResponse.BodyHandlers.ofString());

        assertEquals(200, ui.statusCode());
        assertTrue(ui.body().contains("<html"), ui.body());
        // every script, stylesheet and icon the page loads is there
        java.util.regex.Matcher links = java.util.regex.Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(ui.body());
        List<String> loaded = new ArrayList<>();
        while (links.find()) {
            HttpResponse<byte[]> file = client.send(HttpRequest.newBuilder(
                    URI.create(new RedfishHttp().base + "/openapi/ui/" + links.group(1))).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, file.statusCode(), links.group(1));
            assertTrue(file.body().length > 0, links.group(1));
            loaded.add(links.group(1));
        }
        assertTrue(loaded.containsAll(List.of("swagger-ui-bundle.js", "swagger-ui.css", "initializer.js")), loaded::toString);
        String initializer = client.send(HttpRequest.newBuilder(URI.create(new RedfishHttp().base
                + "/openapi/ui/initializer.js")).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(initializer.contains("url: '/openapi'"), initializer);
        HttpResponse<String> bare = client.send(HttpRequest.newBuilder(URI.create(new RedfishHttp().base
                + "/openapi/ui")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(301, bare.statusCode());
        assertEquals("/openapi/ui/", bare.headers().firstValue("Location").orElse(""));
    }

    /** Without {@code format} or a JSON {@code Accept}, the document is the YAML file itself. */
    @Test
    void theDocumentIsYamlByDefault() {
        RedfishHttp.Reply reply = new RedfishHttp().send("GET", "/openapi", null, Map.of());
        assertEquals(200, reply.status());
        assertTrue(reply.headers().get("content-type").get(0).startsWith("application/yaml"), reply.headers().toString());
        assertTrue(reply.text().startsWith("openapi: 3.1"), reply.text().substring(0, 40));
    }

    /**
     * Liberty's mpOpenAPI web applications answered PUT and DELETE on /openapi with an HTML 405 page and a PUT on
     * /openapi/ui/ with 200 and the page: now every method but GET and HEAD on the document, the UI and its files is
     * a Redfish 405 OperationNotAllowed naming GET in {@code Allow}.
     */
    @Test
    void everyOtherMethodIsARedfish405() {
        RedfishHttp http = new RedfishHttp();
        for (String path : List.of("/openapi", "/openapi/ui", "/openapi/ui/", "/openapi/ui/index.html",
                "/openapi/ui/swagger-ui-bundle.js")) {
            for (String method : List.of("PUT", "POST", "PATCH", "DELETE")) {
                RedfishHttp.Reply r = http.send(method, path, method.equals("DELETE") ? null : "{}", Map.of());
                assertEquals(405, r.status(), method + " " + path + ": " + r.text());
                assertNotNull(r.json(), method + " " + path + ": " + r.text());
                assertEquals("Base.1.22.OperationNotAllowed", r.json().path("error").path("code").asText(),
                        method + " " + path + ": " + r.text());
                assertTrue(r.headers().get("allow").toString().contains("GET"), method + " " + path + " " + r.headers());
            }
        }
        assertEquals(200, http.send("HEAD", "/openapi", null, Map.of()).status());
    }

    /** Every {@code description} and {@code example} under {@code source} is at the same place in {@code served}. */
    private static void compare(JsonNode source, JsonNode served, String pointer, List<String> lost) {
        if (!source.isObject()) {
            if (source.isArray()) {
                for (int i = 0; i < source.size(); i++) {
                    compare(source.get(i), served.path(i), pointer + "/" + i, lost);
                }
            }
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = source.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String here = pointer + "/" + e.getKey().replace("~", "~0").replace("/", "~1");
            if ((e.getKey().equals("description") && e.getValue().isTextual()) || e.getKey().equals("example")) {
                if (!e.getValue().equals(served.path(e.getKey()))) {
                    lost.add(here);
                }
            } else {
                compare(e.getValue(), served.path(e.getKey()), here, lost);
            }
        }
    }
}
