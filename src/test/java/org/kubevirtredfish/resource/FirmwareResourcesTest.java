package org.kubevirtredfish.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kubevirtredfish.kubevirt.BootMode;
import org.kubevirtredfish.kubevirt.BootOverride;
import org.kubevirtredfish.kubevirt.Firmware;
import org.kubevirtredfish.kubevirt.GatewayPolling;
import org.kubevirtredfish.kubevirt.KubeVirtGateway;
import org.kubevirtredfish.kubevirt.PowerAction;
import org.kubevirtredfish.message.BaseMessage;
import org.kubevirtredfish.message.RedfishException;
import org.kubevirtredfish.openapi.OpenApiDocument;

/**
 * SecureBoot, Bios (and its settings object) and the Manager's clock over the simulator: what they read, what a PATCH
 * changes and what it refuses; every payload valid for openapi/openapi.yaml.
 */
class FirmwareResourcesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static OpenApiDocument doc;

    private final Fixture f = new Fixture();

    @BeforeAll
    static void load() {
        doc = OpenApiDocument.load();
    }

    @AfterEach
    void close() {
        f.close();
    }

    private SecureBootResource secureBoot() {
        SecureBootResource r = new SecureBootResource();
        r.scope = f.scope;
        r.gateway = f.sim;
        r.writes = f.writes;
        f.writes.gateway = f.sim;
        return r;
    }

    private BiosResource bios() {
        BiosResource r = new BiosResource();
        r.scope = f.scope;
        r.gateway = f.sim;
        r.writes = f.writes;
        f.writes.gateway = f.sim;
        return r;
    }

    /** The body, after checking it against the document's schema for that path and method. */
    private static JsonNode valid(String method, String path, Response r) {
        assertEquals(200, r.getStatus());
        String body = (String) r.getEntity();
        List<String> errors = doc.validateResponse(method, path, 200, body);
        assertEquals(List.of(), errors, body);
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static RedfishException error(int status, BaseMessage first, Runnable call) {
        RedfishException e = assertThrows(RedfishException.class, call::run);
        assertEquals(status, e.status(), e.messages().toString());
        assertEquals(first, e.messages().get(0).message(), e.messages().toString());
        return e;
    }

    private static String secureBootUri(String id) {
        return "/redfish/v1/Systems/" + id + "/SecureBoot";
    }

    @Test
    void theSystemLinksSecureBootAndBiosAndNamesItsFirmware() {
        JsonNode system = valid("GET", "/redfish/v1/Systems/" + Fixture.RUNNING_ID,
                f.systems().getSystem(Fixture.RUNNING_ID));
        assertEquals(secureBootUri(Fixture.RUNNING_ID), system.at("/SecureBoot/@odata.id").asText());
        assertEquals("/redfish/v1/Systems/" + Fixture.RUNNING_ID + "/Bios", system.at("/Bios/@odata.id").asText());
        assertEquals("OVMF (UEFI)", system.path("BiosVersion").asText());
        f.sim.setBootOverride(Fixture.OFF, BootOverride.none(BootMode.Legacy));
        assertEquals("SeaBIOS (Legacy BIOS)",
                json(f.systems().getSystem(Fixture.OFF_ID)).path("BiosVersion").asText());
    }

    /**
     * GET of a System takes BiosVersion from the VM snapshot and asks the gateway nothing else: a firmware lookup per
     * GET converted the VM and VMI to JSON again and consulted the preference cache (fabric8 gateway). A running
     * instance's firmware wins over the one its next instance boots.
     */
    @Test
    void aSystemTakesItsFirmwareFromTheSnapshotWithoutAskingTheGateway() {
        java.util.Map<String, Integer> calls = new java.util.concurrent.ConcurrentHashMap<>();
        SystemResource systems = f.systems();
        systems.gateway = (KubeVirtGateway) java.lang.reflect.Proxy.newProxyInstance(
                KubeVirtGateway.class.getClassLoader(), new Class<?>[] {KubeVirtGateway.class},
                (proxy, method, args) -> {
                    calls.merge(method.getName(), 1, Integer::sum);
                    try {
                        return method.invoke(f.sim, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        f.sim.setBootOverride(Fixture.RUNNING, BootOverride.none(BootMode.Legacy)); // the next instance boots BIOS

        JsonNode running = json(systems.getSystem(Fixture.RUNNING_ID));

        assertEquals("OVMF (UEFI)", running.path("BiosVersion").asText(), "the running instance's firmware");
        assertEquals("Legacy", running.at("/Boot/BootSourceOverrideMode").asText());
        assertEquals(java.util.Map.of(), calls);
    }

    private static JsonNode json(Response r) {
        try {
            return JSON.readTree((String) r.getEntity());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void secureBootOnChangesTheTemplateWithSmmAndTakesEffectWithTheNextInstance() {
        String uri = secureBootUri(Fixture.RUNNING_ID);
        JsonNode before = valid("GET", uri, secureBoot().getSecureBoot(Fixture.RUNNING_ID));
        assertFalse(before.path("SecureBootEnable").asBoolean());
        assertEquals("Disabled", before.path("SecureBootCurrentBoot").asText());
        assertEquals("SetupMode", before.path("SecureBootMode").asText());
        assertTrue(before.path("Description").asText().contains("next instance"));
        String instance = f.sim.find(Fixture.RUNNING).orElseThrow().instanceId();

        assertEquals(List.of(), doc.validateRequest("PATCH", uri, "{\"SecureBootEnable\":true}"));
        JsonNode after = valid("PATCH", uri,
                secureBoot().patchSecureBoot(Fixture.RUNNING_ID, "{\"SecureBootEnable\":true}", null));

        assertTrue(after.path("SecureBootEnable").asBoolean());
        assertEquals("Disabled", after.path("SecureBootCurrentBoot").asText(), "the running instance keeps its own");
        Firmware firmware = f.sim.firmware(Fixture.RUNNING);
        assertTrue(firmware.secureBoot() && firmware.smm(), firmware.toString());

        f.sim.power(Fixture.RUNNING, PowerAction.FORCE_RESTART);
        GatewayPolling.await(f.sim, Fixture.RUNNING, "a new instance", Duration.ofSeconds(5),
                vm -> vm.instanceId() != null && !vm.instanceId().equals(instance));
        JsonNode rebooted = valid("GET", uri, secureBoot().getSecureBoot(Fixture.RUNNING_ID));
        assertEquals("Enabled", rebooted.path("SecureBootCurrentBoot").asText());
        assertEquals("UserMode", rebooted.path("SecureBootMode").asText());

        JsonNode off = valid("PATCH", uri,
                secureBoot().patchSecureBoot(Fixture.RUNNING_ID, "{\"SecureBootEnable\":false}", null));
        assertFalse(off.path("SecureBootEnable").asBoolean());
        assertFalse(f.sim.firmware(Fixture.RUNNING).secureBoot());
    }

    @Test
    void secureBootOnALegacyVmIsAConflictWithTheBootModeAndChangesNothing() {
        f.sim.setBootOverride(Fixture.OFF, BootOverride.none(BootMode.Legacy));
        JsonNode legacy = valid("GET", secureBootUri(Fixture.OFF_ID), secureBoot().getSecureBoot(Fixture.OFF_ID));
        assertFalse(legacy.path("SecureBootEnable").asBoolean());
        assertTrue(legacy.path("SecureBootCurrentBoot").isNull(), "no instance");

        RedfishException e = error(400, BaseMessage.PropertyValueConflict,
                () -> secureBoot().patchSecureBoot(Fixture.OFF_ID, "{\"SecureBootEnable\":true}", null));
        assertEquals(List.of("SecureBootEnable", "BootSourceOverrideMode"), e.messages().get(0).args());
        assertEquals(List.of("#/SecureBootEnable"), e.messages().get(0).relatedProperties());
        assertFalse(f.sim.firmware(Fixture.OFF).secureBoot());
        assertFalse(f.sim.firmware(Fixture.OFF).smm());
        // turning it off where it is off already is no conflict
        valid("PATCH", secureBootUri(Fixture.OFF_ID),
                secureBoot().patchSecureBoot(Fixture.OFF_ID, "{\"SecureBootEnable\":false}", null));
    }

    @Test
    void aStaleIfMatchIs412AndTheWinnersEtagMoves() {
        String etag = secureBoot().getSecureBoot(Fixture.OFF_ID).getHeaderString("ETag");
        secureBoot().patchSecureBoot(Fixture.OFF_ID, "{\"SecureBootEnable\":true}", etag);
        String next = secureBoot().getSecureBoot(Fixture.OFF_ID).getHeaderString("ETag");
        assertNotEquals(etag, next);

        error(412, BaseMessage.PreconditionFailed,
                () -> secureBoot().patchSecureBoot(Fixture.OFF_ID, "{\"SecureBootEnable\":false}", etag));
        assertTrue(f.sim.firmware(Fixture.OFF).secureBoot());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{}                                      | EmptyJSON              | ",
            "{\"SecureBootEnable\":\"true\"}         | PropertyValueTypeError | true",
            "{\"SecureBootEnable\":null}             | PropertyValueTypeError | null",
            "{\"SecureBootMode\":\"DeployedMode\"}   | PropertyNotWritable    | SecureBootMode",
            "{\"SecureBootCurrentBoot\":\"Enabled\"} | PropertyNotWritable    | SecureBootCurrentBoot",
            "{\"SecureBootEnabled\":true}            | PropertyUnknown        | SecureBootEnabled"})
    void badSecureBootPatchesGiveTheRightMessageAndApplyNothing(String body, BaseMessage expected, String firstArg) {
        RedfishException e = error(400, expected, () -> secureBoot().patchSecureBoot(Fixture.OFF_ID, body, null));
        if (firstArg != null) {
            assertEquals(firstArg, e.messages().get(0).args().get(0));
        }
        assertFalse(f.sim.firmware(Fixture.OFF).secureBoot());
    }

    @Test
    void aSystemTheCallerCannotSeeHasNoSecureBootOrBios() {
        error(404, BaseMessage.ResourceNotFound, () -> secureBoot().getSecureBoot(Fixture.HIDDEN_ID));
        error(404, BaseMessage.ResourceNotFound,
                () -> secureBoot().patchSecureBoot(Fixture.HIDDEN_ID, "{\"SecureBootEnable\":true}", null));
        error(404, BaseMessage.ResourceNotFound, () -> bios().getBios(Fixture.HIDDEN_ID));
        assertFalse(f.sim.firmware(Fixture.HIDDEN).secureBoot());
    }

    @Test
    void biosAttributesAreTheVmsFirmwareSettingsAndPointToTheSettingsObject() {
        String uri = "/redfish/v1/Systems/" + Fixture.RUNNING_ID + "/Bios";
        JsonNode bios = valid("GET", uri, bios().getBios(Fixture.RUNNING_ID));
        JsonNode attributes = bios.path("Attributes");
        assertEquals("UEFI", attributes.path("BootMode").asText());
        assertEquals("Disabled", attributes.path("SecureBoot").asText());
        assertEquals("Disabled", attributes.path("Smm").asText());
        assertEquals(f.sim.find(Fixture.RUNNING).orElseThrow().uuid(), attributes.path("SystemUUID").asText());
        assertEquals(f.sim.find(Fixture.RUNNING).orElseThrow().serial(),
                attributes.path("SystemSerialNumber").asText());
        assertEquals(uri + "/Settings", bios.at("/@Redfish.Settings/SettingsObject/@odata.id").asText());
        assertTrue(bios.path("Actions").isMissingNode(), "no ResetBios: a VM has no factory defaults");

        secureBoot().patchSecureBoot(Fixture.RUNNING_ID, "{\"SecureBootEnable\":true}", null);
        JsonNode settings = valid("GET", uri + "/Settings", bios().getBiosSettings(Fixture.RUNNING_ID));
        assertEquals("Enabled", settings.at("/Attributes/SecureBoot").asText());
        assertEquals("Enabled", settings.at("/Attributes/Smm").asText());
        assertEquals("Settings", settings.path("Id").asText());
    }

    @Test
    void aPatchOfAnyBiosAttributeIsRefusedAsNotWritableAndNothingChanges() {
        String body = "{\"Attributes\":{\"SecureBoot\":\"Enabled\",\"BootMode\":\"Legacy\",\"NumLock\":\"On\"}}";
        assertEquals(List.of(), doc.validateRequest("PATCH",
                "/redfish/v1/Systems/" + Fixture.OFF_ID + "/Bios/Settings", body));
        RedfishException e = error(400, BaseMessage.PropertyNotWritable,
                () -> bios().patchBiosSettings(Fixture.OFF_ID, body, null));
        assertEquals(List.of(BaseMessage.PropertyNotWritable, BaseMessage.PropertyNotWritable,
                BaseMessage.PropertyUnknown), e.messages().stream().map(m -> m.message()).toList());
        assertEquals(List.of("#/Attributes/SecureBoot"), e.messages().get(0).relatedProperties());
        assertFalse(f.sim.firmware(Fixture.OFF).secureBoot());
        assertEquals(BootMode.UEFI, f.sim.firmware(Fixture.OFF).mode());

        error(400, BaseMessage.PropertyValueTypeError,
                () -> bios().patchBiosSettings(Fixture.OFF_ID, "{\"Attributes\":[]}", null));
        error(400, BaseMessage.PropertyNotWritable,
                () -> bios().patchBiosSettings(Fixture.OFF_ID, "{\"AttributeRegistry\":\"x\"}", null));
        error(400, BaseMessage.EmptyJSON, () -> bios().patchBiosSettings(Fixture.OFF_ID, "{}", null));
    }

    @Test
    void theManagerTellsItsDateTimeWithTheOffset() {
        ManagerResource managers = new ManagerResource();
        managers.scope = f.scope;
        managers.clock = Clock.fixed(Instant.parse("2026-12-01T18:30:15.250Z"), ZoneOffset.ofHours(2));
        JsonNode manager = valid("GET", "/redfish/v1/Managers/" + Fixture.OFF_ID, managers.getManager(Fixture.OFF_ID));
        assertEquals("2026-12-01T20:30:15+02:00", manager.path("DateTime").asText());
        assertEquals("+02:00", manager.path("DateTimeLocalOffset").asText());
        managers.clock = Clock.fixed(Instant.parse("2026-12-01T18:30:15Z"), ZoneOffset.UTC);
        assertEquals("+00:00", json(managers.getManager(Fixture.OFF_ID)).path("DateTimeLocalOffset").asText());
        assertEquals(ManagerResource.VERSION, manager.path("FirmwareVersion").asText());
    }
}
