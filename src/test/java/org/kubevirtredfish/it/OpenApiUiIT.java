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
 * example of the file, so "Try it out" shows the documented payloads.
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
