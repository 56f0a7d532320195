package org.kubevirtredfish.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A real Ironic (Debian 12's python3-ironic 21.4, standalone: API and conductor in one process, see
 * {@link IronicProcess}) drives two VMs of each Liberty IT server through its redfish hardware type, as an operator
 * would through the {@code baremetal} CLI: enroll, manage, validate, power (including the back-to-back sequences
 * that a BMC must accept), boot device and mode, the power-state sync loop, ramdisk deploys through virtual media,
 * and the agent ISO's one-time CD boot up to {@code clean wait}. Every step is timed; the table is printed at the end.
 *
 * <p>How Ironic uses the BMC (ironic 21.4): ironic/drivers/modules/redfish/{power,management,boot}.py,
 * ironic/conductor/{utils,manager,cleaning}.py.
 */
class IronicIT {

    /**
     * @param cluster the backend's cluster, read to check what a write did there (null: the simulator)
     */
    record Backend(String name, Supplier<RedfishHttp> http, String user, String password, List<String> systems,
            Supplier<MockClusterVms> cluster) {

        RedfishHttp bmc() {
            return http.get().basic(user, password);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Backend> backends() {
        // The VMs that the other ITs leave alone or only ever reset themselves (ProtocolIT, SushyFlowIT).
        return Stream.of(
                new Backend("simulator", RedfishHttp::new, "admin", "demo-admin",
                        List.of("demo.control-plane-1", "demo.control-plane-2"), null),
                new Backend("kubernetes", RedfishHttp::kubernetes, "admin", "cluster-admin",
                        List.of("cluster.control-plane-1", "cluster.control-plane-2"), MockClusterVms::fromKubeconfig));
    }

    private static final int REPETITIONS = 20;
    private static final Duration PROVISION = Duration.ofSeconds(120);
    private static final StepTable STEPS = new StepTable();
    private static final List<Backend> USED = new ArrayList<>();
    private static IronicProcess ironicProcess;
    private static IronicClient ironic;

    @BeforeAll
    static void startIronic() throws Exception {
        assertTrue(IronicProcess.PYTHON.toFile().canExecute(), "/usr/bin/python3 with python3-ironic is needed");
        ironicProcess = IronicProcess.start(Path.of("target", "ironic").toAbsolutePath());
        ironic = new IronicClient(ironicProcess.api);
    }

    @AfterAll
    static void stopIronic() throws Exception {
        if (ironicProcess != null) {
            ironicProcess.close();
        }
        // Leave the VMs as the other ITs expect them: off, no media, no override.
        for (Backend b : USED) {
            RedfishHttp bmc = b.bmc();
            for (String id : b.systems()) {
                String system = "/redfish/v1/Systems/" + id;
                bmc.send("POST", system + "/VirtualMedia/Cd/Actions/VirtualMedia.EjectMedia", "{}", Map.of());
                bmc.send("PATCH", system, "{\"Boot\":{\"BootSourceOverrideEnabled\":\"Disabled\"}}", Map.of());
                bmc.send("POST", system + "/Actions/ComputerSystem.Reset", "{\"ResetType\":\"ForceOff\"}", Map.of());
            }
        }
        System.out.println("Ironic " + IronicClient.API_VERSION + " against the Redfish service; Ironic's log: "
                + (ironicProcess == null ? "-" : ironicProcess.workDir.resolve("ironic.log")));
        System.out.println(STEPS.render());
    }

    /** Both backends at once (one Ironic serves four nodes): keeps the whole test within a few minutes. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    @Execution(ExecutionMode.CONCURRENT)
    void ironicDrivesTheVms(Backend backend) {
        if (backend.name().equals("kubernetes")) {
            KubernetesBackendIT.awaitReady(RedfishHttp.kubernetes());
        }
        synchronized (USED) {
            USED.add(backend);
        }
        new Scenario(backend, ironicProcess, ironic, STEPS).run();
        List<StepTable.Row> failed = STEPS.failures(backend.name());
        assertTrue(failed.isEmpty(), failed.size() + " steps failed with " + backend + ":\n"
                + String.join("\n", failed.stream().map(r -> r.step() + ": " + r.detail()).toList()));
    }

    /**
     * The same scenario driven by another test's Ironic against its {@code backend} (ReplicaFailoverIT: a round-robin
     * proxy in front of two replicas). The steps are recorded in {@code steps}; asserting their failures is the
     * caller's.
     */
    static void drive(Backend backend, IronicProcess process, StepTable steps) {
        new Scenario(backend, process, new IronicClient(process.api), steps).run();
    }

    /**
     * The steps against one backend: node a on the first VM, node b on the second. Its {@code ironicProcess} and
     * {@code ironic} are the Ironic that drives it (IronicIT's own, or another test's through {@link #drive}).
     */
    private static final class Scenario {

        private final Backend backend;
        private final IronicProcess ironicProcess;
        private final IronicClient ironic;
        private final StepTable steps;
        private final RedfishHttp bmc;
        private final String a;
        private final String b;
        private final Map<String, String> systemOf = new java.util.HashMap<>();

        Scenario(Backend backend, IronicProcess ironicProcess, IronicClient ironic, StepTable steps) {
            this.backend = backend;
            this.ironicProcess = ironicProcess;
            this.ironic = ironic;
            this.steps = steps;
            this.bmc = backend.bmc();
            this.a = backend.name() + "-" + backend.systems().get(0);
            this.b = backend.name() + "-" + backend.systems().get(1);
            systemOf.put(a, "/redfish/v1/Systems/" + backend.systems().get(0));
            systemOf.put(b, "/redfish/v1/Systems/" + backend.systems().get(1));
        }

        private boolean step(String name, StepTable.Step body) {
            return steps.run(backend.name(), name, body);
        }

        void run() {
            if (!step("enroll two nodes (redfish, redfish-virtual-media, ramdisk)", this::enroll)) {
                return;
            }
            step("manage (verify: Ironic reads the power state)", () -> {
                both(n -> ironic.provision(n, "manage"));
                both(this::awaitManaged);
            });
            step("validate power, management, boot, deploy", this::validate);
            step("inspect (redfish): cpus, cpu_arch, memory_mb, local_gb of the VM, one port per NIC",
                    () -> both(this::inspect));
            step("BIOS settings: Ironic caches the VM's firmware attributes, no 'BIOS settings are not supported'",
                    () -> biosSettings(a));
            step("power on", () -> powerOn(a));
            step("reboot while on (ForceOff, wait Off, On): a new instance", () -> reboot(a));
            step("power off", () -> powerOff(a));
            step("event subscription through Ironic (vendor passthru create_subscription)", () -> subscription(a));
            step("soft power off", () -> {
                powerOn(a);
                softPowerOff(a);
            });
            // the two sequences at the same time, one per node, as a conductor serves several nodes
            CompletableFuture<Boolean> onAfterSoftOff = CompletableFuture.supplyAsync(() -> step(
                    "soft power off, then power on, x" + REPETITIONS + " (node a, alongside node b)",
                    () -> softOffThen(a, "power on")));
            step("soft power off, then reboot, x" + REPETITIONS + " (node b)", () -> softOffThen(b, "rebooting"));
            onAfterSoftOff.join();
            step("boot device cdrom/pxe/disk once", () -> bootDevices(false));
            step("boot device cdrom/pxe/disk persistent", () -> bootDevices(true));
            step("boot mode bios, then uefi", this::bootModes);
            step("secure boot on, then off: the VM template follows", () -> secureBoot(a));
            step("power sync: a ForceOff on the BMC is undone (force_power_state_during_sync=true)",
                    () -> syncUndoes(a, "ForceOff", "power on"));
            step("power sync: an On on the BMC is undone (force_power_state_during_sync=true)",
                    () -> syncUndoes(a, "On", "power off"));
            step("provide", () -> {
                both(n -> ironic.provision(n, "provide"));
                both(n -> assertClean(ironic.awaitProvision(n, "available", PROVISION)));
            });
            step("ramdisk deploy of instance_info/boot_iso to active: boots Cd", () -> deploy(a));
            step("reboot while active: a new instance boots Cd again", () -> rebootActive(a));
            step("undeploy: media ejected, off", () -> undeploy(a));
            step("two nodes deploy concurrently, then undeploy", this::concurrentDeploys);
            step("agent ISO (direct, manual clean): Cd/Once to clean wait, then abort", () -> agentIso(a));
        }

        private interface NodeStep {
            void run(String node) throws Exception;
        }

        private void both(NodeStep s) throws Exception {
            s.run(a);
            s.run(b);
        }

        // --- Ironic ---------------------------------------------------------------------------------------------

        private void enroll() {
            for (String node : List.of(a, b)) {
                ObjectNode info = IronicClient.object()
                        .put("redfish_address", bmc.base)
                        .put("redfish_system_id", systemOf.get(node))
                        .put("redfish_username", backend.user())
                        .put("redfish_password", backend.password())
                        .put("redfish_verify_ca", false);
                ObjectNode body = IronicClient.object().put("name", node).put("driver", "redfish")
                        .put("boot_interface", "redfish-virtual-media").put("deploy_interface", "ramdisk")
                        .put("network_interface", "noop").put("inspect_interface", "redfish")
                        .put("bios_interface", "redfish");
                body.set("driver_info", info);
                JsonNode created = ironic.createNode(body);
                assertEquals("enroll", created.path("provision_state").asText(), created.toString());
                setBootIso(node);
            }
        }

        /**
         * Out-of-band inspection, Metal3's {@code inspectionMode: fast}. The VMs of both backends have 8 vCPUs (1
         * socket x 8 cores), 16 GiB, amd64 and a 120 GiB root disk on a DataVolume. Ironic 21.4
         * (drivers/modules/redfish/inspect.py, inspect_hardware) sets cpus to the sum of the Processors'
         * TotalThreads, cpu_arch from ProcessorArchitecture (CPU_ARCH_MAP: x86 is x86_64), memory_mb from
         * MemorySummary, local_gb from the smallest volume (or drive) of 4 GiB or more, in GiB minus one
         * (_detect_local_gb), and creates a port per enabled EthernetInterface MAC (_create_ports). The ports are
         * removed again so that the later steps run as before.
         */
        private void inspect(String node) {
            ironic.provision(node, "inspect");
            JsonNode n = assertClean(ironic.awaitProvision(node, "manageable", PROVISION));
            JsonNode properties = n.path("properties");
            assertEquals(8, properties.path("cpus").asInt(), properties.toString());
            assertEquals("x86_64", properties.path("cpu_arch").asText(), properties.toString());
            assertEquals(16384.0, Double.parseDouble(properties.path("memory_mb").asText()), properties.toString());
            assertEquals("119", properties.path("local_gb").asText(), properties.toString());
            JsonNode system = system(node);
            assertEquals(properties.path("cpus").asInt(), system.at("/ProcessorSummary/LogicalProcessorCount").asInt());
            List<String> macs = new ArrayList<>();
            for (JsonNode link : bmc.get(systemOf.get(node) + "/EthernetInterfaces").json().path("Members")) {
                macs.add(bmc.get(link.path("@odata.id").asText()).json().path("MACAddress").asText()
                        .toLowerCase(java.util.Locale.ROOT));
            }
            List<String> ports = new ArrayList<>();
            ironic.ports(node).forEach(p -> ports.add(p.path("address").asText()));
            assertEquals(1, macs.size(), "one NIC per VM");
            assertEquals(macs, ports, "one port per NIC with its MAC");
            ironic.ports(node).forEach(p -> ironic.deletePort(p.path("uuid").asText()));
        }

        private void awaitManaged(String node) {
            JsonNode n = assertClean(ironic.awaitProvision(node, "manageable", PROVISION));
            String bmcState = system(node).path("PowerState").asText();
            assertEquals(bmcState.equals("On") || bmcState.equals("PoweringOn") ? "power on" : "power off",
                    n.path("power_state").asText(), "Ironic's power state of a BMC reading " + bmcState);
        }

        private void validate() {
            JsonNode v = ironic.validate(a);
            List<String> invalid = new ArrayList<>();
            for (String iface : List.of("power", "management", "boot", "deploy", "network", "inspect")) {
                if (!v.path(iface).path("result").asBoolean(false)) {
                    invalid.add(iface + ": " + v.path(iface).path("reason").asText());
                }
            }
            assertTrue(invalid.isEmpty(), invalid.toString());
        }

        private void powerOn(String node) {
            power(node, "power on", "power on");
            awaitSystem(node, "PowerState On", s -> s.path("PowerState").asText().equals("On"));
        }

        private void powerOff(String node) {
            power(node, "power off", "power off");
            awaitSystem(node, "PowerState Off", s -> s.path("PowerState").asText().equals("Off"));
        }

        private void softPowerOff(String node) {
            power(node, "soft power off", "power off");
            awaitSystem(node, "PowerState Off", s -> s.path("PowerState").asText().equals("Off"));
        }

        private void reboot(String node) {
            String before = awaitSystem(node, "PowerState On", s -> s.path("PowerState").asText().equals("On"))
                    .at("/Oem/KubeVirt/InstanceId").asText();
            power(node, "rebooting", "power on");
            JsonNode after = awaitSystem(node, "On with a new instance", s -> s.path("PowerState").asText().equals("On")
                    && !s.at("/Oem/KubeVirt/InstanceId").asText().equals(before));
            assertNotEquals("", after.at("/Oem/KubeVirt/InstanceId").asText());
        }

        /** One Ironic power request, waited for; the node must read the expected state with no error. */
        private JsonNode power(String node, String target, String expected) {
            ironic.power(node, target);
            JsonNode n = ironic.awaitPower(node);
            assertEquals(expected, n.path("power_state").asText(), target + ": " + IronicClient.summary(n));
            return assertClean(n);
        }

        /**
         * {@code soft power off} (GracefulShutdown; Ironic ends its wait as soon as the System reads PoweringOff),
         * then at once {@code then}: 20 times, each request waited for; every failure is counted.
         */
        private void softOffThen(String node, String then) {
            powerOn(node);
            List<String> failures = new ArrayList<>();
            for (int i = 1; i <= REPETITIONS; i++) {
                for (String[] request : List.of(new String[] {"soft power off", "power off"},
                        new String[] {then, "power on"})) {
                    ironic.power(node, request[0]);
                    JsonNode n = ironic.awaitPower(node);
                    if (!n.path("power_state").asText().equals(request[1]) || !n.path("last_error").isNull()) {
                        failures.add("#" + i + " " + request[0] + ": " + IronicClient.summary(n));
                    }
                }
            }
            assertTrue(failures.isEmpty(), failures.size() + " of " + 2 * REPETITIONS + " requests failed, first: "
                    + failures.subList(0, Math.min(2, failures.size())));
        }

        /**
         * Node a is on. Ironic counts PoweringOn as "power on" (ironic/drivers/modules/redfish/power.py,
         * GET_POWER_STATE_MAP), so the instance of the last power-on may still be on its way; a Once override set
         * before it is created is used up by that boot, and a read through another replica may already show it
         * used. The step starts once the instance runs, so that each Once waits for the next boot.
         */
        private void bootDevices(boolean persistent) {
            awaitSystem(a, "PowerState On", s -> s.path("PowerState").asText().equals("On"));
            Map<String, String> targets = Map.of("cdrom", "Cd", "pxe", "Pxe", "disk", "Hdd");
            String enabled = persistent ? "Continuous" : "Once";
            for (String device : List.of("cdrom", "pxe", "disk")) {
                ironic.bootDevice(a, device, persistent);
                // through the replicas' proxy the read may reach the replica that did not write: it sees the write
                // once its informer has the VM's change, milliseconds later
                awaitSystem(a, "Boot " + targets.get(device) + "/" + enabled, Duration.ofSeconds(5),
                        s -> targets.get(device).equals(s.at("/Boot/BootSourceOverrideTarget").asText())
                                && enabled.equals(s.at("/Boot/BootSourceOverrideEnabled").asText()));
                JsonNode read = ironic.bootDevice(a);
                assertEquals(device, read.path("boot_device").asText(), read.toString());
                assertEquals(persistent, read.path("persistent").asBoolean(), read.toString());
            }
        }

        private void bootModes() {
            for (String[] mode : List.of(new String[] {"bios", "Legacy"}, new String[] {"uefi", "UEFI"})) {
                ironic.bootMode(a, mode[0]);
                JsonNode n = ironic.await(a, Duration.ofSeconds(30), "boot mode " + mode[0],
                        x -> x.path("boot_mode").asText().equals(mode[0]) || !x.path("last_error").isNull());
                assertClean(n);
                assertEquals(mode[1], system(a).at("/Boot/BootSourceOverrideMode").asText());
            }
        }

        /**
         * Verify (manage) cached the BIOS settings through the Bios resource (ironic/drivers/modules/redfish/bios.py,
         * RedfishBIOS.cache_bios_settings; ironic/conductor/verify.py): they are the BMC's attributes, and Ironic's
         * log has no "BIOS settings are not supported", which it logs when a System has no Bios.
         */
        private void biosSettings(String node) throws Exception {
            JsonNode attributes = bmc.get(systemOf.get(node) + "/Bios").json().path("Attributes");
            Map<String, String> cached = new java.util.TreeMap<>();
            ironic.biosSettings(node).path("bios").forEach(s -> cached.put(s.path("name").asText(),
                    s.path("value").asText()));
            for (String name : List.of("BootMode", "SecureBoot", "Smm", "SystemUUID")) {
                assertEquals(attributes.path(name).asText(), cached.get(name), name + " of " + cached);
            }
            String log = java.nio.file.Files.readString(ironicProcess.workDir.resolve("ironic.log"));
            String uuid = ironic.node(node).path("uuid").asText();
            assertTrue(log.contains("Cache BIOS settings for node " + uuid), "Ironic cached the BIOS settings");
            assertFalse(log.contains("BIOS settings are not supported"), "Ironic logged: BIOS settings are not"
                    + " supported");
        }

        /**
         * {@code baremetal node secure boot on/off} (ironic/conductor/utils.py, node_change_secure_boot;
         * redfish/management.py, set_secure_boot_state): the SecureBoot resource and, on the kubernetes backend, the
         * VM template in the cluster follow (efi.secureBoot, with SMM on).
         */
        private void secureBoot(String node) {
            for (boolean enabled : new boolean[] {true, false}) {
                ironic.secureBoot(node, enabled);
                JsonNode n = ironic.await(node, Duration.ofSeconds(30), "secure boot " + enabled,
                        x -> x.path("secure_boot").asBoolean(!enabled) == enabled || !x.path("last_error").isNull());
                assertClean(n);
                assertEquals(enabled, bmc.get(systemOf.get(node) + "/SecureBoot").json().path("SecureBootEnable")
                        .asBoolean(!enabled));
                if (backend.cluster() != null) {
                    JsonNode domain = backend.cluster().get().vm("cluster", backend.systems().get(0)
                            .substring("cluster.".length())).at("/spec/template/spec/domain");
                    assertEquals(enabled, domain.at("/firmware/bootloader/efi/secureBoot").asBoolean(!enabled),
                            domain.toString());
                    assertTrue(domain.at("/features/smm/enabled").asBoolean(false), domain.toString());
                }
            }
        }

        /**
         * The sync loop (every 5 s here): a state set on the BMC behind Ironic's back is seen, and Ironic sets its
         * recorded state again (ironic/conductor/manager.py, do_sync_power_state), without maintenance or error.
         */
        private void syncUndoes(String node, String resetType, String recorded) {
            if (recorded.equals("power on")) {
                powerOn(node);
            } else {
                powerOff(node);
            }
            String undone = recorded.equals("power on") ? "On" : "Off";
            // what Ironic reads as the other state (redfish/power.py, GET_POWER_STATE_MAP): it may undo it at once
            List<String> changed = undone.equals("On") ? List.of("Off", "PoweringOff") : List.of("On", "PoweringOn");
            RedfishHttp.Reply r = bmc.send("POST", systemOf.get(node) + "/Actions/ComputerSystem.Reset",
                    "{\"ResetType\":\"" + resetType + "\"}", Map.of());
            assertEquals(204, r.status(), r.text());
            awaitSystem(node, "PowerState " + changed, s -> changed.contains(s.path("PowerState").asText()));
            awaitSystem(node, "PowerState " + undone + " again (Ironic's sync)", Duration.ofSeconds(45),
                    s -> s.path("PowerState").asText().equals(undone));
            JsonNode n = ironic.await(node, Duration.ofSeconds(30), "no power request",
                    x -> x.path("target_power_state").isNull());
            assertEquals(recorded, n.path("power_state").asText(), IronicClient.summary(n));
            assertFalse(n.path("maintenance").asBoolean(), IronicClient.summary(n));
            assertClean(n);
        }

        /** The ISO a ramdisk deploy boots; Ironic clears instance_info when a node is undeployed. */
        private void setBootIso(String node) {
            ironic.set(node, "/instance_info/boot_iso", ironicProcess.http + "/images/agent.iso");
        }

        private void deploy(String node) {
            setBootIso(node);
            ironic.provision(node, "active");
            assertClean(ironic.awaitProvision(node, "active", PROVISION));
            assertBootedFromMedia(node, "Continuous");
        }

        /**
         * On, from the inserted CD (Ironic's republished ISO), by the override Ironic set: Continuous stays; a Once
         * override is used up by that boot (Disabled; the target may then read None).
         */
        private void assertBootedFromMedia(String node, String enabled) {
            JsonNode s = awaitSystem(node, "PowerState On", Duration.ofSeconds(60),
                    x -> x.path("PowerState").asText().equals("On"));
            assertEquals("Cd", s.at("/Oem/KubeVirt/InstanceBootDevice").asText(), s.toString());
            JsonNode boot = s.path("Boot");
            if (enabled.equals("Continuous")) {
                assertEquals("Cd", boot.path("BootSourceOverrideTarget").asText(), boot.toString());
            }
            assertEquals(enabled, boot.path("BootSourceOverrideEnabled").asText(), boot.toString());
            JsonNode media = bmc.get(systemOf.get(node) + "/VirtualMedia/Cd").json();
            assertTrue(media.path("Inserted").asBoolean(), media.toString());
            assertTrue(media.path("Image").asText().startsWith(ironicProcess.http + "/"), media.toString());
        }

        private void rebootActive(String node) {
            String before = system(node).at("/Oem/KubeVirt/InstanceId").asText();
            power(node, "rebooting", "power on");
            awaitSystem(node, "On with a new instance", Duration.ofSeconds(60),
                    s -> s.path("PowerState").asText().equals("On")
                            && !s.at("/Oem/KubeVirt/InstanceId").asText().equals(before));
            assertEquals("active", ironic.node(node).path("provision_state").asText());
            assertBootedFromMedia(node, "Continuous");
        }

        private void undeploy(String node) {
            ironic.provision(node, "deleted");
            JsonNode n = assertClean(ironic.awaitProvision(node, "available", PROVISION));
            assertEquals("power off", n.path("power_state").asText());
            awaitSystem(node, "PowerState Off", s -> s.path("PowerState").asText().equals("Off"));
            JsonNode media = bmc.get(systemOf.get(node) + "/VirtualMedia/Cd").json();
            assertFalse(media.path("Inserted").asBoolean(), media.toString());
        }

        private void concurrentDeploys() {
            setBootIso(a);
            setBootIso(b);
            ironic.provision(a, "active");
            ironic.provision(b, "active");
            assertClean(ironic.awaitProvision(a, "active", PROVISION));
            assertClean(ironic.awaitProvision(b, "active", PROVISION));
            assertBootedFromMedia(a, "Continuous");
            assertBootedFromMedia(b, "Continuous");
            ironic.provision(a, "deleted");
            ironic.provision(b, "deleted");
            assertClean(ironic.awaitProvision(a, "available", PROVISION));
            assertClean(ironic.awaitProvision(b, "available", PROVISION));
        }

        /**
         * The agent ISO path: the direct deploy interface boots driver_info/deploy_iso with a one-time Cd override
         * (ironic/drivers/modules/redfish/boot.py, RedfishVirtualMediaBoot.prepare_ramdisk) and waits for the
         * agent. The VM must have booted the CD once, the override being used up.
         */
        private void agentIso(String node) {
            ironic.provision(node, "manage");
            assertClean(ironic.awaitProvision(node, "manageable", PROVISION));
            ironic.set(node, "/deploy_interface", "direct");
            ironic.set(node, "/driver_info/deploy_iso", ironicProcess.http + "/images/agent.iso");
            ObjectNode clean = IronicClient.object().put("target", "clean");
            clean.putArray("clean_steps").addObject().put("interface", "deploy").put("step", "erase_devices_metadata");
            ironic.provision(node, clean);
            assertClean(ironic.awaitProvision(node, "clean wait", PROVISION));
            assertBootedFromMedia(node, "Disabled");
            ironic.provision(node, "abort");
            JsonNode n = ironic.awaitProvision(node, "clean failed", PROVISION);
            assertEquals("By request, the clean operation was aborted", n.path("last_error").asText(),
                    IronicClient.summary(n));
            assertEquals("power off", n.path("power_state").asText(), IronicClient.summary(n));
            JsonNode media = bmc.get(systemOf.get(node) + "/VirtualMedia/Cd").json();
            assertFalse(media.path("Inserted").asBoolean(), media.toString());
            ironic.provision(node, "manage");
            ironic.awaitProvision(node, "manageable", PROVISION);
        }

        private static JsonNode assertClean(JsonNode node) {
            assertTrue(node.path("last_error").isNull(), "last_error: " + node.path("last_error").asText());
            return node;
        }

        // --- the BMC --------------------------------------------------------------------------------------------

        /**
         * Metal3's BMCEventSubscription path: Ironic 21.4's vendor passthru create_subscription
         * (ironic/drivers/modules/redfish/vendor.py) POSTs Destination, Protocol, Context and EventTypes ["Alert"]
         * through sushy 4.3 (sushy/resources/eventservice/eventdestination.py, EventDestinationCollection.create).
         * The kubernetes IT server allows 127.0.0.1 as a destination (k8s-it/config.yaml): a local receiver gets the
         * power-on as a Redfish event, and delete_subscription removes it. The simulator server keeps the default
         * address rules, which deny the loopback network: the BMC refuses the destination and Ironic reports it.
         */
        private void subscription(String node) throws Exception {
            java.util.List<JsonNode> events = new java.util.concurrent.CopyOnWriteArrayList<>();
            com.sun.net.httpserver.HttpServer receiver = com.sun.net.httpserver.HttpServer.create(
                    new java.net.InetSocketAddress("127.0.0.1", 0), 0);
            receiver.createContext("/events", exchange -> {
                events.add(RedfishHttp.JSON.readTree(exchange.getRequestBody().readAllBytes()));
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            receiver.start();
            try {
                String destination = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/events";
                String path = "/v1/nodes/" + node + "/vendor_passthru?method=";
                IronicClient.Reply created = ironic.send("POST", path + "create_subscription",
                        IronicClient.object().put("Destination", destination).put("Context", node));
                if (backend.name().equals("simulator")) {
                    assertTrue(created.status() >= 400 && created.text().contains("PropertyValueIncorrect"),
                            created.status() + " " + created.text());
                    return;
                }
                assertEquals(200, created.status(), created.text());
                String id = created.json().path("Id").asText();
                assertEquals(destination, created.json().path("Destination").asText());
                assertEquals("[\"Alert\"]", created.json().path("EventTypes").toString());

                powerOn(node);
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (events.stream().noneMatch(e -> isPowerOn(e, node)) && System.nanoTime() < deadline) {
                    IronicClient.sleep(Duration.ofMillis(100));
                }
                assertTrue(events.stream().anyMatch(e -> isPowerOn(e, node)), "no PowerState On event: " + events);
                assertEquals(node, events.get(0).path("Context").asText());

                IronicClient.Reply deleted = ironic.send("DELETE", path + "delete_subscription",
                        IronicClient.object().put("id", id));
                assertTrue(deleted.status() / 100 == 2, deleted.status() + " " + deleted.text());
                assertEquals(404, bmc.get("/redfish/v1/EventService/Subscriptions/" + id).status());
                powerOff(node);
            } finally {
                receiver.stop(0);
            }
        }

        private boolean isPowerOn(JsonNode event, String node) {
            JsonNode record = event.path("Events").path(0);
            return record.path("MessageArgs").toString().equals("[\"PowerState\",\"On\"]")
                    && record.path("OriginOfCondition").path("@odata.id").asText().equals(systemOf.get(node));
        }

        private JsonNode system(String node) {
            return bmc.get(systemOf.get(node)).json();
        }

        private JsonNode awaitSystem(String node, String what, Predicate<JsonNode> done) {
            return awaitSystem(node, what, Duration.ofSeconds(30), done);
        }

        private JsonNode awaitSystem(String node, String what, Duration timeout, Predicate<JsonNode> done) {
            long deadline = System.nanoTime() + timeout.toNanos();
            JsonNode s = null;
            while (System.nanoTime() < deadline) {
                s = system(node);
                if (done.test(s)) {
                    return s;
                }
                IronicClient.sleep(Duration.ofMillis(200));
            }
            throw new AssertionError(systemOf.get(node) + " did not reach " + what + " within "
                    + timeout.toSeconds() + " s: PowerState=" + s.path("PowerState").asText() + " Oem="
                    + s.path("Oem") + " Boot=" + s.path("Boot"));
        }
    }
}
