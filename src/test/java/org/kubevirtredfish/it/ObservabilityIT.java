package org.kubevirtredfish.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What operators see: the request log in Liberty's JSON messages.log (one line per request, fields apart, the
 * request id on every line a request causes) and /metrics (help text, histograms, counters at zero, Kubernetes API
 * calls).
 */
class ObservabilityIT {

    private static final Path MESSAGES = Path.of(System.getProperty("it.messages.log",
            "target/liberty/wlp/usr/servers/defaultServer/logs/messages.log"));
    private static final String LOGGER = "org.kubevirtredfish.health.RequestLogFilter";

    private final RedfishHttp admin = new RedfishHttp().basic("admin", "demo-admin");

    @Test
    void aRequestIsOneJsonLineWithItsFieldsApart() {
        String id = "obs-" + UUID.randomUUID();
        RedfishHttp.Reply r = admin.send("GET", "/redfish/v1/Systems/demo.control-plane-0", null,
                Map.of("X-Request-ID", id, "User-Agent", "observability-it"));
        assertEquals(200, r.status());
        assertEquals(id, r.header("X-Request-ID"));
        JsonNode line = onlyRequestLine(id);
        assertEquals("GET", line.get("ext_method").asText());
        assertEquals("/redfish/v1/Systems/demo.control-plane-0", line.get("ext_path").asText());
        assertEquals(200, line.get("ext_status_int").asInt());
        assertTrue(line.get("ext_status_int").isInt(), line.toString());
        assertTrue(line.get("ext_duration_ms_long").isNumber(), line.toString());
        assertEquals("admin", line.get("ext_user").asText());
        assertEquals("demo.control-plane-0", line.get("ext_system").asText());
        assertEquals("/redfish/v1/Systems/{ComputerSystemId}", line.get("ext_route").asText());
        assertEquals("127.0.0.1", line.get("ext_remote_address").asText());
        assertEquals("observability-it", line.get("ext_user_agent").asText());
        assertEquals("INFO", line.get("loglevel").asText());
    }

    @Test
    void loginsLogTheUserAndFailedOnesTheAttemptedNameWithTheRequestIdOnEveryLine() {
        String ok = "obs-" + UUID.randomUUID();
        RedfishHttp.Reply login = new RedfishHttp().send("POST", "/redfish/v1/SessionService/Sessions",
                "{\"UserName\":\"admin\",\"Password\":\"demo-admin\"}", Map.of("X-Request-ID", ok));
        assertEquals(201, login.status());
        JsonNode line = onlyRequestLine(ok);
        assertEquals("admin", line.get("ext_user").asText());
        new RedfishHttp().send("DELETE", java.net.URI.create(login.header("Location")).getPath(), null, Map.of("X-Auth-Token",
                login.header("X-Auth-Token")));

        String failed = "obs-" + UUID.randomUUID();
        RedfishHttp.Reply refused = new RedfishHttp().send("POST", "/redfish/v1/SessionService/Sessions",
                "{\"UserName\":\"mallory\",\"Password\":\"guess\"}", Map.of("X-Request-ID", failed));
        assertEquals(401, refused.status());
        JsonNode failure = onlyRequestLine(failed);
        assertEquals("-", failure.get("ext_user").asText());
        assertEquals("mallory", failure.get("ext_attempted_user").asText());
        // the refusal's warning is another line of the same request, and carries its id
        List<JsonNode> all = await(l -> failed.equals(l.path("ext_request_id").asText()), 2);
        assertTrue(all.stream().anyMatch(l -> l.get("loglevel").asText().equals("WARNING")), all.toString());
        assertFalse(all.toString().contains("guess"), all.toString());

        String basic = "obs-" + UUID.randomUUID();
        new RedfishHttp().basic("mallory", "guess").send("GET", "/redfish/v1/Systems", null,
                Map.of("X-Request-ID", basic));
        assertEquals("mallory", onlyRequestLine(basic).get("ext_attempted_user").asText());
    }

    @Test
    void aMalformedBasicHeaderAndAnIllegalUriEachGiveExactlyOneLine() throws IOException {
        String malformed = "obs-" + UUID.randomUUID();
        RedfishHttp.Reply r = new RedfishHttp().send("GET", "/redfish/v1/Systems", null,
                Map.of("Authorization", "Basic !!!", "X-Request-ID", malformed));
        assertEquals(401, r.status());
        JsonNode line = onlyRequestLine(malformed);
        assertEquals(401, line.get("ext_status_int").asInt());
        assertEquals("malformed-basic", line.get("ext_refused").asText());

        String illegal = "obs-" + UUID.randomUUID();
        String reply = raw("GET /redfish/v1/Systems/a|b HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                + "X-Request-ID: " + illegal + "\r\n\r\n");
        assertTrue(reply.startsWith("HTTP/1.1 404 "), reply);
        JsonNode uri = onlyRequestLine(illegal);
        assertEquals(404, uri.get("ext_status_int").asInt());
        assertEquals("/redfish/v1/Systems/a%7Cb", uri.get("ext_path").asText());
        assertEquals("illegal-uri", uri.get("ext_refused").asText());
    }

    @Test
    void aForgedPathStaysInThePathFieldAndNoLineIsLong() throws IOException {
        String id = "obs-" + UUID.randomUUID();
        String forged = "/redfish/v1/Systems/x%20200%201ms%20user=admin%20system=FORGE%20204%201ms%20user=admin";
        RedfishHttp.Reply r = admin.send("GET", forged, null, Map.of("X-Request-ID", id));
        assertEquals(404, r.status());
        JsonNode line = onlyRequestLine(id);
        assertEquals(forged, line.get("ext_path").asText());
        assertEquals("admin", line.get("ext_user").asText());
        assertEquals(forged.substring("/redfish/v1/Systems/".length()), line.get("ext_system").asText());
        assertFalse(line.get("message").asText().contains(" system=FORGE"), line.toString());

        String longId = "obs-" + UUID.randomUUID();
        String huge = "/redfish/v1/Systems/" + "%7C".repeat(2000);
        String agent = "A".repeat(6000);
        admin.send("GET", huge, null, Map.of("X-Request-ID", longId, "User-Agent", agent));
        for (String text : rawLines(longId)) {
            assertTrue(text.length() < 4096, text.length() + " bytes: " + text.substring(0, 200));
        }
    }

    @Test
    void metricsHaveHelpHistogramsAndZeroCounters() {
        admin.send("POST", "/redfish/v1/Systems/demo.control-plane-0/Actions/ComputerSystem.Reset",
                "{\"ResetType\":\"Nope\"}", Map.of());
        String metrics = scrape(new RedfishHttp());
        Set<String> names = new LinkedHashSet<>();
        Matcher type = Pattern.compile("(?m)^# TYPE (redfish_\\w+) (\\w+)$").matcher(metrics);
        while (type.find()) {
            names.add(type.group(1));
            assertTrue(metrics.contains("# HELP " + type.group(1) + " ") && !metrics.contains("# HELP " + type.group(1)
                    + " \n"), "no help text for " + type.group(1) + "\n" + metrics);
        }
        assertTrue(names.contains("redfish_power_actions_total"), names.toString());
        assertTrue(metrics.contains("redfish_power_actions_total{mp_scope=\"application\",reset_type=\"PowerCycle\","
                + "result=\"failed\"} 0.0"), metrics);
        assertTrue(metrics.contains("redfish_media_actions_total{action=\"eject\",mp_scope=\"application\","
                + "result=\"failed\"} 0.0"), metrics);
        assertTrue(metrics.contains("redfish_authentication_failures_total{mechanism=\"session\","
                + "mp_scope=\"application\"}"), metrics);
        assertTrue(metrics.contains("redfish_media_imports_total{mp_scope=\"application\",result=\"failed\"}"), metrics);
        assertTrue(metrics.contains("# TYPE redfish_media_import_duration_seconds histogram"), metrics);
        assertTrue(metrics.contains("redfish_media_import_duration_seconds_bucket{mp_scope=\"application\","
                + "result=\"succeeded\",le=\"30.0\"}"), metrics);
        assertFalse(metrics.contains("quantile="), metrics);
        assertFalse(metrics.contains("redfish_request_duration"), metrics);
        String vendor = MetricsHttp.scrape(MetricsHttp.PORT, "/metrics");
        assertTrue(vendor.contains("http_server_request_duration_seconds"), "Liberty's request timer is there");
        assertTrue(metrics.contains("redfish_requests_total{method=\"POST\",mp_scope=\"application\","
                + "route=\"/redfish/v1/Systems/{ComputerSystemId}/Actions/ComputerSystem.Reset\",status=\"400\"}"),
                metrics);
    }

    @Test
    void kubernetesApiCallsAndInformersAreMeasured() {
        RedfishHttp k8s = RedfishHttp.kubernetes().basic("admin", "cluster-admin");
        KubernetesBackendIT.awaitReady(RedfishHttp.kubernetes());
        String before = scrape(RedfishHttp.kubernetes());
        assertTrue(before.contains("redfish_kubernetes_api_requests_total{mp_scope=\"application\","
                + "outcome=\"server_error\",resource=\"virtualmachines/stop\",verb=\"update\"} 0.0"), before);
        String uri = "/redfish/v1/Systems/cluster.legacy-running";
        String reset = uri + "/Actions/ComputerSystem.Reset";
        assertEquals(204, k8s.send("POST", reset, "{\"ResetType\":\"On\"}", Map.of()).status());
        k8s.await(uri, s -> s.get("PowerState").asText().equals("On"));
        assertEquals(204, k8s.send("POST", reset, "{\"ResetType\":\"ForceOff\"}", Map.of()).status());
        k8s.await(uri, s -> s.get("PowerState").asText().equals("Off")
                && s.at("/Oem/KubeVirt/PrintableStatus").asText().equals("Stopped"));
        String metrics = scrape(RedfishHttp.kubernetes());
        // the IT cluster enforces the OpenShift procedure's ClusterRole: the start subresource is denied and the
        // power-on is done with the VM patch virt-api itself makes (LifecyclePatches); both calls are measured
        assertTrue(value(metrics, "redfish_kubernetes_api_requests_total{mp_scope=\"application\",outcome=\"denied\","
                + "resource=\"virtualmachines/start\",verb=\"update\"}") >= 1, metrics);
        assertTrue(value(metrics, "redfish_kubernetes_api_requests_total{mp_scope=\"application\",outcome=\"success\","
                + "resource=\"virtualmachines\",verb=\"patch\"}") >= 1, metrics);
        assertTrue(value(metrics, "redfish_kubernetes_api_requests_total{mp_scope=\"application\",outcome=\"success\","
                + "resource=\"virtualmachines\",verb=\"list\"}") >= 1, metrics);
        assertTrue(value(metrics, "redfish_kubernetes_api_requests_total{mp_scope=\"application\",outcome=\"success\","
                + "resource=\"datavolumes\",verb=\"watch\"}") >= 1, metrics);
        assertTrue(metrics.contains("# TYPE redfish_kubernetes_api_request_duration_seconds histogram"), metrics);
        assertTrue(metrics.contains("redfish_kubernetes_api_request_duration_seconds_bucket{mp_scope=\"application\","
                + "resource=\"virtualmachines/start\",verb=\"update\",le=\"0.1\"}"), metrics);
        assertEquals(1.0, value(metrics, "redfish_informer_synced{mp_scope=\"application\",namespace=\"cluster\","
                + "resource=\"virtualmachines\"}"), metrics);
        assertEquals(1.0, value(metrics, "redfish_informer_watching{mp_scope=\"application\",namespace=\"cluster\","
                + "resource=\"datavolumes\"}"), metrics);
        assertTrue(metrics.contains("redfish_informer_last_event_age_seconds{"), metrics);
        assertTrue(metrics.contains("# HELP redfish_kubernetes_api_requests_total Requests to the Kubernetes API"),
                metrics);
    }

    /** A client sending made-up method names adds no series: they are counted under method="other". */
    @Test
    void madeUpMethodNamesAreCountedAsOther() throws Exception {
        String name = "XQ" + Long.toString(System.nanoTime(), 36).toUpperCase(java.util.Locale.ROOT);
        for (int i = 0; i < 3; i++) {
            HardeningIT.Raw.send(name + i + " /redfish/v1/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        }
        String metrics = MetricsHttp.scrape(MetricsHttp.PORT, "/metrics?scope=application").replace(",}", "}");
        assertFalse(metrics.contains(name), metrics);
        assertTrue(metrics.contains("redfish_requests_total{method=\"other\""), metrics);
    }

    /** The application metrics, label sets without Liberty's trailing comma ("{a=\"b\",}"). */
    private static String scrape(RedfishHttp http) {
        int port = http.base.equals(RedfishHttp.kubernetes().base) ? MetricsHttp.KUBERNETES_PORT : MetricsHttp.PORT;
        return MetricsHttp.scrape(port, "/metrics?scope=application").replace(",}", "}");
    }

    private static double value(String metrics, String series) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        throw new AssertionError("no " + series + " in\n" + metrics);
    }

    /** The one request-log line of that request id, waiting (bounded) for Liberty to write it. */
    private static JsonNode onlyRequestLine(String id) {
        List<JsonNode> lines = await(l -> LOGGER.equals(l.path("module").asText())
                && id.equals(l.path("ext_request_id").asText()), 1);
        assertEquals(1, lines.size(), "request-log lines of " + id + ": " + lines);
        return lines.get(0);
    }

    private static List<JsonNode> await(java.util.function.Predicate<JsonNode> match, int atLeast) {
        long deadline = System.nanoTime() + 20_000_000_000L;
        List<JsonNode> found = List.of();
        while (System.nanoTime() < deadline) {
            found = read().stream().filter(match).toList();
            if (found.size() >= atLeast) {
                try {
                    Thread.sleep(300); // a second line of the same request would be written by now
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return read().stream().filter(match).toList();
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return found;
    }

    private static List<JsonNode> read() {
        List<JsonNode> lines = new ArrayList<>();
        for (String text : allLines()) {
            if (text.startsWith("{")) {
                try {
                    lines.add(RedfishHttp.JSON.readTree(text));
                } catch (IOException notJson) {
                    // a line being written
                }
            }
        }
        return lines;
    }

    private static List<String> rawLines(String id) {
        await(l -> id.equals(l.path("ext_request_id").asText()), 1);
        return allLines().stream().filter(l -> l.contains(id)).toList();
    }

    private static List<String> allLines() {
        try {
            return Files.readAllLines(MESSAGES, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError("cannot read " + MESSAGES, e);
        }
    }

    private static String raw(String request) throws IOException {
        int port = Integer.getInteger("it.http.port", 8443);
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
