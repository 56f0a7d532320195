package org.kubevirtredfish.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** DSP0266 protocol behaviour of the running service: well-known URIs, headers, status codes, error bodies. */
class ProtocolIT {

    private final RedfishHttp http = new RedfishHttp().basic("admin", "demo-admin");

    @Test
    void serviceRootIsPublicAndEveryLinkItGivesResolves() {
        RedfishHttp.Reply root = new RedfishHttp().get("/redfish/v1/");
        assertEquals(200, root.status());
        assertEquals("4.0", root.header("OData-Version"));
        assertEquals("/redfish/v1/SessionService/Sessions", root.json().at("/Links/Sessions/@odata.id").asText());
        // Crawl every @odata.id reachable from the root as admin: each one answers 200 and matches its schema.
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of("/redfish/v1/"));
        while (!todo.isEmpty()) {
            String uri = todo.pop();
            if (!seen.add(uri)) {
                continue;
            }
            RedfishHttp.Reply r = http.get(uri);
            assertEquals(200, r.status(), uri + ": " + r.text());
            r.json().findValuesAsText("@odata.id").forEach(todo::push);
            r.json().findValues("target").forEach(t -> seen.add(t.asText()));
        }
        assertTrue(seen.contains("/redfish/v1/Systems/demo.control-plane-0/VirtualMedia/Cd"), seen.toString());
        assertTrue(seen.contains("/redfish/v1/Managers/demo.control-plane-0/VirtualMedia/Cd"), seen.toString());
        assertTrue(seen.contains("/redfish/v1/Chassis/demo"), seen.toString());
    }

    @Test
    void wellKnownDocuments() {
        assertEquals("/redfish/v1/", new RedfishHttp().get("/redfish").json().get("v1").asText());
        JsonNode odata = new RedfishHttp().get("/redfish/v1/odata").json();
        assertEquals("/redfish/v1/$metadata", odata.get("@odata.context").asText());
        RedfishHttp.Reply metadata = new RedfishHttp().get("/redfish/v1/$metadata");
        assertEquals(200, metadata.status());
        assertTrue(metadata.header("Content-Type").startsWith("application/xml"));
        assertTrue(metadata.text().contains("http://redfish.dmtf.org/schemas/v1/ComputerSystem_v1.xml"));
        RedfishHttp.Reply openapi = new RedfishHttp().get("/redfish/v1/openapi.yaml");
        assertEquals(200, openapi.status());
        assertTrue(openapi.text().contains("operationId: resetSystem"));
        assertEquals(200, new RedfishHttp().get("/openapi").status());
    }

    @Test
    void headersOfAResource() {
        RedfishHttp.Reply r = http.get("/redfish/v1/Systems/demo.control-plane-0");
        assertEquals("4.0", r.header("OData-Version"));
        assertEquals("no-cache", r.header("Cache-Control"));
        assertNotNull(r.header("ETag"));
        assertEquals("GET, HEAD, PATCH", r.header("Allow"));
        assertEquals("<http://redfish.dmtf.org/schemas/v1/ComputerSystem.v1_27_0.json>; rel=describedby", r.header("Link"));
        assertFalse(r.text().contains("@Redfish.Copyright"));
        RedfishHttp.Reply head = http.send("HEAD", "/redfish/v1/Systems/demo.control-plane-0", null, Map.of());
        assertEquals(200, head.status());
    }

    @Test
    void trailingSlashIsTheSameResourceAndNeverARedirect() {
        assertEquals(200, http.get("/redfish/v1/Systems/").status());
        assertEquals(200, http.get("/redfish/v1").status());
        RedfishHttp.Reply post = http.send("POST", "/redfish/v1/Systems/demo.control-plane-0/Actions/ComputerSystem.Reset/",
                "{\"ResetType\":\"Nope\"}", Map.of());
        assertEquals(400, post.status(), post.text());
    }

    @Test
    void unsupportedMethodIs405WithAllowAndARedfishBody() {
        RedfishHttp.Reply r = http.send("DELETE", "/redfish/v1/Systems/demo.control-plane-0", null, Map.of());
        assertEquals(405, r.status());
        assertEquals(List.of("OperationNotAllowed"), r.messageIds());
        assertTrue(r.header("Allow").contains("PATCH"), r.header("Allow"));
    }

    @Test
    void malformedBasicCredentialsAre401WithARedfishBodyOnEveryRoute() {
        String valid = java.util.Base64.getEncoder().encodeToString("admin:demo-admin".getBytes());
        String noColon = java.util.Base64.getEncoder().encodeToString("admin".getBytes());
        List<String> headers = List.of("Basic !!!", "Basic " + noColon, "Basic  " + valid, "Basic " + valid + " x");
        for (String header : headers) {
            for (String uri : List.of("/redfish/v1/", "/redfish/v1/Systems", "/redfish/v1/Nothing")) {
                RedfishHttp.Reply r = new RedfishHttp().send("GET", uri, null, Map.of("Authorization", header));
                assertEquals(401, r.status(), header + " " + uri + ": " + r.text());
                assertNotNull(r.json(), r.text());
                assertEquals(List.of("NoValidSession"), r.messageIds());
                assertTrue(r.header("WWW-Authenticate").startsWith("Basic realm="), r.header("WWW-Authenticate"));
                assertFalse(r.text().contains("Exception"), r.text());
            }
        }
        assertEquals(200, new RedfishHttp().send("GET", "/redfish/v1/Systems", null,
                Map.of("Authorization", "Basic " + valid)).status());
    }

    @Test
    void illegalCharactersInTheUriAre404WithARedfishBody() throws Exception {
        String[] paths = {"/redfish/v1/Systems/a|b", "/redfish/v1/Systems/a\"b", "/redfish/v1/Systems/a{b}",
            "/redfish/v1/Systems/a^b", "/redfish/v1/Systems/a<b>", "/redfish/v1/Syst\u00e9ms", "/redfish/v1/|"};
        for (String path : paths) {
            String reply = rawGet(path);
            assertTrue(reply.startsWith("HTTP/1.1 404 "), path + ": " + reply);
            String body = reply.substring(reply.indexOf("\r\n\r\n") + 4);
            JsonNode json = RedfishHttp.JSON.readTree(body);
            assertTrue(json.path("error").path("code").asText().endsWith(".ResourceMissingAtURI"), body);
            assertFalse(body.contains("Exception") || body.contains("|"), body);
        }
        // A decoded path cannot forge request-log fields; the service still answers the lookup.
        RedfishHttp.Reply forged = http.get("/redfish/v1/Systems/FORGE%20204%201ms%20user=admin");
        assertEquals(404, forged.status());
        assertEquals(List.of("ResourceNotFound"), forged.messageIds());
    }

    /** java.net.http refuses to send these URIs: a raw HTTP/1.1 request, bytes as UTF-8. */
    private static String rawGet(String path) throws java.io.IOException {
        int port = Integer.getInteger("it.http.port", 8443);
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            String auth = java.util.Base64.getEncoder().encodeToString("admin:demo-admin".getBytes());
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                    + "Authorization: Basic " + auth + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void unknownUriIs404WithARedfishBody() {
        RedfishHttp.Reply r = http.get("/redfish/v1/Nothing");
        assertEquals(404, r.status());
        assertEquals(List.of("ResourceMissingAtURI"), r.messageIds());
        RedfishHttp.Reply system = http.get("/redfish/v1/Systems/demo.nope");
        assertEquals(404, system.status());
        assertEquals(List.of("ResourceNotFound"), system.messageIds());
    }

    @Test
    void queryParametersAndODataVersion() {
        RedfishHttp.Reply expand = http.get("/redfish/v1/Systems?$expand=*");
        assertEquals(501, expand.status());
        assertEquals(List.of("QueryParameterUnsupported"), expand.messageIds());
        assertEquals(200, http.get("/redfish/v1/Systems?foo=bar").status());
        RedfishHttp.Reply v5 = http.send("GET", "/redfish/v1/Systems", null, Map.of("OData-Version", "5.0"));
        assertEquals(412, v5.status());
    }

    @Test
    void patchErrorsApplyNothing() {
        String uri = "/redfish/v1/Systems/demo.control-plane-0";
        String before = http.get(uri).json().get("Boot").toString();
        assertError(400, "MalformedJSON", http.send("PATCH", uri, "{\"Boot\":", Map.of()));
        assertError(400, "EmptyJSON", http.send("PATCH", uri, "{}", Map.of()));
        assertError(400, "PropertyValueNotInList", http.send("PATCH", uri,
                "{\"Boot\":{\"BootSourceOverrideTarget\":\"Floppy\"}}", Map.of()));
        assertError(400, "PropertyValueTypeError", http.send("PATCH", uri,
                "{\"Boot\":{\"BootSourceOverrideEnabled\":1}}", Map.of()));
        RedfishHttp.Reply several = http.send("PATCH", uri,
                "{\"PowerState\":\"On\",\"Bogus\":1,\"Boot\":{\"BootSourceOverrideTarget\":\"Cd\"}}", Map.of());
        assertEquals(400, several.status());
        assertEquals("Base.1.22.GeneralError", several.json().at("/error/code").asText());
        assertEquals(List.of("PropertyNotWritable", "PropertyUnknown"), several.messageIds());
        assertEquals(before, http.get(uri).json().get("Boot").toString(), "a refused PATCH changed the system");
    }

    @Test
    void oversizedBodiesAreRefusedUnread() {
        String big = "{\"UserName\":\"" + "x".repeat(20_000) + "\",\"Password\":\"y\"}";
        RedfishHttp.Reply r = new RedfishHttp().send("POST", "/redfish/v1/SessionService/Sessions", big, Map.of());
        assertError(413, "PayloadTooLarge", r);
    }

    @Test
    void ifMatchIsHonoured() {
        String uri = "/redfish/v1/Systems/demo.control-plane-0";
        String etag = http.get(uri).header("ETag");
        RedfishHttp.Reply stale = http.send("PATCH", uri, "{\"Boot\":{\"BootSourceOverrideMode\":\"Legacy\"}}",
                Map.of("If-Match", "\"0000\""));
        assertError(412, "PreconditionFailed", stale);
        assertEquals("UEFI", http.get(uri).json().at("/Boot/BootSourceOverrideMode").asText());
        assertError(412, "PreconditionFailed", http.send("PATCH", uri,
                "{\"Boot\":{\"BootSourceOverrideMode\":\"UEFI\"}}", Map.of("If-Match", "W/" + etag)));
        RedfishHttp.Reply ok = http.send("PATCH", uri, "{\"Boot\":{\"BootSourceOverrideMode\":\"UEFI\"}}",
                Map.of("If-Match", etag));
        assertEquals(200, ok.status(), ok.text());
    }

    @Test
    void resetErrors() {
        String uri = "/redfish/v1/Systems/demo.control-plane-0/Actions/ComputerSystem.Reset";
        assertError(400, "ActionParameterMissing", http.send("POST", uri, "{}", Map.of()));
        assertError(400, "ActionParameterValueNotInList", http.send("POST", uri, "{\"ResetType\":\"Nmi\"}", Map.of()));
        assertError(400, "ActionParameterUnknown", http.send("POST", uri, "{\"ResetType\":\"On\",\"Now\":true}", Map.of()));
        assertError(400, "UnrecognizedRequestBody", http.send("POST", uri, "[\"On\"]", Map.of()));
    }

    @Test
    void insertMediaErrorsLeaveTheSlotEmpty() {
        String media = "/redfish/v1/Managers/demo.control-plane-2/VirtualMedia/Cd";
        String insert = media + "/Actions/VirtualMedia.InsertMedia";
        assertEquals(204, http.send("POST", media + "/Actions/VirtualMedia.EjectMedia", null, Map.of()).status());
        assertError(400, "ActionParameterMissing", http.send("POST", insert, "{\"Inserted\":true}", Map.of()));
        assertError(400, "ActionParameterValueFormatError", http.send("POST", insert, "{\"Image\":\"\"}", Map.of()));
        assertError(400, "ActionParameterValueFormatError", http.send("POST", insert,
                "{\"Image\":\"ftp://host/a.iso\"}", Map.of()));
        assertError(400, "ActionParameterValueFormatError", http.send("POST", insert,
                "{\"Image\":\"http://host/a.iso; rm -rf /\"}", Map.of()));
        assertError(400, "ActionParameterValueFormatError", http.send("POST", insert,
                "{\"Image\":\"http://user:secret@host/a.iso\"}", Map.of()));
        assertError(400, "ActionParameterValueNotInList", http.send("POST", insert,
                "{\"Image\":\"http://host/a.iso\",\"TransferProtocolType\":\"NFS\"}", Map.of()));
        JsonNode slot = http.get(media).json();
        assertFalse(slot.get("Inserted").asBoolean());
        assertTrue(slot.get("Image").isNull());
    }

    @Test
    void insertTwiceAndEjectWithEmptyObject() {
        String media = "/redfish/v1/Systems/demo.control-plane-2/VirtualMedia/Cd";
        String insert = media + "/Actions/VirtualMedia.InsertMedia";
        String body = "{\"Image\":\"http://host/agent.iso\",\"Inserted\":true,\"WriteProtected\":true}";
        assertEquals(204, http.send("POST", insert, body, Map.of()).status());
        assertEquals(204, http.send("POST", insert, body, Map.of()).status(), "same image again is a no-op");
        assertError(409, "ResourceInUse", http.send("POST", insert, "{\"Image\":\"http://host/other.iso\"}", Map.of()));
        assertEquals("http://host/agent.iso", http.get(media).json().get("Image").asText());
        assertEquals(204, http.send("POST", media + "/Actions/VirtualMedia.EjectMedia", "{}", Map.of()).status());
        JsonNode slot = http.get(media).json();
        assertFalse(slot.get("Inserted").asBoolean());
        assertTrue(slot.get("Image").isNull());
        assertEquals("NotConnected", slot.get("ConnectedVia").asText());
    }

    @Test
    void sessionsLifecycle() {
        RedfishHttp anonymous = new RedfishHttp();
        RedfishHttp.Reply created = anonymous.send("POST", "/redfish/v1/SessionService/Sessions",
                "{\"UserName\":\"operator\",\"Password\":\"demo-operator\"}", Map.of());
        assertEquals(201, created.status(), created.text());
        String token = created.header("X-Auth-Token");
        String location = created.header("Location");
        assertNotNull(token);
        assertTrue(location.endsWith("/redfish/v1/SessionService/Sessions/" + created.json().get("Id").asText()), location);
        assertTrue(created.json().get("Password").isNull());
        RedfishHttp session = new RedfishHttp().token(token);
        String path = "/redfish/v1/SessionService/Sessions/" + created.json().get("Id").asText();
        assertEquals(200, session.get(path).status());
        assertEquals(200, session.get("/redfish/v1/Systems").status());
        assertEquals(204, session.send("DELETE", path, null, Map.of()).status());
        assertError(401, "NoValidSession", session.get("/redfish/v1/Systems"));
        assertError(401, "AccessDenied", anonymous.send("POST", "/redfish/v1/SessionService/Sessions",
                "{\"UserName\":\"operator\",\"Password\":\"wrong\"}", Map.of()));
        assertError(400, "CreateFailedMissingReqProperties", anonymous.send("POST",
                "/redfish/v1/SessionService/Sessions", "{\"UserName\":\"operator\"}", Map.of()));
    }

    @Test
    void unauthenticatedAnswersCarryAChallenge() {
        RedfishHttp.Reply r = new RedfishHttp().get("/redfish/v1/Systems");
        assertError(401, "NoValidSession", r);
        assertTrue(r.header("WWW-Authenticate").startsWith("Basic realm="));
        RedfishHttp.Reply wrong = new RedfishHttp().basic("admin", "wrong").get("/redfish/v1/Systems");
        assertEquals(401, wrong.status());
        assertNull(wrong.json().at("/error").get("stack"));
    }

    @Test
    void correlationIdAndMetrics() throws Exception {
        RedfishHttp.Reply given = http.send("GET", "/redfish/v1/Systems", null, Map.of("X-Request-ID", "abc-123"));
        assertEquals("abc-123", given.header("X-Request-ID"));
        RedfishHttp.Reply hostile = http.send("GET", "/redfish/v1/Systems", null, Map.of("X-Request-ID", "a b\"c"));
        assertTrue(hostile.header("X-Request-ID").matches("[0-9a-f-]{36}"), hostile.header("X-Request-ID"));
        new RedfishHttp().basic("admin", "not-the-password").get("/redfish/v1/Systems");
        // one import that ends, for the import metrics
        String media = "/redfish/v1/Managers/demo.control-plane-2/VirtualMedia/Cd";
        http.send("POST", media + "/Actions/VirtualMedia.EjectMedia", null, Map.of());
        assertEquals(204, http.send("POST", media + "/Actions/VirtualMedia.InsertMedia",
                "{\"Image\":\"http://host/metrics.iso\"}", Map.of()).status());
        http.await(media, m -> m.at("/Status/State").asText().equals("Enabled"));
        http.send("POST", media + "/Actions/VirtualMedia.EjectMedia", null, Map.of());
        String metrics = MetricsHttp.get("/metrics?scope=application", "metrics:it-metrics").body();
        assertTrue(metrics.contains("redfish_requests_total{method=\"GET\",mp_scope=\"application\","
                + "route=\"/redfish/v1/Systems\",status=\"200\""), metrics);
        assertTrue(metrics.contains("redfish_authentication_failures_total{mechanism=\"basic\""), metrics);
        assertTrue(metrics.contains("redfish_exposed_systems"), metrics);
        assertTrue(metrics.contains("redfish_virtual_media{mp_scope=\"application\",phase=\"failed\""), metrics);
        assertTrue(metrics.contains("redfish_media_imports_total{mp_scope=\"application\",result=\"succeeded\""), metrics);
        assertTrue(metrics.contains("redfish_media_import_duration_seconds_count"), metrics);
        assertFalse(metrics.contains("demo-admin") || metrics.contains("not-the-password"));
    }

    private static void assertError(int status, String messageId, RedfishHttp.Reply r) {
        assertEquals(status, r.status(), r.text());
        assertEquals(List.of(messageId), r.messageIds(), r.text());
    }
}
