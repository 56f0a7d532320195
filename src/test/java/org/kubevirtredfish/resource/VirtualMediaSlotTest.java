package org.kubevirtredfish.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kubevirtredfish.kubevirt.GatewayException;
import org.kubevirtredfish.kubevirt.GatewayPolling;
import org.kubevirtredfish.kubevirt.MediaInsert;
import org.kubevirtredfish.kubevirt.MediaState;
import org.kubevirtredfish.kubevirt.PowerState;
import org.kubevirtredfish.kubevirt.VirtualMachine;
import org.kubevirtredfish.message.BaseMessage;
import org.kubevirtredfish.message.RedfishException;
import org.kubevirtredfish.openapi.OpenApiDocument;

class VirtualMediaSlotTest {

    static final String ISO = "http://10.0.0.5:8080/agent.x86_64.iso";
    static final String INSERT = "VirtualMedia.InsertMedia";

    private static RedfishException error(BaseMessage first, String body) {
        RedfishException e = assertThrows(RedfishException.class, () -> VirtualMediaSlot.parseInsert(body));
        assertEquals(400, e.status(), e.messages().toString());
        assertEquals(first, e.messages().get(0).message(), e.messages().toString());
        return e;
    }

    private static String image(String url) {
        return "{\"Image\":" + new ObjectMapper().valueToTree(url) + "}";
    }

    @Test
    void theDocumentedBody() {
        MediaInsert m = VirtualMediaSlot.parseInsert(
                "{\"Image\":\"" + ISO + "\",\"Inserted\":true,\"WriteProtected\":true}");
        assertEquals(URI.create(ISO), m.image());
        assertTrue(m.writeProtected());
    }

    @Test
    void sushysBodies() {
        assertEquals(URI.create(ISO), VirtualMediaSlot.parseInsert(image(ISO)).image());
        assertEquals(URI.create(ISO), VirtualMediaSlot.parseInsert("{\"Image\":\"" + ISO
                + "\",\"Inserted\":true,\"WriteProtected\":true,\"TransferProtocolType\":\"HTTP\","
                + "\"TransferMethod\":\"Stream\"}").image());
        String https = "https://images.example.com/isos/boot.iso?token=abc&x=1";
        assertEquals(URI.create(https), VirtualMediaSlot.parseInsert("{\"Image\":\"" + https
                + "\",\"TransferProtocolType\":\"HTTPS\",\"TransferMethod\":\"Upload\"}").image());
        // sushy sends empty credentials when none are configured
        assertEquals(URI.create(ISO), VirtualMediaSlot.parseInsert("{\"Image\":\"" + ISO
                + "\",\"UserName\":\"\",\"Password\":null}").image());
    }

    @Test
    void upperCaseSchemeIsAnHttpUrl() {
        assertEquals("HTTP", VirtualMediaSlot.parseInsert(image("HTTP://h.example/x.iso")).image().getScheme());
    }

    @Test
    void transferProtocolTypeMustMatchTheUrl() {
        RedfishException e = error(BaseMessage.ActionParameterValueNotInList,
                "{\"Image\":\"" + ISO + "\",\"TransferProtocolType\":\"HTTPS\"}");
        assertEquals(List.of("HTTPS", "TransferProtocolType", INSERT), e.messages().get(0).args());
        e = error(BaseMessage.ActionParameterValueNotInList,
                "{\"Image\":\"" + ISO + "\",\"TransferProtocolType\":\"NFS\"}");
        assertEquals(List.of("NFS", "TransferProtocolType", INSERT), e.messages().get(0).args());
        error(BaseMessage.ActionParameterValueNotInList,
                "{\"Image\":\"" + ISO + "\",\"TransferMethod\":\"Copy\"}");
        error(BaseMessage.ActionParameterValueTypeError,
                "{\"Image\":\"" + ISO + "\",\"TransferProtocolType\":1}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Inserted", "WriteProtected"})
    void falseIsNotSupported(String name) {
        RedfishException e = error(BaseMessage.ActionParameterValueNotInList,
                "{\"Image\":\"" + ISO + "\",\"" + name + "\":false}");
        assertEquals(List.of("false", name, INSERT), e.messages().get(0).args());
        e = error(BaseMessage.ActionParameterValueTypeError, "{\"Image\":\"" + ISO + "\",\"" + name + "\":\"true\"}");
        assertEquals(List.of("true", name, INSERT), e.messages().get(0).args());
    }

    @ParameterizedTest
    @ValueSource(strings = {"UserName", "Password"})
    void credentialsAreNotSupported(String name) {
        RedfishException e = error(BaseMessage.ActionParameterNotSupported,
                "{\"Image\":\"" + ISO + "\",\"" + name + "\":\"s3cret\"}");
        assertEquals(List.of(name, INSERT), e.messages().get(0).args());
        assertFalse(e.messages().toString().contains("s3cret"));
    }

    @Test
    void unknownParameter() {
        RedfishException e = error(BaseMessage.ActionParameterUnknown, "{\"Image\":\"" + ISO + "\",\"Foo\":1}");
        assertEquals(List.of(INSERT, "Foo"), e.messages().get(0).args());
    }

    @Test
    void missingImage() {
        RedfishException e = error(BaseMessage.ActionParameterMissing, "{\"Inserted\":true}");
        assertEquals(List.of(INSERT, "Image"), e.messages().get(0).args());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://h.example/x.iso", "file:///tmp/x.iso", "nfs://h.example/x.iso",
            "smb://h.example/x.iso", "/local/x.iso", "h.example/x.iso", "http:///x.iso", "http:x.iso", "",
            "http://user:pw@h.example/x.iso", "https://token@h.example/x.iso",
            "http://h.example/a b.iso", "http://h.example/x.iso`reboot`", "http://h.example/x.iso|sh",
            "http://h.example/x.iso\"", "http://h.example/<x>.iso", "http://h.example/x.iso\nreboot",
            "http://h.example/x.iso\\x"})
    void onlyPlainHttpUrlsAreImages(String url) {
        RedfishException e = error(BaseMessage.ActionParameterValueFormatError, image(url));
        assertEquals("Image", e.messages().get(0).args().get(1));
        assertEquals(INSERT, e.messages().get(0).args().get(2));
    }

    @Test
    void tooLongUrlIsRefusedAndNotEchoedInFull() {
        String url = "http://h.example/" + "a".repeat(3000) + ".iso";
        RedfishException e = error(BaseMessage.ActionParameterValueFormatError, image(url));
        String arg = e.messages().get(0).args().get(0);
        assertTrue(arg.length() < 300, "echoed argument of " + arg.length() + " characters");
        assertTrue(arg.startsWith("http://h.example/aaa"), arg);
    }

    @Test
    void lengthLimitIs2048() {
        String prefix = "http://h.example/";
        String ok = prefix + "a".repeat(2048 - prefix.length());
        assertEquals(2048, ok.length());
        assertEquals(URI.create(ok), VirtualMediaSlot.parseInsert(image(ok)).image());
        error(BaseMessage.ActionParameterValueFormatError, image(ok + "a"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"42", "true", "null", "[\"http://h.example/x.iso\"]", "{\"url\":\"http://h/x\"}"})
    void nonStringImageIsATypeError(String value) {
        RedfishException e = error(BaseMessage.ActionParameterValueTypeError, "{\"Image\":" + value + "}");
        assertEquals(List.of(value, "Image", INSERT), e.messages().get(0).args());
    }

    @Test
    void allProblemsAtOnce() {
        RedfishException e = assertThrows(RedfishException.class, () -> VirtualMediaSlot.parseInsert(
                "{\"Image\":\"ftp://h/x.iso\",\"Inserted\":false,\"Foo\":1}"));
        assertEquals(400, e.status());
        assertEquals(3, e.messages().size(), e.messages().toString());
    }

    @Test
    void malformedAndEmptyBodies() {
        error(BaseMessage.MalformedJSON, "");
        error(BaseMessage.MalformedJSON, "{\"Image\":");
        error(BaseMessage.UnrecognizedRequestBody, "[\"" + ISO + "\"]");
    }

    // ---- through the slot, over the simulator

    @Test
    void ofTwelveConcurrentInsertsWithOneEtagExactlyOnePasses() throws Exception {
        try (Fixture f = new Fixture()) {
            VirtualMediaSlot slot = f.slot();
            String base = "/redfish/v1/Systems/" + Fixture.OFF_ID + "/VirtualMedia";
            String etag = slot.get(Fixture.OFF_ID, base, "Cd").getHeaderString("ETag");
            List<Integer> statuses = SystemResourceTest.concurrently(12,
                    i -> slot.insert(Fixture.OFF_ID, base, "Cd", image(ISO), etag).getStatus());
            assertEquals(1, statuses.stream().filter(s -> s == 204).count(), statuses.toString());
            assertEquals(11, statuses.stream().filter(s -> s == 412).count(), statuses.toString());
            // the simulated import ends on its own and changes the representation: take the ETag after it
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
            while (!((String) slot.get(Fixture.OFF_ID, base, "Cd").getEntity()).contains("\"State\":\"Enabled\"")) {
                assertTrue(System.nanoTime() < deadline, "the simulated import ends");
                Thread.sleep(20);
            }
            String now = slot.get(Fixture.OFF_ID, base, "Cd").getHeaderString("ETag");
            List<Integer> ejects = SystemResourceTest.concurrently(12,
                    i -> slot.eject(Fixture.OFF_ID, base, "Cd", null, now).getStatus());
            assertEquals(1, ejects.stream().filter(s -> s == 204).count(), ejects.toString());
            assertEquals(11, ejects.stream().filter(s -> s == 412).count(), ejects.toString());
        }
    }

    @Test
    void weakEtagNeverMatchesAndOemIsTyped() {
        try (Fixture f = new Fixture()) {
            VirtualMediaSlot slot = f.slot();
            String base = "/redfish/v1/Systems/" + Fixture.OFF_ID + "/VirtualMedia";
            Response empty = slot.get(Fixture.OFF_ID, base, "Cd");
            assertTrue(((String) empty.getEntity()).contains(
                    "\"@odata.type\":\"#KubeVirtVirtualMedia.v1_0_0.KubeVirtVirtualMedia\""));
            RedfishException weak = assertThrows(RedfishException.class, () -> slot.insert(Fixture.OFF_ID, base,
                    "Cd", image(ISO), "W/" + empty.getHeaderString("ETag")));
            assertEquals(412, weak.status());
            assertFalse(f.sim.find(Fixture.OFF).orElseThrow().media().inserted());
        }
    }

    @Test
    void insertGetAndEjectThroughTheSlot() {
        try (Fixture f = new Fixture()) {
            VirtualMediaSlot slot = f.slot();
            String base = "/redfish/v1/Managers/" + Fixture.OFF_ID + "/VirtualMedia";
            OpenApiDocument doc = OpenApiDocument.load();
            Response empty = slot.get(Fixture.OFF_ID, base, "Cd");
            List<String> errors = doc.validateResponse("GET", base + "/Cd", 200, (String) empty.getEntity());
            assertTrue(errors.isEmpty(), errors + "\n" + empty.getEntity());
            String etag = empty.getHeaderString("ETag");
            assertEquals(204, slot.insert(Fixture.OFF_ID, base, "Cd", image(ISO), etag).getStatus());
            MediaState media = f.sim.find(Fixture.OFF).orElseThrow().media();
            assertEquals(ISO, media.image());
            Response inserted = slot.get(Fixture.OFF_ID, base, "Cd");
            errors = doc.validateResponse("GET", base + "/Cd", 200, (String) inserted.getEntity());
            assertTrue(errors.isEmpty(), errors + "\n" + inserted.getEntity());
            assertTrue(((String) inserted.getEntity()).contains("\"Inserted\":true"));
            assertThrows(GatewayException.Conflict.class, () -> slot.insert(Fixture.OFF_ID, base, "Cd",
                    image("http://h.example/other.iso"), null));
            RedfishException stale = assertThrows(RedfishException.class,
                    () -> slot.eject(Fixture.OFF_ID, base, "Cd", "{}", etag));
            assertEquals(412, stale.status());
            RedfishException unknown = assertThrows(RedfishException.class,
                    () -> slot.eject(Fixture.OFF_ID, base, "Cd", "{\"Force\":true}", null));
            assertEquals(BaseMessage.ActionParameterUnknown, unknown.messages().get(0).message());
            assertEquals(204, slot.eject(Fixture.OFF_ID, base, "Cd", null, null).getStatus());
            assertEquals(MediaState.Phase.EMPTY, f.sim.find(Fixture.OFF).orElseThrow().media().phase());
            RedfishException floppy = assertThrows(RedfishException.class,
                    () -> slot.get(Fixture.OFF_ID, base, "Floppy"));
            assertEquals(404, floppy.status());
            RedfishException hidden = assertThrows(RedfishException.class,
                    () -> slot.insert(Fixture.HIDDEN_ID, base, "Cd", image(ISO), null));
            assertEquals(404, hidden.status());
        }
    }

    /**
     * S4 through Redfish: an importer that fails (CDI keeps importing and restarting it) reads failed at once with
     * Health Critical and the importer's own message; the On held for it is dropped and a later On is refused.
     */
    @Test
    void aFailingImportReadsCriticalWithTheImportersMessageAndDropsTheHeldOn() throws Exception {
        try (Fixture f = Fixture.withSlowImports()) {
            VirtualMediaSlot slot = f.slot();
            SystemResource systems = f.systems();
            String base = "/redfish/v1/Managers/" + Fixture.OFF_ID + "/VirtualMedia";
            assertEquals(204, slot.insert(Fixture.OFF_ID, base, "Cd",
                    image("http://images.example.com/fail/agent.x86_64.iso"), null).getStatus());
            assertEquals(204, systems.resetSystem(Fixture.OFF_ID, "{\"ResetType\":\"On\"}", null).getStatus());
            assertEquals(PowerState.PoweringOn, f.sim.find(Fixture.OFF).orElseThrow().powerState());
            VirtualMachine failed = GatewayPolling.await(f.sim, Fixture.OFF, "failed", Duration.ofSeconds(5),
                    v -> v.media().phase() == MediaState.Phase.FAILED);
            assertEquals(PowerState.Off, failed.powerState(), "the held On was dropped");
            JsonNode cd = new ObjectMapper().readTree((String) slot.get(Fixture.OFF_ID, base, "Cd").getEntity());
            assertEquals("Critical", cd.at("/Status/Health").asText());
            assertEquals("UnavailableOffline", cd.at("/Status/State").asText());
            assertEquals("Unable to connect to http data source: expected status code 200, got 404. Status: 404 Not Found",
                    cd.at("/Oem/KubeVirt/Message").asText());
            assertThrows(GatewayException.Conflict.class,
                    () -> systems.resetSystem(Fixture.OFF_ID, "{\"ResetType\":\"On\"}", null));
        }
    }
}
