package org.kubevirtredfish.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.kubevirtredfish.config.MapConfig;
import org.kubevirtredfish.config.ServiceSettings;
import org.kubevirtredfish.event.Polling;
import org.kubevirtredfish.kubevirt.ExposedSystems;
import org.kubevirtredfish.kubevirt.GatewayPolling;
import org.kubevirtredfish.kubevirt.KubeVirtGateway;
import org.kubevirtredfish.kubevirt.MediaInsert;
import org.kubevirtredfish.kubevirt.VmId;
import org.kubevirtredfish.kubevirt.fabric8.MockClusterGateway;
import org.kubevirtredfish.kubevirt.simulator.SeedHardware;
import org.kubevirtredfish.kubevirt.simulator.SimulatedKubeVirt;
import org.kubevirtredfish.kubevirt.simulator.VmSeed;
import org.kubevirtredfish.message.BaseMessage;
import org.kubevirtredfish.message.RedfishException;
import org.kubevirtredfish.openapi.OpenApiDocument;
import org.kubevirtredfish.security.Caller;
import org.kubevirtredfish.security.Role;

/**
 * Processors, SimpleStorage and Storage (drives, volumes) of one VM, the same on both backends: 1 socket x 8 cores,
 * amd64, a 120 GiB root disk on DataVolume {@code cp-0-rootdisk} (virtio), and the virtual media CD-ROM once inserted.
 * Every payload is validated against openapi/openapi.yaml.
 */
class InventoryResourceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final VmId VM = new VmId("demo", "cp-0");
    private static final String ID = "demo.cp-0";
    private static final String SYSTEM = "/redfish/v1/Systems/" + ID;
    private static final long ROOT_BYTES = 120L << 30;
    private static OpenApiDocument doc;

    /** One backend holding the VM; closed after the test. */
    record Backend(String name, Supplier<Backend.Started> start) {
        interface Started extends AutoCloseable {
            KubeVirtGateway gateway();

            /** The mock cluster behind the kubernetes backend, null for the simulator. */
            default MockClusterGateway cluster() {
                return null;
            }

            @Override
            void close();
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Backend> backends() {
        return Stream.of(new Backend("simulator", () -> {
            SimulatedKubeVirt sim = new SimulatedKubeVirt(List.of(new VmSeed(VM, Map.of("redfish-enabled", "true"), 8,
                    16384, List.of("02:00:00:00:00:10"), "Halted", null, new SeedHardware("amd64", null,
                            List.of(new SeedHardware.Disk("rootdisk", "virtio", null, ROOT_BYTES))))),
                    Duration.ofMillis(50), Duration.ofMillis(100));
            return new Backend.Started() {
                public KubeVirtGateway gateway() {
                    return sim;
                }

                public void close() {
                    sim.close();
                }
            };
        }), new Backend("kubernetes", () -> {
            MockClusterGateway cluster = MockClusterGateway.start(List.of(new org.kubevirtredfish.kubevirt.VmSeed(
                    "demo", "cp-0", Map.of("redfish-enabled", "true"), 8, "16Gi", List.of("02:00:00:00:00:10"),
                    "Halted", null)));
            cluster.boundClaim("demo", "cp-0-rootdisk", "120Gi");
            GatewayPolling.await(cluster.gateway(), VM, "the root claim's capacity", Duration.ofSeconds(10),
                    v -> v.drives().get(0).capacityBytes() != null);
            return new Backend.Started() {
                public KubeVirtGateway gateway() {
                    return cluster.gateway();
                }

                public MockClusterGateway cluster() {
                    return cluster;
                }

                public void close() {
                    cluster.close();
                }
            };
        }));
    }

    private final List<AutoCloseable> open = new ArrayList<>();
    private Backend.Started started;
    private KubeVirtGateway gateway;
    private ExposedSystems exposed;
    private SystemResource systems;
    private ProcessorResource processors;
    private MemoryResource memory;
    private SimpleStorageResource simpleStorage;
    private StorageResource storage;

    @BeforeAll
    static void load() {
        doc = OpenApiDocument.load();
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private void start(Backend backend) {
        started = backend.start().get();
        open.add(started);
        gateway = started.gateway();
        ServiceSettings settings = MapConfig.settings(Fixture.CONFIG, Map.of());
        exposed = new ExposedSystems(settings, gateway);
        CallerScope scope = new Fixture.FixedScope(new Caller("admin", Role.Administrator, Set.of("demo"), null),
                exposed, settings);
        systems = new SystemResource();
        systems.scope = scope;
        systems.gateway = gateway;
        systems.writes = new SystemWrites();
        systems.writes.gateway = gateway;
        processors = new ProcessorResource();
        processors.scope = scope;
        memory = new MemoryResource();
        memory.scope = scope;
        simpleStorage = new SimpleStorageResource();
        simpleStorage.scope = scope;
        storage = new StorageResource();
        storage.scope = scope;
    }

    /** The body, after checking status 200 and the document's schema of that path. */
    private static JsonNode valid(String path, Response r) {
        assertEquals(200, r.getStatus());
        String body = (String) r.getEntity();
        List<String> errors = doc.validateResponse("GET", path, 200, body);
        assertTrue(errors.isEmpty(), errors + "\n" + body);
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> members(JsonNode collection) {
        List<String> ids = new ArrayList<>();
        collection.path("Members").forEach(m -> ids.add(m.path("@odata.id").asText()));
        assertEquals(ids.size(), collection.path("Members@odata.count").asInt());
        return ids;
    }

    private static void assertNotFound(Runnable call) {
        RedfishException e = assertThrows(RedfishException.class, call::run);
        assertEquals(404, e.status());
        assertEquals(BaseMessage.ResourceNotFound, e.messages().get(0).message());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void theSystemLinksItsInventoryAndSummarisesItsProcessors(Backend backend) {
        start(backend);
        JsonNode system = valid(SYSTEM, systems.getSystem(ID));
        assertEquals(SYSTEM + "/Processors", system.at("/Processors/@odata.id").asText());
        assertEquals(SYSTEM + "/SimpleStorage", system.at("/SimpleStorage/@odata.id").asText());
        assertEquals(SYSTEM + "/Storage", system.at("/Storage/@odata.id").asText());
        assertEquals(SYSTEM + "/Memory", system.at("/Memory/@odata.id").asText());
        assertEquals(1, system.at("/ProcessorSummary/Count").asInt(), "DMTF Count: physical processors, the sockets");
        assertEquals(8, system.at("/ProcessorSummary/LogicalProcessorCount").asInt());
        assertEquals(8, system.at("/ProcessorSummary/CoreCount").asInt());
        assertTrue(system.at("/ProcessorSummary/Model").isNull(), "the cluster's default CPU model is not known");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void oneProcessorPerSocketWithTheVmsArchitectureAndTopology(Backend backend) {
        start(backend);
        assertEquals(List.of(SYSTEM + "/Processors/CPU0"),
                members(valid(SYSTEM + "/Processors", processors.listProcessors(ID))));
        JsonNode cpu = valid(SYSTEM + "/Processors/CPU0", processors.getProcessor(ID, "CPU0"));
        assertEquals("CPU", cpu.path("ProcessorType").asText());
        // what Ironic's redfish inspection maps to cpu_arch x86_64 (ironic 21.4 redfish/inspect.py, CPU_ARCH_MAP)
        assertEquals("x86", cpu.path("ProcessorArchitecture").asText());
        assertEquals("x86-64", cpu.path("InstructionSet").asText());
        assertEquals(8, cpu.path("TotalCores").asInt());
        assertEquals(8, cpu.path("TotalThreads").asInt(), "sushy sums TotalThreads into Ironic's cpus");
        assertNotFound(() -> processors.getProcessor(ID, "CPU1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void theGuestMemoryIsOneModuleOfTheSizeMemorySummaryReports(Backend backend) {
        start(backend);
        assertEquals(List.of(SYSTEM + "/Memory/Memory0"), members(valid(SYSTEM + "/Memory", memory.listMemory(ID))));
        JsonNode module = valid(SYSTEM + "/Memory/Memory0", memory.getMemory(ID, "Memory0"));
        assertEquals(16384, module.path("CapacityMiB").asLong());
        assertEquals("DRAM", module.path("MemoryType").asText());
        assertEquals("Enabled", module.at("/Status/State").asText());
        JsonNode system = valid(SYSTEM, systems.getSystem(ID));
        assertEquals(module.path("CapacityMiB").asLong() / 1024.0,
                system.at("/MemorySummary/TotalSystemMemoryGiB").asDouble());
        assertNotFound(() -> memory.getMemory(ID, "Memory1"));
        assertNotFound(() -> memory.getMemory("lab.w-0", "Memory0"));
    }

    /**
     * A VM of 2 sockets x 4 cores x 2 threads: ProcessorSummary.Count is the sockets (DMTF ComputerSystem.v1_27_0
     * "the total number of physical central processors"), LogicalProcessorCount the vCPUs, and the Processors'
     * TotalThreads still add up to the vCPUs, which sushy sums into Ironic's {@code cpus} (sushy 5.8.0
     * resources/system/processor.py, ProcessorCollection.summary).
     */
    @Test
    void aTwoSocketVmCountsItsSocketsAndItsThreadsSeparately() {
        start(backends().filter(b -> b.name().equals("kubernetes")).findFirst().orElseThrow());
        createVm("wide", "\"cpu\": {\"sockets\": 2, \"cores\": 4, \"threads\": 2}, "
                + "\"memory\": {\"guest\": \"8Gi\"}", "");
        VmId wide = new VmId("demo", "wide");
        Polling.until("demo/wide listed with its 16 vCPUs",
                () -> gateway.find(wide).map(v -> v.cpus() == 16).orElse(false)
                        && exposed.find("demo.wide", Set.of("demo")).isPresent());
        String uri = "/redfish/v1/Systems/demo.wide";
        JsonNode summary = valid(uri, systems.getSystem("demo.wide")).path("ProcessorSummary");
        assertEquals(2, summary.path("Count").asInt());
        assertEquals(16, summary.path("LogicalProcessorCount").asInt());
        assertEquals(8, summary.path("CoreCount").asInt());
        List<String> sockets = members(valid(uri + "/Processors", processors.listProcessors("demo.wide")));
        assertEquals(List.of(uri + "/Processors/CPU0", uri + "/Processors/CPU1"), sockets);
        int threads = 0;
        for (String socket : List.of("CPU0", "CPU1")) {
            threads += valid(uri + "/Processors/" + socket, processors.getProcessor("demo.wide", socket))
                    .path("TotalThreads").asInt();
        }
        assertEquals(16, threads, "what Ironic inspects as cpus");
        assertEquals(8192, valid(uri + "/Memory/Memory0", memory.getMemory("demo.wide", "Memory0"))
                .path("CapacityMiB").asLong());
    }

    /** An instancetype sizes the VM and it is off: neither its sockets nor its memory are known, so none is guessed. */
    @Test
    void anInstancetypeSizedVmThatIsOffHasNoSocketCountAndNoMemoryModule() {
        start(backends().filter(b -> b.name().equals("kubernetes")).findFirst().orElseThrow());
        createVm("sized", "",
                ", \"instancetype\": {\"kind\": \"VirtualMachineClusterInstancetype\", \"name\": \"u1.large\"}");
        Polling.until("demo/sized listed", () -> exposed.find("demo.sized", Set.of("demo")).isPresent());
        String uri = "/redfish/v1/Systems/demo.sized";
        JsonNode summary = valid(uri, systems.getSystem("demo.sized")).path("ProcessorSummary");
        assertTrue(summary.path("Count").isNull(), summary.toString());
        assertTrue(summary.path("LogicalProcessorCount").isNull(), summary.toString());
        assertEquals(List.of(), members(valid(uri + "/Memory", memory.listMemory("demo.sized"))));
        assertNotFound(() -> memory.getMemory("demo.sized", "Memory0"));
    }

    /** A stopped VM in namespace demo with that domain content and spec fields (both JSON fragments). */
    private void createVm(String name, String domain, String spec) {
        started.cluster().createVm("""
                {"apiVersion": "kubevirt.io/v1", "kind": "VirtualMachine",
                 "metadata": {"name": "%s", "namespace": "demo", "labels": {"redfish-enabled": "true"}},
                 "spec": {"runStrategy": "Halted"%s, "template": {"spec": {"architecture": "amd64",
                   "domain": {%s%s"devices": {}}}}},
                 "status": {"printableStatus": "Stopped", "runStrategy": "Halted"}}
                """.formatted(name, spec, domain, domain.isEmpty() ? "" : ", "));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void theRootDiskIsADriveAndAVolumeOfItsClaimsCapacity(Backend backend) {
        start(backend);
        assertEquals(List.of(SYSTEM + "/SimpleStorage/1"),
                members(valid(SYSTEM + "/SimpleStorage", simpleStorage.listSimpleStorage(ID))));
        JsonNode simple = valid(SYSTEM + "/SimpleStorage/1", simpleStorage.getSimpleStorage(ID, "1"));
        assertEquals("rootdisk", simple.at("/Devices/0/Name").asText());
        assertEquals(ROOT_BYTES, simple.at("/Devices/0/CapacityBytes").asLong());
        assertEquals("Enabled", simple.at("/Devices/0/Status/State").asText(), "sushy counts Enabled devices only");

        assertEquals(List.of(SYSTEM + "/Storage/1"), members(valid(SYSTEM + "/Storage", storage.listStorage(ID))));
        JsonNode subsystem = valid(SYSTEM + "/Storage/1", storage.getStorage(ID, "1"));
        assertEquals(List.of(SYSTEM + "/Storage/1/Drives/rootdisk"), ids(subsystem.path("Drives")));
        assertEquals("PCIe", subsystem.at("/StorageControllers/0/SupportedDeviceProtocols/0").asText());
        assertEquals(List.of(SYSTEM + "/Storage/1/Controllers/0"),
                members(valid(SYSTEM + "/Storage/1/Controllers", storage.listStorageControllers(ID, "1"))));
        JsonNode controller = valid(SYSTEM + "/Storage/1/Controllers/0", storage.getStorageController(ID, "1", "0"));
        assertEquals("PCIe", controller.at("/SupportedDeviceProtocols/0").asText());
        assertEquals(0, controller.path("SupportedRAIDTypes").size());
        assertNotFound(() -> storage.getStorageController(ID, "1", "1"));
        JsonNode drive = valid(SYSTEM + "/Storage/1/Drives/rootdisk", storage.getDrive(ID, "1", "rootdisk"));
        assertEquals(ROOT_BYTES, drive.path("CapacityBytes").asLong());
        assertEquals("PCIe", drive.path("Protocol").asText(), "virtio-blk is a PCI device");
        assertTrue(drive.path("MediaType").isNull());
        assertEquals(List.of(SYSTEM + "/Storage/1/Volumes/rootdisk"), ids(drive.at("/Links/Volumes")));
        assertEquals(List.of(SYSTEM + "/Storage/1/Volumes/rootdisk"),
                members(valid(SYSTEM + "/Storage/1/Volumes", storage.listVolumes(ID, "1"))));
        Response volumeResponse = storage.getVolume(ID, "1", "rootdisk");
        assertEquals("<http://redfish.dmtf.org/schemas/swordfish/v1/Volume.v1_10_2.json>; rel=describedby",
                volumeResponse.getHeaderString("Link"), "Volume is a SNIA Swordfish schema");
        JsonNode volume = valid(SYSTEM + "/Storage/1/Volumes/rootdisk", volumeResponse);
        assertEquals(ROOT_BYTES, volume.path("CapacityBytes").asLong());
        assertEquals("None", volume.path("RAIDType").asText());
        assertTrue(volume.path("Description").asText().contains("cp-0-rootdisk"), volume.toString());

        assertNotFound(() -> storage.getStorage(ID, "2"));
        assertNotFound(() -> simpleStorage.getSimpleStorage(ID, "0"));
        assertNotFound(() -> storage.getDrive(ID, "1", "nodisk"));
        assertNotFound(() -> storage.getVolume(ID, "1", "nodisk"));
        assertNotFound(() -> storage.getDrive("lab.w-0", "1", "rootdisk"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void theVirtualMediaCdromIsAnOpticalDriveOfUnknownSizeAndNoVolume(Backend backend) {
        start(backend);
        gateway.insertMedia(VM, new MediaInsert(URI.create("http://images.example.com/agent.iso"), true));
        GatewayPolling.await(gateway, VM, "with its CD-ROM", Duration.ofSeconds(10), v -> v.drives().size() == 2);
        JsonNode subsystem = valid(SYSTEM + "/Storage/1", storage.getStorage(ID, "1"));
        assertEquals(List.of(SYSTEM + "/Storage/1/Drives/rootdisk", SYSTEM + "/Storage/1/Drives/redfish-cd"),
                ids(subsystem.path("Drives")));
        JsonNode cd = valid(SYSTEM + "/Storage/1/Drives/redfish-cd", storage.getDrive(ID, "1", "redfish-cd"));
        assertTrue(cd.path("Description").asText().startsWith("CD-ROM (optical, read-only)"), cd.toString());
        assertTrue(cd.path("CapacityBytes").isNull(), "the claim's size is not the medium's");
        assertEquals("SATA", cd.path("Protocol").asText());
        assertEquals(List.of(), ids(cd.at("/Links/Volumes")));
        assertNotFound(() -> storage.getVolume(ID, "1", "redfish-cd"));
        JsonNode simple = valid(SYSTEM + "/SimpleStorage/1", simpleStorage.getSimpleStorage(ID, "1"));
        assertEquals("redfish-cd", simple.at("/Devices/1/Name").asText());
        assertTrue(simple.at("/Devices/1/CapacityBytes").isNull());
        assertEquals(List.of(SYSTEM + "/Storage/1/Volumes/rootdisk"),
                members(valid(SYSTEM + "/Storage/1/Volumes", storage.listVolumes(ID, "1"))));
    }

    private static List<String> ids(JsonNode links) {
        List<String> ids = new ArrayList<>();
        links.forEach(l -> ids.add(l.path("@odata.id").asText()));
        return ids;
    }

    /** KubeVirt's architectures as exact DMTF enum values (Processor.v1_22_0). */
    @Test
    void architecturesMapToDmtfEnumValues() {
        assertEquals("x86", ProcessorResource.Architecture.of("amd64").processorArchitecture);
        assertEquals("x86-64", ProcessorResource.Architecture.of("amd64").instructionSet);
        assertEquals("ARM", ProcessorResource.Architecture.of("arm64").processorArchitecture);
        assertEquals("ARM-A64", ProcessorResource.Architecture.of("arm64").instructionSet);
        assertEquals("OEM", ProcessorResource.Architecture.of("s390x").processorArchitecture);
        assertEquals("OEM", ProcessorResource.Architecture.of("s390x").instructionSet);
        assertEquals(null, ProcessorResource.Architecture.of(null));
        assertEquals(null, ProcessorResource.Architecture.of("riscv64"));
    }

    /** An arm64 VM of the simulator with two disks, one of them a containerDisk; a serial; a scsi bus. */
    @Test
    void anArmVmWithAScsiDiskAndAContainerDisk() {
        start(new Backend("arm", () -> {
            SimulatedKubeVirt sim = new SimulatedKubeVirt(List.of(new VmSeed(VM, Map.of("redfish-enabled", "true"), 4,
                    8192, List.of(), "Halted", null, new SeedHardware("arm64", "host-passthrough", List.of(
                            new SeedHardware.Disk("rootdisk", "scsi", "ROOT-1", 60L << 30),
                            new SeedHardware.Disk("tools", "virtio", null, null))))),
                    Duration.ofMillis(50), Duration.ofMillis(100));
            return new Backend.Started() {
                public KubeVirtGateway gateway() {
                    return sim;
                }

                public void close() {
                    sim.close();
                }
            };
        }));
        JsonNode cpu = valid(SYSTEM + "/Processors/CPU0", processors.getProcessor(ID, "CPU0"));
        assertEquals("ARM", cpu.path("ProcessorArchitecture").asText());
        assertEquals("ARM-A64", cpu.path("InstructionSet").asText());
        assertEquals("host-passthrough", cpu.path("Model").asText());
        JsonNode root = valid(SYSTEM + "/Storage/1/Drives/rootdisk", storage.getDrive(ID, "1", "rootdisk"));
        assertEquals("ROOT-1", root.path("SerialNumber").asText(), "Ironic's root device hint serial");
        assertTrue(root.path("Protocol").isNull(), "DMTF has no plain SCSI protocol");
        JsonNode tools = valid(SYSTEM + "/Storage/1/Drives/tools", storage.getDrive(ID, "1", "tools"));
        assertTrue(tools.path("CapacityBytes").isNull(), "a containerDisk's size is unknown");
        assertEquals(List.of(SYSTEM + "/Storage/1/Volumes/rootdisk"),
                members(valid(SYSTEM + "/Storage/1/Volumes", storage.listVolumes(ID, "1"))));
    }
}
