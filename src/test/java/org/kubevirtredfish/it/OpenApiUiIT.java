package org.kubevirtredfish.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * Liberty's mpOpenAPI serves openapi/openapi.yaml to its UI (/openapi, /openapi/ui) with every description and
 * example of the file, so "Try it out" shows the documented payloads; both are read-only.
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
    }

    /**
     * mpOpenAPI's web modules answered PUT and DELETE on /openapi with Liberty's HTML 405 page and a PUT on
     * /openapi/ui/ with 200 and the page. The BELL library's filter (org.kubevirtredfish.liberty) makes every method but
     * GET and HEAD a Redfish 405 OperationNotAllowed with {@code Allow: GET, HEAD}; GET still gets mpOpenAPI's document.
     */
    @Test
    void everyMethodButGetAndHeadIsARedfish405() throws Exception {
        RedfishHttp http = new RedfishHttp(Integer.getInteger("it.http.port", 8443), HttpClient.Version.HTTP_1_1);
        OpenApiDocument document = OpenApiDocument.load();
        List<String> wrong = new ArrayList<>();
        for (String path : List.of("/openapi", "/openapi/", "/openapi/ui", "/openapi/ui/", "/openapi/ui/index.html")) {
            for (String method : List.of("PUT", "DELETE", "POST", "PATCH", "OPTIONS")) {
                String body = method.equals("DELETE") || method.equals("OPTIONS") ? null : "{\"openapi\":\"3.1.0\"}";
                RedfishHttp.Reply r = http.send(method, path, body, Map.of());
                String seen = method + " " + path + " -> " + r.status() + " " + r.header("Content-Type") + " Allow="
                        + r.header("Allow") + " " + r.text().substring(0, Math.min(120, r.text().length()));
                System.out.println("OpenApiUiIT: " + seen);
                if (r.status() != 405 || r.json() == null || !"GET, HEAD".equals(r.header("Allow"))
                        || !List.of("OperationNotAllowed").equals(r.messageIds())
                        || !"Base.1.22.OperationNotAllowed".equals(r.json().path("error").path("code").asText())
                        || !document.validateSchema("RedfishError", r.text()).isEmpty()) {
                    wrong.add(seen);
                }
            }
        }
        assertEquals(List.of(), wrong);

        // and the document is still mpOpenAPI's, whole, for GET and HEAD
        RedfishHttp.Reply served = http.send("GET", "/openapi?format=JSON", null, Map.of("Accept", "application/json"));
        assertEquals(200, served.status(), served.text());
        assertEquals(document.root().path("paths").size(), served.json().path("paths").size());
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
