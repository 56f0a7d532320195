package org.kubevirtredfish.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 11 items 5, 6, 9 and 10 over HTTP, on the simulator server and on backend=kubernetes: of concurrent writers
 * holding one ETag exactly one gets through (PATCH, Reset, InsertMedia); weak ETags never match; partial PATCHes
 * without If-Match all take effect; bodies other than JSON are 415 and cross-site requests 403, with the state
 * unchanged; an OData-only PATCH is a no-op; a POST to Sessions/Members logs in; Oem objects are typed and their
 * CSDL is published. Each test puts its VM back as it found it (Off, no override, no media).
 */
class WriteSafetyIT {

    private static final int WRITERS = 12;

    /** A server, a VM of it that the test may change, its admin and an image it can import. */
    record Target(String name, RedfishHttp http, String system, String user, String password, String image) {

        @Override
        public String toString() {
            return name;
        }

        String uri() {
            return "/redfish/v1/Systems/" + system;
        }

        String media() {
            return uri() + "/VirtualMedia/Cd";
        }
    }

    static Target simulator() {
        return new Target("simulator", new RedfishHttp(Integer.getInteger("it.http.port", 8443),
                HttpClient.Version.HTTP_1_1), "demo.control-plane-2", "admin", "demo-admin",
                "http://images.example.test/agent.x86_64.iso");
    }

    static Target kubernetes() {
        RedfishHttp http = new RedfishHttp(Integer.getInteger("it.kubernetes.port", 8444), HttpClient.Version.HTTP_1_1);
        KubernetesBackendIT.awaitReady(http);
        try {
            String image = Files.readString(Path.of(System.getProperty("it.mock.dir"), "image-url")).trim();
            return new Target("kubernetes", http, "cluster.control-plane-2", "admin", "cluster-admin", image);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Arguments> servers() {
        return Stream.of(Arguments.of(simulator()), Arguments.of(kubernetes()));
    }

    private final List<Target> touched = new ArrayList<>();

    private RedfishHttp admin(Target t) {
        touched.add(t);
        return http11(t).basic(t.user(), t.password());
    }

    /** HTTP/1.1, as sushy and Ironic speak it; see {@link RedfishHttp#RedfishHttp(int, HttpClient.Version)}. */
    private static RedfishHttp http11(Target t) {
        return new RedfishHttp(port(t), HttpClient.Version.HTTP_1_1);
    }

    private static int port(Target t) {
        return Integer.parseInt(t.http().base.substring(t.http().base.lastIndexOf(':') + 1));
    }

    /** Back to Off, no boot override, UEFI, no media, for the other integration tests. */
    @AfterEach
    void restore() {
        for (Target t : touched) {
            RedfishHttp http = http11(t).basic(t.user(), t.password());
            JsonNode media = http.get(t.media()).json();
            if (media.path("Inserted").asBoolean()) {
                http.send("POST", t.media() + "/Actions/VirtualMedia.EjectMedia", "{}", Map.of());
            }
            http.send("PATCH", t.uri(), "{\"Boot\":{\"BootSourceOverrideTarget\":\"None\","
                    + "\"BootSourceOverrideMode\":\"UEFI\"}}", Map.of());
            http.await(t.uri(), s -> !s.path("PowerState").asText().startsWith("Powering"));
            if (!http.get(t.uri()).json().path("PowerState").asText().equals("Off")) {
                http.send("POST", t.uri() + "/Actions/ComputerSystem.Reset", "{\"ResetType\":\"ForceOff\"}",
                        Map.of());
            }
            http.await(t.uri(), s -> s.path("PowerState").asText().equals("Off"));
            http.await(t.media(), m -> !m.path("Inserted").asBoolean());
        }
        touched.clear();
    }

    /** Runs {@code n} requests released at once, each on its own connection; their statuses. */
    private static List<Integer> concurrently(int n, IntFunction<RedfishHttp.Reply> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                results.add(pool.submit(() -> {
                    go.await();
                    return call.apply(index).status();
                }));
            }
            go.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> r : results) {
                statuses.add(r.get(2, TimeUnit.MINUTES));
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }

    private static RedfishHttp client(Target t, String token) {
        return http11(t).token(token);
    }

    /** A session for the concurrent clients, so that the test does not measure twelve bcrypt checks. */
    private static String session(Target t) {
        RedfishHttp.Reply r = http11(t).send("POST", "/redfish/v1/SessionService/Sessions",
                "{\"UserName\":\"" + t.user() + "\",\"Password\":\"" + t.password() + "\"}", Map.of());
        assertEquals(201, r.status(), r.text());
        return r.header("X-Auth-Token");
    }

    private static void assertOneWinner(int success, List<Integer> statuses) {
        assertEquals(1, statuses.stream().filter(s -> s == success).count(), statuses.toString());
        assertEquals(WRITERS - 1, statuses.stream().filter(s -> s == 412).count(), statuses.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void ofConcurrentPatchesWithOneEtagExactlyOnePasses(Target t) throws Exception {
        RedfishHttp http = admin(t);
        String etag = http.get(t.uri()).header("ETag");
        String token = session(t);
        List<String> targets = List.of("Pxe", "Hdd", "Cd");
        List<Integer> statuses = concurrently(WRITERS, i -> client(t, token).send("PATCH", t.uri(),
                "{\"Boot\":{\"BootSourceOverrideTarget\":\"" + targets.get(i % 3) + "\"}}", Map.of("If-Match", etag)));
        System.out.println(t + ": " + WRITERS + " concurrent PATCHes with one ETag: " + statuses);
        assertOneWinner(200, statuses);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void ofConcurrentResetsWithOneEtagExactlyOnePasses(Target t) throws Exception {
        RedfishHttp http = admin(t);
        assertEquals("Off", http.get(t.uri()).json().path("PowerState").asText());
        String etag = http.get(t.uri()).header("ETag");
        String token = session(t);
        List<Integer> statuses = concurrently(WRITERS, i -> client(t, token).send("POST",
                t.uri() + "/Actions/ComputerSystem.Reset", "{\"ResetType\":\"On\"}", Map.of("If-Match", etag)));
        System.out.println(t + ": " + WRITERS + " concurrent Resets with one ETag: " + statuses);
        assertOneWinner(204, statuses);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void ofConcurrentInsertsWithOneEtagExactlyOnePasses(Target t) throws Exception {
        RedfishHttp http = admin(t);
        String etag = http.get(t.media()).header("ETag");
        String token = session(t);
        List<Integer> statuses = concurrently(WRITERS, i -> client(t, token).send("POST",
                t.media() + "/Actions/VirtualMedia.InsertMedia", "{\"Image\":\"" + t.image() + "\"}",
                Map.of("If-Match", etag)));
        System.out.println(t + ": " + WRITERS + " concurrent InsertMedia with one ETag: " + statuses);
        assertOneWinner(204, statuses);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void weakEtagsNeverMatch(Target t) {
        RedfishHttp http = admin(t);
        String etag = http.get(t.uri()).header("ETag");
        String before = http.get(t.uri()).json().path("Boot").toString();
        RedfishHttp.Reply weak = http.send("PATCH", t.uri(), "{\"Boot\":{\"BootSourceOverrideTarget\":\"Pxe\"}}",
                Map.of("If-Match", "W/" + etag));
        assertEquals(412, weak.status(), weak.text());
        assertEquals(List.of("PreconditionFailed"), weak.messageIds());
        assertEquals(before, http.get(t.uri()).json().path("Boot").toString());
        assertEquals(200, http.send("PATCH", t.uri(), "{\"Boot\":{\"BootSourceOverrideTarget\":\"Pxe\"}}",
                Map.of("If-Match", etag)).status());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void concurrentPartialPatchesWithoutIfMatchAllTakeEffect(Target t) throws Exception {
        RedfishHttp http = admin(t);
        String token = session(t);
        List<String> bodies = List.of("{\"Boot\":{\"BootSourceOverrideTarget\":\"Pxe\"}}",
                "{\"Boot\":{\"BootSourceOverrideMode\":\"Legacy\"}}");
        List<Integer> statuses = concurrently(2, i -> client(t, token).send("PATCH", t.uri(), bodies.get(i),
                Map.of()));
        assertEquals(List.of(200, 200), statuses);
        JsonNode boot = http.get(t.uri()).json().path("Boot");
        assertEquals("Pxe", boot.path("BootSourceOverrideTarget").asText(), boot.toString());
        assertEquals("Legacy", boot.path("BootSourceOverrideMode").asText(), boot.toString());
    }

    @Test
    void bodiesOtherThanJsonAre415AndChangeNothing() {
        Target t = simulator();
        RedfishHttp http = admin(t);
        String reset = t.uri() + "/Actions/ComputerSystem.Reset";
        String json = "{\"ResetType\":\"On\"}";
        Map<String, String> bodies = Map.of(
                "text/plain", json,
                "text/plain;charset=UTF-8", json,
                "application/x-www-form-urlencoded", "ResetType=On",
                "multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; name=\"ResetType\"\r\n\r\n"
                        + "On\r\n--b--\r\n",
                "application/json;charset=iso-8859-1", json);
        bodies.forEach((type, body) -> {
            RedfishHttp.Reply r = http.send("POST", reset, body, type, Map.of());
            assertEquals(415, r.status(), type + ": " + r.text());
            assertEquals(List.of("HeaderInvalid"), r.messageIds(), type);
        });
        RedfishHttp.Reply untyped = http.send("POST", reset, json, null, Map.of());
        assertEquals(415, untyped.status(), untyped.text());
        RedfishHttp.Reply patch = http.send("PATCH", t.uri(), "{\"Boot\":{\"BootSourceOverrideTarget\":\"Pxe\"}}",
                "text/plain", Map.of());
        assertEquals(415, patch.status(), patch.text());
        RedfishHttp.Reply insert = http.send("POST", t.media() + "/Actions/VirtualMedia.InsertMedia",
                "{\"Image\":\"" + t.image() + "\"}", "application/x-www-form-urlencoded", Map.of());
        assertEquals(415, insert.status(), insert.text());
        JsonNode system = http.get(t.uri()).json();
        assertEquals("Off", system.path("PowerState").asText());
        assertEquals("None", system.at("/Boot/BootSourceOverrideTarget").asText());
        assertEquals(false, http.get(t.media()).json().path("Inserted").asBoolean());
        RedfishHttp.Reply utf8 = http.send("POST", reset, json, "application/json;charset=utf-8", Map.of());
        assertEquals(204, utf8.status(), utf8.text());
    }

    /** sushy 4.3 VirtualMedia.eject_media posts no body and no Content-Type. */
    @Test
    void anEmptyEjectWithoutContentTypeStillWorks() {
        Target t = simulator();
        RedfishHttp http = admin(t);
        assertEquals(204, http.send("POST", t.media() + "/Actions/VirtualMedia.InsertMedia",
                "{\"Image\":\"" + t.image() + "\"}", Map.of()).status());
        RedfishHttp.Reply eject = http.send("POST", t.media() + "/Actions/VirtualMedia.EjectMedia", null, null,
                Map.of());
        assertEquals(204, eject.status(), eject.text());
        assertEquals(false, http.get(t.media()).json().path("Inserted").asBoolean());
    }

    @Test
    void crossSiteRequestsAre403AndChangeNothing() {
        Target t = simulator();
        RedfishHttp http = admin(t);
        String reset = t.uri() + "/Actions/ComputerSystem.Reset";
        String json = "{\"ResetType\":\"On\"}";
        for (Map<String, String> headers : List.of(Map.of("Sec-Fetch-Site", "cross-site"),
                Map.of("Sec-Fetch-Site", "same-site"), Map.of("Origin", "https://evil.example"),
                Map.of("Origin", "null"))) {
            RedfishHttp.Reply r = http.send("POST", reset, json, headers);
            assertEquals(403, r.status(), headers + ": " + r.text());
            assertEquals(List.of("HeaderInvalid"), r.messageIds(), headers.toString());
            RedfishHttp.Reply eject = http.send("POST", t.media() + "/Actions/VirtualMedia.EjectMedia", null, null,
                    headers);
            assertEquals(403, eject.status(), headers + ": " + eject.text());
        }
        assertEquals("Off", http.get(t.uri()).json().path("PowerState").asText());
        RedfishHttp.Reply own = http.send("PATCH", t.uri(), "{\"Boot\":{\"BootSourceOverrideTarget\":\"Pxe\"}}",
                Map.of("Origin", http.base, "Sec-Fetch-Site", "same-origin"));
        assertEquals(200, own.status(), own.text());
    }

    @Test
    void odataOnlyPatchIsANoOp() {
        Target t = simulator();
        RedfishHttp http = admin(t);
        RedfishHttp.Reply before = http.get(t.uri());
        RedfishHttp.Reply r = http.send("PATCH", t.uri(), "{\"@odata.id\":\"" + t.uri() + "\",\"@odata.etag\":"
                + RedfishHttp.JSON.valueToTree(before.header("ETag")) + "}", Map.of("If-Match", before.header("ETag")));
        assertEquals(200, r.status(), r.text());
        assertEquals(before.header("ETag"), http.get(t.uri()).header("ETag"), "nothing was written");
    }

    @Test
    void postToSessionsMembersLogsIn() {
        Target t = simulator();
        RedfishHttp.Reply r = http11(t).send("POST", "/redfish/v1/SessionService/Sessions/Members",
                "{\"UserName\":\"" + t.user() + "\",\"Password\":\"" + t.password() + "\"}", Map.of());
        assertEquals(201, r.status(), r.text());
        String token = r.header("X-Auth-Token");
        assertNotNull(token);
        RedfishHttp session = http11(t).token(token);
        assertEquals(200, session.get("/redfish/v1/Systems").status());
        assertEquals(204, session.send("DELETE", java.net.URI.create(r.header("Location")).getPath(), null,
                Map.of()).status());
        assertEquals(400, http11(t).send("POST", "/redfish/v1/SessionService/Sessions/Members", "{}",
                Map.of()).status());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void oemObjectsAreTypedAndTheirSchemaIsPublished(Target t) {
        RedfishHttp http = http11(t).basic(t.user(), t.password());
        assertEquals("#KubeVirtComputerSystem.v1_0_0.KubeVirtComputerSystem",
                http.get(t.uri()).json().at("/Oem/KubeVirt/@odata.type").asText());
        assertEquals("#KubeVirtVirtualMedia.v1_0_0.KubeVirtVirtualMedia",
                http.get(t.media()).json().at("/Oem/KubeVirt/@odata.type").asText());
        String metadata = http11(t).get("/redfish/v1/$metadata").text();
        assertTrue(metadata.contains("<edmx:Reference Uri=\"/redfish/v1/Schemas/KubeVirt_v1.xml\">"), metadata);
        RedfishHttp.Reply schema = http11(t).get("/redfish/v1/Schemas/KubeVirt_v1.xml");
        assertEquals(200, schema.status());
        assertTrue(schema.text().contains("<ComplexType Name=\"KubeVirtComputerSystem\" BaseType=\"Resource.OemObject\">"),
                schema.text());
    }
}
