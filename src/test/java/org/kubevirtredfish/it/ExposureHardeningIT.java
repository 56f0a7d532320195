package org.kubevirtredfish.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 items 7 and 9 on the running servers: the image probe of backend=kubernetes is no scanner (one answer
 * for every refused image, denied addresses never connected to, no redirect to another host); /metrics refuses
 * callers without credentials; the session Location does not come from the Host header; the service UUID is a
 * random (version 4) value, not derived from the configuration.
 */
class ExposureHardeningIT {

    @BeforeAll
    static void ready() {
        KubernetesBackendIT.awaitReady(RedfishHttp.kubernetes());
    }

    private static final String INSERT =
            "/redfish/v1/Systems/cluster.legacy-running/VirtualMedia/Cd/Actions/VirtualMedia.InsertMedia"; // no other IT inserts media there

    /** A server on one loopback address that records requests: /to?u redirects to u, anything else 404. */
    private static HttpServer server(String address, List<String> requests) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getByName(address), 0), 8);
        http.createContext("/", x -> {
            requests.add(x.getRequestMethod() + " " + x.getRequestURI());
            if (x.getRequestURI().getPath().equals("/to")) {
                x.getResponseHeaders().set("Location", x.getRequestURI().getRawQuery());
                x.sendResponseHeaders(302, -1);
            } else {
                x.sendResponseHeaders(404, -1);
            }
            x.close();
        });
        http.start();
        return http;
    }

    @Test
    void everyRefusedImageGetsOneAnswerAndDeniedAddressesAreNeverAsked() throws Exception {
        RedfishHttp admin = RedfishHttp.kubernetes().basic("admin", "cluster-admin");
        List<String> allowed = new CopyOnWriteArrayList<>();
        List<String> denied = new CopyOnWriteArrayList<>();
        HttpServer open = server("127.0.0.1", allowed);
        HttpServer closed = server("127.0.0.2", denied); // denied by the IT server's datavolume.image_deny_cidrs
        try {
            int o = open.getAddress().getPort();
            int d = closed.getAddress().getPort();
            List<String> images = List.of(
                    "http://127.0.0.1:" + o + "/missing.iso",                        // 404
                    "http://127.0.0.2:" + d + "/agent.iso",                          // denied network
                    "http://169.254.169.254/latest/meta-data/",                      // cloud metadata
                    "http://2852039166/latest/meta-data/",                           // the same, in decimal
                    "http://[::ffff:169.254.169.254]/latest/meta-data/",             // the same, IPv4-mapped
                    "http://127.0.0.1:" + o + "/to?http://localhost:" + d + "/agent.iso", // another host
                    "http://127.0.0.1:1/agent.iso");                                 // nothing listens
            Set<String> errors = new HashSet<>();
            for (String image : images) {
                RedfishHttp.Reply r = admin.send("POST", INSERT, "{\"Image\":\"" + image + "\"}", Map.of());
                assertEquals(400, r.status(), image + ": " + r.text());
                assertEquals(List.of("ActionParameterValueError"), r.messageIds(), image + ": " + r.text());
                errors.add(r.json().get("error").toString());
            }
            assertEquals(1, errors.size(), "one answer whatever the cause: " + errors);
            assertFalse(errors.iterator().next().contains("127.0.0") || errors.iterator().next().contains("169.254"));
            assertEquals(List.of(), denied, "the denied address was never connected to");
            assertEquals(2, allowed.size(), "the 404 and the redirect: " + allowed);
            JsonNode media = admin.get(INSERT.substring(0, INSERT.indexOf("/Actions/"))).json();
            assertFalse(media.path("Inserted").asBoolean(), "no refused image was inserted: " + media);
            assertTrue(media.path("Image").isNull() || media.path("Image").asText().isEmpty(), media.toString());
        } finally {
            open.stop(0);
            closed.stop(0);
        }
    }

    @Test
    void metricsAnswerNobodyWithoutCredentialsOnEitherServer() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        for (RedfishHttp server : List.of(new RedfishHttp(), RedfishHttp.kubernetes())) {
            for (String path : List.of("/metrics", "/metrics?scope=application", "/metrics/")) {
                List<HttpRequest> requests = new ArrayList<>();
                requests.add(HttpRequest.newBuilder(URI.create(server.base + path)).build());
                requests.add(HttpRequest.newBuilder(URI.create(server.base + path))
                        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                                "admin:demo-admin".getBytes(StandardCharsets.UTF_8))).build());
                for (HttpRequest request : requests) {
                    HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
                    assertNotEquals(200, r.statusCode(), server.base + path + ": " + r.body());
                    assertFalse(r.body().contains("# TYPE") || r.body().contains("redfish_"), r.body());
                }
            }
        }
    }

    @Test
    void theMetricsPortServesTheMetricsUserOnly() throws Exception {
        assertEquals(401, MetricsHttp.get("/metrics?scope=application", null).statusCode());
        int redfishUser = MetricsHttp.get("/metrics?scope=application", "admin:demo-admin").statusCode();
        assertTrue(redfishUser == 401 || redfishUser == 403, "a Redfish user is no metrics reader: " + redfishUser);
        HttpResponse<String> ok = MetricsHttp.get("/metrics?scope=application", "metrics:it-metrics");
        assertEquals(200, ok.statusCode());
        assertTrue(ok.body().contains("redfish_"), ok.body());
    }

    @Test
    void theSessionLocationIsRelativeWhateverTheHostHeader() throws Exception {
        int port = URI.create(new RedfishHttp().base).getPort();
        String body = "{\"UserName\":\"operator\",\"Password\":\"demo-operator\"}";
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /redfish/v1/SessionService/Sessions HTTP/1.1\r\nHost: attacker.example\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.length()
                    + "\r\nConnection: close\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(response.startsWith("HTTP/1.1 201"), response);
            String location = response.lines().filter(l -> l.regionMatches(true, 0, "Location:", 0, 9))
                    .findFirst().orElseThrow().substring(9).strip();
            assertTrue(location.startsWith("/redfish/v1/SessionService/Sessions/"), location);
            assertFalse(response.contains("attacker.example"), response);
            String token = response.lines().filter(l -> l.regionMatches(true, 0, "X-Auth-Token:", 0, 13))
                    .findFirst().orElseThrow().substring(13).strip();
            assertEquals(204, new RedfishHttp().token(token).send("DELETE", location, null, Map.of()).status());
        }
    }

    @Test
    void theServiceUuidIsRandomAndStable() {
        for (RedfishHttp server : List.of(new RedfishHttp(), RedfishHttp.kubernetes())) {
            JsonNode root = server.get("/redfish/v1/").json();
            UUID uuid = UUID.fromString(root.get("UUID").asText());
            assertEquals(4, uuid.version(), "random, not a name-based (MD5, version 3) UUID: " + uuid);
            assertEquals(uuid.toString(), server.get("/redfish/v1/").json().get("UUID").asText());
        }
    }
}
