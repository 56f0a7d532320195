package org.kubevirtredfish.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.kubevirtredfish.kubevirt.BootMode;
import org.kubevirtredfish.kubevirt.BootOverride;
import org.kubevirtredfish.kubevirt.BootOverrideEnabled;
import org.kubevirtredfish.kubevirt.BootSource;
import org.kubevirtredfish.kubevirt.GatewayException;
import org.kubevirtredfish.kubevirt.GatewayPolling;
import org.kubevirtredfish.kubevirt.MediaInsert;
import org.kubevirtredfish.kubevirt.PowerState;
import org.kubevirtredfish.kubevirt.ResetPlanner;
import org.kubevirtredfish.kubevirt.ResetType;
import org.kubevirtredfish.kubevirt.VirtualMachine;
import org.kubevirtredfish.kubevirt.VmId;
import org.kubevirtredfish.message.BaseMessage;
import org.kubevirtredfish.message.RedfishException;
import org.kubevirtredfish.openapi.OpenApiDocument;
import org.kubevirtredfish.security.Caller;
import org.kubevirtredfish.security.Role;

class SystemResourceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static OpenApiDocument doc;

    private final Fixture f = new Fixture();
    private final SystemResource systems = f.systems();

    @BeforeAll
    static void load() {
        doc = OpenApiDocument.load();
    }

    @AfterEach
    void close() {
        f.close();
    }

    private VirtualMachine vm(VmId id) {
        return f.sim.find(id).orElseThrow();
    }

    private VirtualMachine await(VmId id, String what, Predicate<VirtualMachine> condition) {
        return GatewayPolling.await(f.sim, id, what, Duration.ofSeconds(5), condition);
    }

    private static JsonNode json(Response r) {
        try {
            return JSON.readTree((String) r.getEntity());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private void assertValidGet(String id) {
        Response r = systems.getSystem(id);
        assertEquals(200, r.getStatus());
        String body = (String) r.getEntity();
        List<String> errors = doc.validateResponse("GET", "/redfish/v1/Systems/" + id, 200, body);
        assertTrue(errors.isEmpty(), errors + "\n" + body);
    }

    private static RedfishException error(int status, BaseMessage first, Runnable call) {
        RedfishException e = assertThrows(RedfishException.class, call::run);
        assertEquals(status, e.status(), e.messages().toString());
        assertEquals(first, e.messages().get(0).message(), e.messages().toString());
        return e;
    }

    // ---------------------------------------------------------------- GET

    @Test
    void getValidatesAgainstOpenApiInEveryState() {
        assertValidGet(Fixture.OFF_ID);
        assertValidGet(Fixture.RUNNING_ID);
        f.sim.insertMedia(Fixture.OFF, new MediaInsert(URI.create("http://h.example/a.iso"), true));
        systems.patchSystem(Fixture.OFF_ID, "{\"Boot\":{\"BootSourceOverrideTarget\":\"Cd\"}}", null);
        systems.resetSystem(Fixture.OFF_ID, "{\"ResetType\":\"On\"}", null);
        assertValidGet(Fixture.OFF_ID); // PoweringOn, held for the import
        await(Fixture.OFF, "on", v -> v.powerState() == PowerState.On);
        assertValidGet(Fixture.OFF_ID);
        systems.resetSystem(Fixture.RUNNING_ID, "{\"ResetType\":\"Pause\"}", null);
        assertValidGet(Fixture.RUNNING_ID);
        systems.resetSystem(Fixture.OFF_ID, "{\"ResetType\":\"GracefulShutdown\"}", null);
        assertValidGet(Fixture.OFF_ID); // PoweringOff
    }

    @Test
    void getPayload() {
        Response r = systems.getSystem(Fixture.RUNNING_ID);
        JsonNode o = json(r);
        assertEquals("/redfish/v1/Systems/demo.cp-1", o.path("@odata.id").asText());
        assertEquals(Fixture.RUNNING_ID, o.path("Id").asText());
        assertEquals("On", o.path("PowerState").asText());
        assertEquals("Enabled", o.path("Status").path("State").asText());
        assertEquals(1, o.path("ProcessorSummary").path("Count").asInt(), "one socket");
        assertEquals(2, o.path("ProcessorSummary").path("LogicalProcessorCount").asInt(), "of 2 vCPUs");
        assertEquals(4.0, o.path("MemorySummary").path("TotalSystemMemoryGiB").asDouble());
        assertEquals("/redfish/v1/Chassis/demo", o.path("Links").path("Chassis").get(0).path("@odata.id").asText());
        assertEquals("/redfish/v1/Systems/demo.cp-1/Actions/ComputerSystem.Reset",
                o.path("Actions").path("#ComputerSystem.Reset").path("target").asText());
        assertEquals("Hdd", o.path("Oem").path("KubeVirt").path("InstanceBootDevice").asText());
        String etag = r.getHeaderString("ETag");
        assertNotNull(etag);
        assertTrue(etag.matches("\"[0-9a-f]+\""), etag);
        assertEquals(etag, systems.getSystem(Fixture.RUNNING_ID).getHeaderString("ETag"), "stable while unchanged");
    }

    @Test
    void aPendingOnceOverrideSaysWhatAGuestRebootDoes() {
        JsonNode before = json(systems.getSystem(Fixture.OFF_ID)).path("Oem").path("KubeVirt");
        assertEquals("SameInstance", before.path("GuestReboot").asText());
        assertFalse(before.path("GuestRebootBootsOverride").asBoolean(true));
        assertTrue(before.path("GuestRebootNote").isNull(), before.toString());
        systems.patchSystem(Fixture.OFF_ID,
                "{\"Boot\":{\"BootSourceOverrideTarget\":\"Cd\",\"BootSourceOverrideEnabled\":\"Once\"}}", null);
        JsonNode once = json(systems.getSystem(Fixture.OFF_ID)).path("Oem").path("KubeVirt");
        assertTrue(once.path("GuestRebootBootsOverride").asBoolean(false), once.toString());
        assertTrue(once.path("GuestRebootNote").asText().contains("boots Cd again"), once.toString());
        assertValidGet(Fixture.OFF_ID);
        systems.patchSystem(Fixture.OFF_ID, "{\"Boot\":{\"BootSourceOverrideEnabled\":\"Continuous\"}}", null);
        JsonNode continuous = json(systems.getSystem(Fixture.OFF_ID)).path("Oem").path("KubeVirt");
        assertFalse(continuous.path("GuestRebootBootsOverride").asBoolean(true), "Continuous is meant to repeat");
        assertTrue(continuous.path("GuestRebootNote").isNull(), continuous.toString());
    }

    @Test
    void bootTargetsOfferOnlyExistingDevices() {
        JsonNode allowed = json(systems.getSystem(Fixture.RUNNING_ID)).path("Boot")
                .path("BootSourceOverrideTarget@Redfish.AllowableValues");
        assertEquals("[\"None\",\"Cd\",\"Hdd\"]", allowed.toString(), "no NIC, no Pxe");
    }

    @Test
    void invisibleAndUnknownSystemsAreNotFound() {
        for (String id : List.of(Fixture.HIDDEN_ID, "demo.unlabelled", "nope", "cp-0", "w-0")) {
            RedfishException e = error(404, BaseMessage.ResourceNotFound, () -> systems.getSystem(id));
            assertEquals(List.of("ComputerSystem", id), e.messages().get(0).args());
            error(404, BaseMessage.ResourceNotFound,
                    () -> systems.patchSystem(id, "{\"Boot\":{\"BootSourceOverrideTarget\":\"Hdd\"}}", null));
            error(404, BaseMessage.ResourceNotFound, () -> systems.resetSystem(id, "{\"ResetType\":\"On\"}", null));
        }
        assertEquals(PowerState.On, vm(Fixture.HIDDEN).powerState());
    }

    @Test
    void aCallerOfBothChassisSeesBoth() {
        try (Fixture both = new Fixture(new Caller("v", Role.ReadOnly, Set.of("demo", "lab"), null))) {
            SystemResource s = both.systems();
            assertEquals(200, s.getSystem(Fixture.HIDDEN_ID).getStatus());
            assertEquals("/redfish/v1/Chassis/lab",
                    json(s.getSystem(Fixture.HIDDEN_ID)).path("Links").path("Chassis").get(0).path("@odata.id")
                            .asText());
        }
    }

    // ---------------------------------------------------------------- PATCH

    private BootOverride patch(String id, String body) {
        Response r = systems.patchSystem(id, body, null);
        assertEquals(200, r.getStatus());
        JsonNode boot = json(r).path("Boot");
        VmId vm = id.equals(Fixture.OFF_ID) ? Fixture.OFF : Fixture.RUNNING;
        BootOverride applied = vm(vm).boot();
        assertEquals(applied.target().name(), boot.path("BootSourceOverrideTarget").asText());
        assertEquals(applied.enabled().name(), boot.path("BootSourceOverrideEnabled").asText());
        return applied;
    }

    @Test
    void targetWithoutEnabledWhileDisabledMeansOnce() {
        BootOverride b = patch(Fixture.OFF_ID, "{\"Boot\":{\"BootSourceOverrideTarget\":\"Pxe\"}}");
        assertEquals(new BootOverride(BootSource.Pxe, BootOverrideEnabled.Once, BootMode.UEFI), b);
    }

    @Test
    void targetWithoutEnabledKeepsContinuous() {
        patch(Fixture.OFF_ID, "{\"Boot\":{\"BootSourceOverrideTarget\":\"Pxe\",\"BootSourceOverrideEnabled\":"
                + "\"Continuous\"}}");
        BootOverride b = patch(Fixture.OFF_ID, "{\"Boot\":{\"BootSourceOverrideTarget\":\"Cd\"}}");
        assertEquals(new BootOverride(BootSource.Cd, BootOverrideEnabled.Continuous, BootMode.UEFI), b);
    }

    @Test
    void targetNoneMeansDisabled() {
        patch(Fixture.OFF_ID, "{\"Boot\":{\"BootSourceOverrideTarget\":\"Cd\",\"BootSourceOverrideEnabled\":"
                + "\"Continuous\"}}");
        BootOverride b = patch(Fixture.OFF_ID, "{\"Boot\":{\"BootSourceOverrideTarget\":\"None\"}}");
        assertEquals(BootOverride.none(BootMode.UEFI), b);
    }

    @Test
    void disabledMeansTargetNone() {
        patch(Fixture.OFF_ID, "{\"Boot\":{\"BootSourceOverrideTarget\":\"Cd\"}}");
        BootOverride b = patch(Fixture.OFF_ID, "{\"Boot\":{\"BootSourceOverrideEnabled\":\"Disabled\"}}");
        assertEquals(BootOverride.none(BootMode.UEFI), b);
        b = patch(Fixture.OFF_ID, "{\"Boot\":{\"BootSourceOverrideTarget\":\"Cd\",\"BootSourceOverrideEnabled\":"
                + "\"Disabled\"}}");
        assertEquals(BootOverride.none(BootMode.UEFI), b, "Disabled wins over a target given with it");
    }

    @Test
    void theDocumentedPatchAndModeChange() {
        BootOverride b = patch(Fixture.OFF_ID, "{\"Boot\":{\"BootSourceOverrideTarget\":\"Cd\","
                + "\"BootSourceOverrideEnabled\":\"Once\"}}");
        assertEquals(new BootOverride(BootSource.Cd, BootOverrideEnabled.Once, BootMode.UEFI), b);
        b = patch(Fixture.OFF_ID, "{\"Boot\":{\"BootSourceOverrideMode\":\"Legacy\"}}");
        assertEquals(new BootOverride(BootSource.Cd, BootOverrideEnabled.Once, BootMode.Legacy), b);
        b = patch(Fixture.OFF_ID, "{\"Boot\":{\"BootSourceOverrideEnabled\":\"Continuous\"}}");
        assertEquals(new BootOverride(BootSource.Cd, BootOverrideEnabled.Continuous, BootMode.Legacy), b);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Once", "Continuous"})
    void enabledWithoutAnyTargetIsAConflict(String enabled) {
        RedfishException e = error(400, BaseMessage.PropertyValueConflict, () -> systems.patchSystem(Fixture.OFF_ID,
                "{\"Boot\":{\"BootSourceOverrideEnabled\":\"" + enabled + "\"}}", null));
        assertEquals(List.of("BootSourceOverrideEnabled", "BootSourceOverrideTarget"), e.messages().get(0).args());
        assertEquals(BootOverride.none(BootMode.UEFI), vm(Fixture.OFF).boot());
        error(400, BaseMessage.PropertyValueConflict, () -> systems.patchSystem(Fixture.OFF_ID,
                "{\"Boot\":{\"BootSourceOverrideEnabled\":\"" + enabled + "\",\"BootSourceOverrideTarget\":\"None\"}}",
                null));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"Boot\":{\"BootSourceOverrideTarget\":\"Floppy\"}}          | PropertyValueNotInList | Floppy",
            "{\"Boot\":{\"BootSourceOverrideTarget\":\"cd\"}}              | PropertyValueNotInList | cd",
            "{\"Boot\":{\"BootSourceOverrideEnabled\":\"Always\"}}         | PropertyValueNotInList | Always",
            "{\"Boot\":{\"BootSourceOverrideMode\":\"BIOS\"}}              | PropertyValueNotInList | BIOS",
            "{\"Boot\":{\"BootSourceOverrideTarget\":1}}                   | PropertyValueTypeError | 1",
            "{\"Boot\":{\"BootSourceOverrideTarget\":null}}                | PropertyValueTypeError | null",
            "{\"Boot\":{\"BootSourceOverrideEnabled\":true}}               | PropertyValueTypeError | true",
            "{\"Boot\":\"Cd\"}                                             | PropertyValueTypeError | Cd",
            "{\"Boot\":[]}                                                 | PropertyValueTypeError | []",
            "{\"TrustedModules\":[]}                                       | PropertyUnknown        | TrustedModules",
            "{\"Boot\":{\"BootOrder\":[\"Cd\"]}}                           | PropertyUnknown        | BootOrder",
            "{\"PowerState\":\"On\"}                                       | PropertyNotWritable    | PowerState",
            "{\"Id\":\"x\"}                                                | PropertyNotWritable    | Id",
            "{\"Bios\":{}}                                                 | PropertyNotWritable    | Bios",
            "{\"Boot\":{\"BootSourceOverrideTarget@Redfish.AllowableValues\":[]}} | PropertyNotWritable | "
                    + "BootSourceOverrideTarget@Redfish.AllowableValues",
            "{}                                                            | EmptyJSON              | ",
            "{\"Boot\":{\"BootSourceOverrideTarget\":\"Cd\"}, \"Boot\":{}}  | MalformedJSON          | ",
            "[{\"Boot\":{}}]                                               | UnrecognizedRequestBody | ",
    })
    void badPatchesGiveTheRightMessageAndApplyNothing(String body, BaseMessage expected, String firstArg) {
        BootOverride before = vm(Fixture.RUNNING).boot();
        String etag = systems.getSystem(Fixture.RUNNING_ID).getHeaderString("ETag");
        RedfishException e = error(400, expected, () -> systems.patchSystem(Fixture.RUNNING_ID, body, null));
        if (firstArg != null) {
            assertEquals(firstArg, e.messages().get(0).args().get(0));
        }
        assertEquals(before, vm(Fixture.RUNNING).boot());
        assertEquals(etag, systems.getSystem(Fixture.RUNNING_ID).getHeaderString("ETag"));
    }

    @Test
    void pxeIsNotInTheListOfAVmWithoutNic() {
        RedfishException e = error(400, BaseMessage.PropertyValueNotInList, () -> systems.patchSystem(
                Fixture.RUNNING_ID, "{\"Boot\":{\"BootSourceOverrideTarget\":\"Pxe\"}}", null));
        assertEquals(List.of("#/Boot/BootSourceOverrideTarget"), e.messages().get(0).relatedProperties());
    }

    @Test
    void onePartlyWrongPatchAppliesNothingAndReportsEverything() {
        RedfishException e = assertThrows(RedfishException.class, () -> systems.patchSystem(Fixture.OFF_ID,
                "{\"Boot\":{\"BootSourceOverrideTarget\":\"Cd\",\"BootSourceOverrideMode\":\"BIOS\"},"
                        + "\"Name\":\"x\",\"Foo\":1}", null));
        assertEquals(400, e.status());
        assertEquals(Set.of(BaseMessage.PropertyValueNotInList, BaseMessage.PropertyNotWritable,
                BaseMessage.PropertyUnknown), Set.copyOf(e.messages().stream().map(m -> m.message()).toList()));
        assertEquals(3, e.messages().size());
        assertEquals(BootOverride.none(BootMode.UEFI), vm(Fixture.OFF).boot());
    }

    @Test
    void ifMatchMismatchIs412AndAppliesNothing() {
        String body = "{\"Boot\":{\"BootSourceOverrideTarget\":\"Cd\"}}";
        for (String ifMatch : List.of("\"0123456789abcdef01234567\"", "W/\"nope\"", "nope")) {
            error(412, BaseMessage.PreconditionFailed, () -> systems.patchSystem(Fixture.OFF_ID, body, ifMatch));
        }
        assertEquals(BootOverride.none(BootMode.UEFI), vm(Fixture.OFF).boot());
    }

    @Test
    void staleEtagIs412() {
        String etag = systems.getSystem(Fixture.OFF_ID).getHeaderString("ETag");
        systems.patchSystem(Fixture.OFF_ID, "{\"Boot\":{\"BootSourceOverrideTarget\":\"Cd\"}}", etag);
        error(412, BaseMessage.PreconditionFailed, () -> systems.patchSystem(Fixture.OFF_ID,
                "{\"Boot\":{\"BootSourceOverrideTarget\":\"Hdd\"}}", etag));
        assertEquals(BootSource.Cd, vm(Fixture.OFF).boot().target());
    }

    @Test
    void matchingStrongOrListedEtagPasses() {
        String etag = systems.getSystem(Fixture.OFF_ID).getHeaderString("ETag");
        Response r = systems.patchSystem(Fixture.OFF_ID, "{\"Boot\":{\"BootSourceOverrideTarget\":\"Cd\"}}", etag);
        assertEquals(200, r.getStatus());
        assertNotEquals(etag, r.getHeaderString("ETag"), "the representation changed");
        etag = r.getHeaderString("ETag");
        systems.patchSystem(Fixture.OFF_ID, "{\"Boot\":{\"BootSourceOverrideTarget\":\"Pxe\"}}",
                "\"other\", " + etag);
        assertEquals(BootSource.Pxe, vm(Fixture.OFF).boot().target());
        systems.patchSystem(Fixture.OFF_ID, "{\"Boot\":{\"BootSourceOverrideTarget\":\"Cd\"}}", "*");
        assertEquals(BootSource.Cd, vm(Fixture.OFF).boot().target());
    }

    @Test
    void weakEtagNeverMatches() {
        String etag = systems.getSystem(Fixture.OFF_ID).getHeaderString("ETag");
        error(412, BaseMessage.PreconditionFailed, () -> systems.patchSystem(Fixture.OFF_ID,
                "{\"Boot\":{\"BootSourceOverrideTarget\":\"Hdd\"}}", "W/" + etag));
        error(412, BaseMessage.PreconditionFailed, () -> systems.resetSystem(Fixture.OFF_ID,
                "{\"ResetType\":\"On\"}", "W/" + etag));
        assertEquals(BootSource.None, vm(Fixture.OFF).boot().target());
        assertEquals(PowerState.Off, vm(Fixture.OFF).powerState());
    }

    @Test
    void everyWriteInvalidatesTheEtagEvenWhenTheRepresentationStaysTheSame() {
        String etag = systems.getSystem(Fixture.OFF_ID).getHeaderString("ETag");
        String same = "{\"Boot\":{\"BootSourceOverrideMode\":\"" + vm(Fixture.OFF).boot().mode() + "\"}}";
        assertEquals(200, systems.patchSystem(Fixture.OFF_ID, same, etag).getStatus());
        error(412, BaseMessage.PreconditionFailed, () -> systems.patchSystem(Fixture.OFF_ID, same, etag));
    }

    @Test
    void ofTwelveConcurrentPatchesWithOneEtagExactlyOnePasses() throws Exception {
        String etag = systems.getSystem(Fixture.OFF_ID).getHeaderString("ETag");
        List<String> targets = List.of("Pxe", "Hdd", "Cd");
        List<Integer> statuses = concurrently(12, i -> systems.patchSystem(Fixture.OFF_ID,
                "{\"Boot\":{\"BootSourceOverrideTarget\":\"" + targets.get(i % 3) + "\"}}", etag).getStatus());
        assertEquals(1, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
        assertEquals(11, statuses.stream().filter(s -> s == 412).count(), statuses.toString());
    }

    @Test
    void ofTwelveConcurrentResetsWithOneEtagExactlyOnePasses() throws Exception {
        String etag = systems.getSystem(Fixture.RUNNING_ID).getHeaderString("ETag");
        List<Integer> statuses = concurrently(12, i -> systems.resetSystem(Fixture.RUNNING_ID,
                "{\"ResetType\":\"ForceRestart\"}", etag).getStatus());
        assertEquals(1, statuses.stream().filter(s -> s == 204).count(), statuses.toString());
        assertEquals(11, statuses.stream().filter(s -> s == 412).count(), statuses.toString());
    }

    @Test
    void concurrentPartialPatchesWithoutIfMatchAllTakeEffect() throws Exception {
        List<String> bodies = List.of("{\"Boot\":{\"BootSourceOverrideTarget\":\"Pxe\"}}",
                "{\"Boot\":{\"BootSourceOverrideMode\":\"Legacy\"}}");
        List<Integer> statuses = concurrently(2, i -> systems.patchSystem(Fixture.OFF_ID, bodies.get(i), null)
                .getStatus());
        assertEquals(List.of(200, 200), statuses);
        assertEquals(BootSource.Pxe, vm(Fixture.OFF).boot().target());
        assertEquals(BootMode.Legacy, vm(Fixture.OFF).boot().mode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"@odata.id\":\"/redfish/v1/Systems/demo.cp-0\"}",
            "{\"@odata.id\":\"/redfish/v1/Systems/demo.cp-0\",\"@odata.etag\":\"\\\"x\\\"\"}",
            "{\"@odata.type\":\"#ComputerSystem.v1_22_0.ComputerSystem\",\"@odata.context\":\"/x\"}"})
    void patchOfOdataAnnotationsOnlyChangesNothing(String body) {
        Response before = systems.getSystem(Fixture.OFF_ID);
        Response r = systems.patchSystem(Fixture.OFF_ID, body, null);
        assertEquals(200, r.getStatus());
        assertEquals(before.getEntity(), r.getEntity());
        assertEquals(before.getHeaderString("ETag"), systems.getSystem(Fixture.OFF_ID).getHeaderString("ETag"),
                "no write happened");
    }

    @Test
    void annotationsNextToABootChangeAreIgnored() {
        systems.patchSystem(Fixture.OFF_ID,
                "{\"@odata.id\":\"/redfish/v1/Systems/demo.cp-0\",\"Boot\":{\"BootSourceOverrideTarget\":\"Cd\"}}",
                null);
        assertEquals(BootSource.Cd, vm(Fixture.OFF).boot().target());
    }

    @Test
    void oemObjectIsTyped() {
        assertEquals("#KubeVirtComputerSystem.v1_0_0.KubeVirtComputerSystem",
                json(systems.getSystem(Fixture.OFF_ID)).at("/Oem/KubeVirt/@odata.type").asText());
    }

    /** Runs {@code n} calls at once (released together) and gives each one's HTTP status, errors as theirs. */
    static List<Integer> concurrently(int n, java.util.function.IntFunction<Integer> call) throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(n);
        try {
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Integer>> results = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                results.add(pool.submit(() -> {
                    go.await();
                    try {
                        return call.apply(index);
                    } catch (RedfishException e) {
                        return e.status();
                    }
                }));
            }
            go.countDown();
            List<Integer> statuses = new java.util.ArrayList<>();
            for (java.util.concurrent.Future<Integer> result : results) {
                statuses.add(result.get(30, java.util.concurrent.TimeUnit.SECONDS));
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }


    // ---------------------------------------------------------------- Reset

    /**
     * Every ResetType from Off and from On; the end state is observed on the simulator by polling. "new" means On
     * with another instance (a reboot), "same" On with the same instance.
     */
    @ParameterizedTest(name = "{0} while {1} -> {2}")
    @CsvSource({
            "On,               Off, On",
            "On,               On,  same",
            "ForceOff,         Off, Off",
            "ForceOff,         On,  Off",
            "GracefulShutdown, Off, Off",
            "GracefulShutdown, On,  Off",
            "GracefulRestart,  Off, On",
            "GracefulRestart,  On,  new",
            "ForceRestart,     Off, On",
            "ForceRestart,     On,  new",
            "PushPowerButton,  Off, On",
            "PushPowerButton,  On,  Off",
            "PowerCycle,       Off, On",
            "PowerCycle,       On,  new",
            "Pause,            Off, Conflict",
            "Pause,            On,  Paused",
            "Resume,           Off, Conflict",
            "Resume,           On,  same",
    })
    void reset(String type, PowerState from, String expected) {
        String id = from == PowerState.Off ? Fixture.OFF_ID : Fixture.RUNNING_ID;
        VmId vm = from == PowerState.Off ? Fixture.OFF : Fixture.RUNNING;
        VirtualMachine before = vm(vm);
        assertEquals(from, before.powerState());
        String body = "{\"ResetType\":\"" + type + "\"}";
        if (expected.equals("Conflict")) {
            assertThrows(GatewayException.Conflict.class, () -> systems.resetSystem(id, body, null));
            assertEquals(before.powerState(), vm(vm).powerState());
            assertTrue(f.metrics.recorded.contains("power " + type + " refused"), f.metrics.recorded.toString());
            return;
        }
        Response r = systems.resetSystem(id, body, null);
        assertEquals(204, r.getStatus());
        boolean acts = ResetPlanner.plan(ResetType.valueOf(type), from).isPresent();
        assertTrue(f.metrics.recorded.contains("power " + type + (acts ? " performed" : " unchanged")),
                f.metrics.recorded.toString());
        VirtualMachine after = switch (expected) {
            case "same" -> vm(vm);
            case "new" -> await(vm, "rebooted", v -> v.powerState() == PowerState.On && v.instanceId() != null
                    && !v.instanceId().equals(before.instanceId()));
            default -> await(vm, expected, v -> v.powerState() == PowerState.valueOf(expected));
        };
        if (expected.equals("same")) {
            assertEquals(PowerState.On, after.powerState());
            assertEquals(before.instanceId(), after.instanceId());
        }
    }

    @Test
    void resumeAfterPause() {
        systems.resetSystem(Fixture.RUNNING_ID, "{\"ResetType\":\"Pause\"}", null);
        assertEquals(PowerState.Paused, vm(Fixture.RUNNING).powerState());
        systems.resetSystem(Fixture.RUNNING_ID, "{\"ResetType\":\"Resume\"}", null);
        assertEquals(PowerState.On, vm(Fixture.RUNNING).powerState());
    }

    /** Issue 8 S3: a power-on while the OS shuts down is accepted and held, as a physical BMC does. */
    @Test
    void onWhileShuttingDownIsAcceptedAndHeld() {
        systems.resetSystem(Fixture.RUNNING_ID, "{\"ResetType\":\"GracefulShutdown\"}", null);
        assertEquals(PowerState.PoweringOff, vm(Fixture.RUNNING).powerState());
        assertEquals(204, systems.resetSystem(Fixture.RUNNING_ID, "{\"ResetType\":\"On\"}", null).getStatus());
        assertEquals(PowerState.PoweringOn, vm(Fixture.RUNNING).powerState());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{}                                     | ActionParameterMissing        | ComputerSystem.Reset",
            "{\"Type\":\"On\"}                      | ActionParameterUnknown        | ComputerSystem.Reset",
            "{\"ResetType\":\"Off\"}                | ActionParameterValueNotInList | Off",
            "{\"ResetType\":\"on\"}                 | ActionParameterValueNotInList | on",
            "{\"ResetType\":\"\"}                   | ActionParameterValueNotInList | ''",
            "{\"ResetType\":1}                      | ActionParameterValueTypeError | 1",
            "{\"ResetType\":[\"On\"]}               | ActionParameterValueTypeError | '[\"On\"]'",
            "{\"ResetType\":null}                   | ActionParameterValueTypeError | null",
            "{\"ResetType\":\"On\",\"Force\":true}  | ActionParameterUnknown        | ComputerSystem.Reset",
            "''                                     | MalformedJSON                 | ",
            "{\"ResetType\":\"On\"                  | MalformedJSON                 | ",
    })
    void badResetBodies(String body, BaseMessage expected, String firstArg) {
        RedfishException e = error(400, expected, () -> systems.resetSystem(Fixture.OFF_ID, body, null));
        if (firstArg != null) {
            assertEquals(firstArg, e.messages().get(0).args().get(0));
        }
        assertEquals(PowerState.Off, vm(Fixture.OFF).powerState(), "nothing done");
    }

    @Test
    void missingResetTypeNamesTheParameter() {
        RedfishException e = error(400, BaseMessage.ActionParameterMissing,
                () -> systems.resetSystem(Fixture.OFF_ID, "{}", null));
        assertEquals(List.of("ComputerSystem.Reset", "ResetType"), e.messages().get(0).args());
        assertEquals("The action ComputerSystem.Reset requires the parameter ResetType to be present in the request "
                + "body.", e.messages().get(0).text());
    }

    @Test
    void unknownParameterAndMissingTypeAreReportedTogether() {
        RedfishException e = assertThrows(RedfishException.class,
                () -> systems.resetSystem(Fixture.OFF_ID, "{\"Type\":\"On\"}", null));
        assertEquals(400, e.status());
        assertEquals(List.of(BaseMessage.ActionParameterUnknown, BaseMessage.ActionParameterMissing),
                e.messages().stream().map(m -> m.message()).toList());
    }

    @Test
    void resetWithAStaleEtagIs412() {
        error(412, BaseMessage.PreconditionFailed,
                () -> systems.resetSystem(Fixture.OFF_ID, "{\"ResetType\":\"On\"}", "\"stale\""));
        assertEquals(PowerState.Off, vm(Fixture.OFF).powerState());
        String etag = systems.getSystem(Fixture.OFF_ID).getHeaderString("ETag");
        assertEquals(204, systems.resetSystem(Fixture.OFF_ID, "{\"ResetType\":\"On\"}", etag).getStatus());
    }

    @Test
    void resetActionInfoListsEveryResetType() {
        Response r = systems.getResetActionInfo(Fixture.OFF_ID);
        String body = (String) r.getEntity();
        List<String> errors = doc.validateResponse("GET", "/redfish/v1/Systems/demo.cp-0/ResetActionInfo", 200, body);
        assertTrue(errors.isEmpty(), errors + "\n" + body);
        JsonNode values = json(r).path("Parameters").get(0).path("AllowableValues");
        assertEquals(9, values.size());
        error(404, BaseMessage.ResourceNotFound, () -> systems.getResetActionInfo(Fixture.HIDDEN_ID));
    }
}
