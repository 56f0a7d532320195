package org.kubevirtredfish.kubevirt.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kubevirtredfish.kubevirt.BootMode;
import org.kubevirtredfish.kubevirt.BootOverride;
import org.kubevirtredfish.kubevirt.BootOverrideEnabled;
import org.kubevirtredfish.kubevirt.BootSource;
import org.kubevirtredfish.kubevirt.GatewayException;
import org.kubevirtredfish.kubevirt.GatewayPolling;
import org.kubevirtredfish.kubevirt.MediaInsert;
import org.kubevirtredfish.kubevirt.MediaState;
import org.kubevirtredfish.kubevirt.PowerAction;
import org.kubevirtredfish.kubevirt.PowerState;
import org.kubevirtredfish.kubevirt.VirtualMachine;
import org.kubevirtredfish.kubevirt.VmId;
import org.kubevirtredfish.kubevirt.model.KubeVirtTimings;

class SimulatedKubeVirtTest {

    static final Duration TRANSITION = Duration.ofMillis(50);
    static final Duration IMPORT = Duration.ofMillis(100);
    static final Duration DEADLINE = Duration.ofSeconds(5);
    static final VmId OFF = new VmId("demo", "cp-0");
    static final VmId RUNNING = new VmId("demo", "cp-1");
    static final VmId OTHER_NS = new VmId("lab", "w-0");
    static final URI ISO = URI.create("http://images.example.com/path/agent.x86_64.iso");

    private final SimulatedKubeVirt sim = new SimulatedKubeVirt(List.of(
            new VmSeed(OFF, Map.of("redfish-enabled", "true"), 8, 16384, List.of("02:00:00:00:00:10"), false),
            new VmSeed(RUNNING, Map.of(), 2, 4096, List.of(), true),
            new VmSeed(OTHER_NS, Map.of(), 4, 8192, List.of("02:00:00:00:00:20", "02:00:00:00:00:21"), false)),
            TRANSITION, IMPORT);

    @AfterEach
    void close() {
        sim.close();
    }

    private VirtualMachine vm(VmId id) {
        return sim.find(id).orElseThrow();
    }

    /** Polls until the VM satisfies {@code condition}, failing after a bounded deadline. */
    private VirtualMachine await(VmId id, String what, Predicate<VirtualMachine> condition) {
        return GatewayPolling.await(sim, id, what, DEADLINE, condition);
    }

    private VirtualMachine awaitState(VmId id, PowerState state) {
        return await(id, state.name(), v -> v.powerState() == state);
    }

    @Test
    void seedsAreListedPerNamespaceWithTheirHardware() {
        assertEquals(List.of(OFF, RUNNING), sim.list("demo").stream().map(VirtualMachine::id).toList());
        assertEquals(List.of(OTHER_NS), sim.list("lab").stream().map(VirtualMachine::id).toList());
        assertTrue(sim.list("nowhere").isEmpty());
        VirtualMachine v = vm(OFF);
        assertEquals(8, v.cpus());
        assertEquals(16384, v.memoryMiB());
        assertEquals(Map.of("redfish-enabled", "true"), v.labels());
        assertEquals("02:00:00:00:00:10", v.nics().get(0).macAddress());
        assertEquals(PowerState.Off, v.powerState());
        assertNull(v.instanceId());
        assertEquals(MediaState.Phase.EMPTY, v.media().phase());
        assertEquals(BootOverride.none(BootMode.UEFI), v.boot());
        assertTrue(v.bootableSources().contains(BootSource.Pxe), "a NIC makes Pxe bootable");
        assertTrue(!vm(RUNNING).bootableSources().contains(BootSource.Pxe), "no NIC, no Pxe");
        assertEquals(2, vm(OTHER_NS).nics().size());
        assertEquals(v.uuid(), vm(OFF).uuid(), "stable UUID");
        assertTrue(sim.isReady());
    }

    @Test
    void runningSeedIsOn() {
        VirtualMachine v = vm(RUNNING);
        assertEquals(PowerState.On, v.powerState());
        assertNotNull(v.instanceId());
        assertEquals(BootSource.Hdd, v.instanceBootDevice());
    }

    @Test
    void startGoesThroughPoweringOnWithANewInstancePerBoot() {
        sim.power(OFF, PowerAction.START);
        assertEquals(PowerState.PoweringOn, vm(OFF).powerState());
        String first = awaitState(OFF, PowerState.On).instanceId();
        assertNotNull(first);
        // KubeVirt's restart only shortens the grace period to 1 s and asks virt-controller to stop and start: the
        // old instance terminates (PoweringOff) before the new one boots, and the VM never reads Off meanwhile
        sim.power(OFF, PowerAction.FORCE_RESTART);
        String second = await(OFF, "rebooted", v -> {
            assertNotEquals(PowerState.Off, v.powerState(), "a restart never reads Off");
            return v.powerState() == PowerState.On && v.instanceId() != null && !v.instanceId().equals(first);
        }).instanceId();
        sim.power(OFF, PowerAction.RESTART);
        assertEquals(PowerState.PoweringOff, vm(OFF).powerState());
        assertEquals(second, vm(OFF).instanceId(), "the old instance terminates first");
        String third = await(OFF, "rebooted", v -> v.powerState() == PowerState.On
                && v.instanceId() != null && !v.instanceId().equals(second)).instanceId();
        assertNotEquals(first, third);
    }

    @Test
    void startWhileOnIsANoOp() {
        String id = vm(RUNNING).instanceId();
        sim.power(RUNNING, PowerAction.START);
        assertEquals(PowerState.On, vm(RUNNING).powerState());
        assertEquals(id, vm(RUNNING).instanceId());
    }

    @Test
    void gracefulStopGoesThroughPoweringOff() {
        sim.power(RUNNING, PowerAction.STOP);
        assertEquals(PowerState.PoweringOff, vm(RUNNING).powerState());
        VirtualMachine off = awaitState(RUNNING, PowerState.Off);
        assertNull(off.instanceId());
        assertNull(off.instanceBootDevice());
    }

    /** A simulator whose graceful stops never end within a test: what ends, was forced. */
    private static SimulatedKubeVirt slowGracefulStops() {
        return new SimulatedKubeVirt(List.of(
                new VmSeed(RUNNING, Map.of(), 2, 4096, List.of(), true),
                new VmSeed(OTHER_NS, Map.of(), 2, 4096, List.of(), true)),
                new SimulatorTimings(new KubeVirtTimings(Duration.ofHours(1), Duration.ofMillis(20),
                        TRANSITION.dividedBy(3)), IMPORT));
    }

    @Test
    void aForcedStopEndsWhileAGracefulOneStillRuns() {
        try (SimulatedKubeVirt slow = slowGracefulStops()) {
            slow.power(RUNNING, PowerAction.STOP);
            slow.power(OTHER_NS, PowerAction.FORCE_STOP);
            VirtualMachine forced = GatewayPolling.await(slow, OTHER_NS, "Off", DEADLINE,
                    v -> v.powerState() == PowerState.Off);
            assertNull(forced.instanceId());
            assertEquals(PowerState.PoweringOff, slow.find(RUNNING).orElseThrow().powerState());
            assertEquals("Stopping", slow.find(RUNNING).orElseThrow().status());
        }
    }

    @Test
    void forceStopDuringAGracefulStopWins() {
        try (SimulatedKubeVirt slow = slowGracefulStops()) {
            slow.power(RUNNING, PowerAction.STOP);
            assertEquals(PowerState.PoweringOff, slow.find(RUNNING).orElseThrow().powerState());
            slow.power(RUNNING, PowerAction.FORCE_STOP);
            GatewayPolling.await(slow, RUNNING, "Off", DEADLINE, v -> v.powerState() == PowerState.Off);
        }
    }

    /** S3 with S2: On during the termination is held; a forced stop then drops it and the VM ends Off. */
    @Test
    void aForcedStopDropsAPowerOnHeldForTheTermination() {
        try (SimulatedKubeVirt slow = slowGracefulStops()) {
            String old = slow.find(RUNNING).orElseThrow().instanceId();
            slow.power(RUNNING, PowerAction.STOP);
            slow.power(RUNNING, PowerAction.START);
            VirtualMachine held = slow.find(RUNNING).orElseThrow();
            assertEquals(PowerState.PoweringOn, held.powerState());
            assertEquals(old, held.instanceId(), "no start while the old instance terminates");
            slow.power(RUNNING, PowerAction.FORCE_STOP);
            VirtualMachine off = GatewayPolling.await(slow, RUNNING, "Off", DEADLINE,
                    v -> v.powerState() == PowerState.Off);
            assertNull(off.instanceId());
        }
    }

    @Test
    void onceOverrideIsUsedUpByOneBoot() {
        sim.insertMedia(OFF, new MediaInsert(ISO, true));
        await(OFF, "media ready", v -> v.media().phase() == MediaState.Phase.READY);
        sim.setBootOverride(OFF, new BootOverride(BootSource.Cd, BootOverrideEnabled.Once, BootMode.UEFI));
        sim.power(OFF, PowerAction.START);
        VirtualMachine on = awaitState(OFF, PowerState.On);
        assertEquals(BootSource.Cd, on.instanceBootDevice());
        assertEquals(BootOverrideEnabled.Disabled, on.boot().enabled(), "Once is used up");
        assertEquals(BootSource.None, on.boot().target());
        String first = on.instanceId();
        sim.power(OFF, PowerAction.FORCE_RESTART);
        VirtualMachine again = await(OFF, "rebooted", v -> v.powerState() == PowerState.On
                && !first.equals(v.instanceId()));
        assertEquals(BootSource.Hdd, again.instanceBootDevice());
    }

    @Test
    void continuousOverridePersists() {
        sim.setBootOverride(RUNNING, new BootOverride(BootSource.Cd, BootOverrideEnabled.Continuous, BootMode.UEFI));
        sim.insertMedia(RUNNING, new MediaInsert(ISO, true));
        await(RUNNING, "media ready", v -> v.media().phase() == MediaState.Phase.READY);
        String previous = vm(RUNNING).instanceId();
        for (int i = 0; i < 2; i++) {
            String before = previous;
            sim.power(RUNNING, PowerAction.FORCE_RESTART);
            VirtualMachine v = await(RUNNING, "rebooted", x -> x.powerState() == PowerState.On
                    && x.instanceId() != null && !x.instanceId().equals(before));
            assertEquals(BootSource.Cd, v.instanceBootDevice(), "boot " + i);
            assertEquals(BootOverrideEnabled.Continuous, v.boot().enabled());
            previous = v.instanceId();
        }
    }

    @Test
    void cdOverrideWithoutMediaBootsTheDisk() {
        sim.setBootOverride(OFF, new BootOverride(BootSource.Cd, BootOverrideEnabled.Once, BootMode.UEFI));
        sim.power(OFF, PowerAction.START);
        assertEquals(BootSource.Hdd, awaitState(OFF, PowerState.On).instanceBootDevice());
    }

    @Test
    void overrideToAMissingDeviceIsABadRequest() {
        GatewayException.BadRequest e = assertThrows(GatewayException.BadRequest.class, () -> sim.setBootOverride(
                RUNNING, new BootOverride(BootSource.Pxe, BootOverrideEnabled.Once, BootMode.UEFI)));
        assertEquals("BootSourceOverrideTarget", e.property());
        assertEquals("Pxe", e.value());
        assertEquals(BootOverride.none(BootMode.UEFI), vm(RUNNING).boot(), "nothing applied");
    }

    /** Imports that last long enough for a test to see a held power-on held. */
    private static SimulatedKubeVirt slowImports() {
        return new SimulatedKubeVirt(List.of(new VmSeed(OFF, Map.of(), 2, 4096, List.of(), false)),
                TRANSITION, Duration.ofMillis(800));
    }

    @Test
    void startWhileImportingIsHeldUntilTheImageIsReady() {
        try (SimulatedKubeVirt slow = slowImports()) {
            slow.setBootOverride(OFF, new BootOverride(BootSource.Cd, BootOverrideEnabled.Once, BootMode.UEFI));
            slow.insertMedia(OFF, new MediaInsert(ISO, true));
            assertEquals(MediaState.Phase.IMPORTING, slow.find(OFF).orElseThrow().media().phase());
            slow.power(OFF, PowerAction.START);
            VirtualMachine held = slow.find(OFF).orElseThrow();
            assertEquals(PowerState.PoweringOn, held.powerState());
            assertNull(held.instanceId());
            assertEquals("Provisioning", held.status(), "what KubeVirt shows while the DataVolume imports");
        }
        sim.setBootOverride(OFF, new BootOverride(BootSource.Cd, BootOverrideEnabled.Once, BootMode.UEFI));
        sim.insertMedia(OFF, new MediaInsert(ISO, true));
        sim.power(OFF, PowerAction.START);
        VirtualMachine on = await(OFF, "On", v -> {
            assertTrue(v.instanceId() == null || v.media().phase() == MediaState.Phase.READY,
                    "an instance booted before its media was ready: " + v);
            return v.powerState() == PowerState.On;
        });
        assertEquals(MediaState.Phase.READY, on.media().phase());
        assertEquals(BootSource.Cd, on.instanceBootDevice(), "booted from the ISO, never without it");
        assertEquals("agent.x86_64.iso", on.media().imageName());
        assertEquals(ISO.toString(), on.media().image());
    }

    @Test
    void failedImportDropsTheHeldStart() {
        sim.insertMedia(OFF, new MediaInsert(URI.create("http://no-such-host.invalid/a.iso"), true));
        sim.power(OFF, PowerAction.START);
        assertEquals(PowerState.PoweringOn, vm(OFF).powerState());
        VirtualMachine failed = await(OFF, "import failed", v -> v.media().phase() == MediaState.Phase.FAILED);
        assertEquals(PowerState.Off, failed.powerState());
        assertNull(failed.instanceId());
        assertTrue(failed.media().message().contains("no-such-host.invalid"), failed.media().message());
        assertTrue(failed.media().inserted(), "a failed image stays inserted until ejected");
    }

    /** S1: KubeVirt shows a stopped VM by its media DataVolume, yet it is Off. */
    @Test
    void aStoppedVmShowsItsDataVolumeAsKubeVirtDoesAndReadsOff() {
        sim.insertMedia(OFF, new MediaInsert(ISO, true));
        VirtualMachine importing = vm(OFF);
        assertEquals("Provisioning", importing.status());
        assertEquals(PowerState.Off, importing.powerState());
        VirtualMachine ready = await(OFF, "ready", v -> v.media().phase() == MediaState.Phase.READY);
        assertEquals("Stopped", ready.status());
        assertEquals(PowerState.Off, ready.powerState());
    }

    /**
     * S4: CDI keeps a failing import's phase and restarts its importer; the Running=False/Error condition alone
     * makes KubeVirt show DataVolumeError and the media FAILED, with the importer's own message: a 404 for a path
     * under /fail/, an unresolvable host for .invalid, never the URL's path or query.
     */
    @Test
    void anImporterErrorIsADataVolumeErrorWithTheImportersMessage() {
        sim.insertMedia(OFF, new MediaInsert(URI.create("http://images.example.com/fail/a.iso?token=s3cret"), true));
        sim.insertMedia(OTHER_NS, new MediaInsert(URI.create("https://no-such-host.invalid/b.iso?token=s3cret"), true));
        VirtualMachine notFound = await(OFF, "failed", v -> v.media().phase() == MediaState.Phase.FAILED);
        assertEquals("DataVolumeError", notFound.status());
        assertEquals(PowerState.Off, notFound.powerState());
        assertEquals("Unable to connect to http data source: expected status code 200, got 404. Status: 404 Not Found",
                notFound.media().message());
        VirtualMachine noHost = await(OTHER_NS, "failed", v -> v.media().phase() == MediaState.Phase.FAILED);
        assertTrue(noHost.media().message().endsWith("lookup no-such-host.invalid: no such host"),
                noHost.media().message());
        assertFalse(noHost.media().message().contains("s3cret"), noHost.media().message());
        assertEquals("DataVolumeError", noHost.status());
    }

    /** virt-api's lifecycle answers (KubeVirt v1.9.0 lifecycle.go) for the other run strategies. */
    @Test
    void manualOnceAndRerunOnFailureVmsAnswerAsVirtApiDoes() {
        VmId manual = new VmId("demo", "manual");
        VmId once = new VmId("demo", "once");
        VmId rerun = new VmId("demo", "rerun");
        try (SimulatedKubeVirt other = new SimulatedKubeVirt(List.of(
                new VmSeed(manual, Map.of(), 1, 1024, List.of(), "Manual", null),
                new VmSeed(once, Map.of(), 1, 1024, List.of(), "Once", null),
                new VmSeed(rerun, Map.of(), 1, 1024, List.of(), "RerunOnFailure", null)), TRANSITION, IMPORT)) {
            assertEquals(PowerState.Off, other.find(manual).orElseThrow().powerState(), "Manual is not set to run");
            other.power(manual, PowerAction.START);
            String first = GatewayPolling.await(other, manual, "On", DEADLINE,
                    v -> v.powerState() == PowerState.On).instanceId();
            other.power(manual, PowerAction.RESTART);
            GatewayPolling.await(other, manual, "On again", DEADLINE,
                    v -> v.powerState() == PowerState.On && !first.equals(v.instanceId()));
            other.power(manual, PowerAction.FORCE_STOP);
            GatewayPolling.await(other, manual, "Off", DEADLINE, v -> v.powerState() == PowerState.Off);

            // virt-api refuses restarts of a Once VM ("RunStategy Once does not support manual restart requests"):
            // the gateway stops it and holds the power-on until the instance is gone
            String onceFirst = other.find(once).orElseThrow().instanceId();
            assertNotNull(onceFirst, "Once is set to run");
            other.power(once, PowerAction.RESTART);
            assertEquals(PowerState.PoweringOn, other.find(once).orElseThrow().powerState());
            GatewayPolling.await(other, once, "On again", DEADLINE,
                    v -> v.powerState() == PowerState.On && !onceFirst.equals(v.instanceId()));
            assertEquals(PowerState.On, other.find(rerun).orElseThrow().powerState());
        }
    }

    @Test
    void ejectCancelsAnImport() throws InterruptedException {
        sim.insertMedia(OFF, new MediaInsert(ISO, true));
        sim.ejectMedia(OFF);
        assertEquals(MediaState.Phase.EMPTY, vm(OFF).media().phase());
        // the cancelled import must not resurrect the media: insert another image and see it alone finish
        URI other = URI.create("https://images.example.com/other.iso");
        sim.insertMedia(OFF, new MediaInsert(other, true));
        VirtualMachine ready = await(OFF, "ready", v -> v.media().phase() == MediaState.Phase.READY);
        assertEquals(other.toString(), ready.media().image());
        sim.ejectMedia(OFF);
        sim.ejectMedia(OFF); // a no-op when nothing is inserted
        assertEquals(MediaState.empty(), vm(OFF).media());
    }

    @Test
    void ejectAfterAnImportThatWouldHaveFinishedLeavesNothing() {
        sim.insertMedia(OFF, new MediaInsert(ISO, true));
        sim.ejectMedia(OFF);
        // an unrelated change that takes longer than the import: then the media must still be empty
        sim.power(OFF, PowerAction.START);
        awaitState(OFF, PowerState.On);
        sim.power(OFF, PowerAction.STOP);
        awaitState(OFF, PowerState.Off);
        assertEquals(MediaState.Phase.EMPTY, vm(OFF).media().phase());
    }

    @Test
    void ejectDuringAHeldStartLetsTheVmStart() {
        sim.insertMedia(OFF, new MediaInsert(ISO, true));
        sim.power(OFF, PowerAction.START);
        assertEquals(PowerState.PoweringOn, vm(OFF).powerState());
        sim.ejectMedia(OFF);
        VirtualMachine v = await(OFF, "started or off", x -> x.powerState() == PowerState.On
                || x.powerState() == PowerState.Off);
        assertEquals(PowerState.On, v.powerState(), "the held start, no longer waiting for anything, proceeds");
    }

    @Test
    void insertingTheSameImageTwiceIsANoOp() {
        sim.insertMedia(OFF, new MediaInsert(ISO, true));
        MediaState importing = vm(OFF).media();
        sim.insertMedia(OFF, new MediaInsert(ISO, true));
        assertEquals(importing, vm(OFF).media(), "nothing changed");
        await(OFF, "ready", v -> v.media().phase() == MediaState.Phase.READY);
        sim.insertMedia(OFF, new MediaInsert(ISO, true));
        assertEquals(MediaState.Phase.READY, vm(OFF).media().phase(), "not imported again");
    }

    @Test
    void anotherImageWhileInsertedIsAConflict() {
        sim.insertMedia(OFF, new MediaInsert(ISO, true));
        assertThrows(GatewayException.Conflict.class,
                () -> sim.insertMedia(OFF, new MediaInsert(URI.create("http://images.example.com/b.iso"), true)));
        VirtualMachine ready = await(OFF, "ready", v -> v.media().phase() == MediaState.Phase.READY);
        assertEquals(ISO.toString(), ready.media().image());
        assertThrows(GatewayException.Conflict.class,
                () -> sim.insertMedia(OFF, new MediaInsert(URI.create("http://images.example.com/b.iso"), true)));
    }

    @Test
    void pauseAndUnpause() {
        String instance = vm(RUNNING).instanceId();
        sim.power(RUNNING, PowerAction.PAUSE);
        assertEquals(PowerState.Paused, vm(RUNNING).powerState());
        assertEquals(instance, vm(RUNNING).instanceId(), "pausing keeps the instance");
        sim.power(RUNNING, PowerAction.UNPAUSE);
        assertEquals(PowerState.On, vm(RUNNING).powerState());
        assertEquals(instance, vm(RUNNING).instanceId());
    }

    @Test
    void pauseNeedsARunningVmAndUnpauseAPausedOne() {
        assertThrows(GatewayException.Conflict.class, () -> sim.power(OFF, PowerAction.PAUSE));
        assertThrows(GatewayException.Conflict.class, () -> sim.power(OFF, PowerAction.UNPAUSE));
        assertThrows(GatewayException.Conflict.class, () -> sim.power(RUNNING, PowerAction.UNPAUSE));
        assertEquals(PowerState.Off, vm(OFF).powerState());
        assertEquals(PowerState.On, vm(RUNNING).powerState());
    }

    @Test
    void unknownVmIsNotFound() {
        VmId nope = new VmId("demo", "nope");
        assertTrue(sim.find(nope).isEmpty());
        assertThrows(GatewayException.NotFound.class, () -> sim.power(nope, PowerAction.START));
        assertThrows(GatewayException.NotFound.class, () -> sim.setBootOverride(nope, BootOverride.none(BootMode.UEFI)));
        assertThrows(GatewayException.NotFound.class, () -> sim.insertMedia(nope, new MediaInsert(ISO, true)));
        assertThrows(GatewayException.NotFound.class, () -> sim.ejectMedia(nope));
        assertThrows(GatewayException.NotFound.class,
                () -> sim.power(new VmId("lab", "cp-0"), PowerAction.START), "the namespace is part of the id");
    }


    /**
     * The one change port, which both the system index and the events use: power steps on the simulator's clock, a
     * boot override, a relabel, a create and a delete are each told after they are readable, without the gateway's
     * lock held (a listener may read the gateway back; under the lock the index's lock order was reversed).
     */
    @Test
    void everyChangeIsToldAfterItIsReadableWithoutTheGatewaysLock() throws InterruptedException {
        List<String> told = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<String> underLock = new java.util.concurrent.CopyOnWriteArrayList<>();
        assertTrue(sim.onChange(id -> {
            if (Thread.holdsLock(sim)) {
                underLock.add(id + " on " + Thread.currentThread().getName());
            }
            told.add(id + " " + sim.find(id).map(v -> v.powerState() + " " + v.boot().target() + " " + v.labels())
                    .orElse("gone"));
        }), "the simulator tells of its changes");
        VmId created = new VmId("demo", "cp-9");

        sim.power(OFF, PowerAction.START);
        String on = OFF + " On None {redfish-enabled=true}";
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!told.contains(on) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(told.contains(on), "a step of the simulator's clock: " + told);
        sim.setBootOverride(OFF, new BootOverride(BootSource.Pxe, BootOverrideEnabled.Continuous, BootMode.UEFI));
        sim.relabel(RUNNING, Map.of("team", "a"));
        sim.create(new VmSeed(created, Map.of(), 1, 1024, List.of(), false));
        sim.delete(created);

        assertEquals(List.of(), underLock);
        assertTrue(told.contains(OFF + " On Pxe {redfish-enabled=true}"), told.toString());
        assertTrue(told.contains(RUNNING + " On None {team=a}"), told.toString());
        assertTrue(told.indexOf(created + " Off None {}") >= 0, told.toString());
        assertTrue(told.indexOf(created + " gone") > told.indexOf(created + " Off None {}"), told.toString());
    }

    /**
     * A change's listeners have been told when its call returns, also while other threads change other VMs (a
     * client's request, the simulator's clock): another thread's delivery may take the change along, and the caller
     * then waits for that delivery instead of returning before the listeners ran (ExposedSystems kept its list).
     */
    @Test
    void aChangeIsToldBeforeItsCallReturnsWhileOtherThreadsChangeOtherVms() throws InterruptedException {
        java.util.concurrent.atomic.AtomicInteger toldOfRunning = new java.util.concurrent.atomic.AtomicInteger();
        sim.onChange(id -> {
            if (id.equals(RUNNING)) {
                toldOfRunning.incrementAndGet();
            }
        });
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        List<Thread> others = new java.util.ArrayList<>();
        for (VmId vm : List.of(OFF, OTHER_NS)) {
            Thread other = new Thread(() -> {
                for (int i = 0; !done.get(); i++) {
                    sim.relabel(vm, Map.of("round", Integer.toString(i)));
                }
            });
            other.start();
            others.add(other);
        }
        try {
            for (int i = 0; i < 100_000; i++) {
                int before = toldOfRunning.get();
                sim.relabel(RUNNING, Map.of("round", Integer.toString(i)));
                assertTrue(toldOfRunning.get() > before, "relabel " + i + " returned before its listener was told");
            }
        } finally {
            done.set(true);
            for (Thread other : others) {
                other.join();
            }
        }
    }

    @Test
    void closeStopsTheSimulator() {
        sim.close();
        assertTrue(!sim.isReady());
    }

    @Test
    void seedFromConfig() {
        VmSeed seed = VmSeed.fromConfig(Map.of("namespace", "demo", "name", "x", "labels", Map.of("a", "b"),
                "cpus", 4, "memory", "16Gi", "macs", List.of("02:00:00:00:00:01"), "run_strategy", "Always"));
        assertEquals(new VmId("demo", "x"), seed.id());
        assertEquals(16384, seed.memoryMiB());
        assertEquals(4, seed.cpus());
        assertTrue(seed.running());
        assertEquals("Halted", VmSeed.fromConfig(Map.of("namespace", "demo", "name", "y")).runStrategy());
        assertFalse(VmSeed.fromConfig(Map.of("namespace", "demo", "name", "y", "run_strategy", "Manual")).running());
        VmSeed legacy = VmSeed.fromConfig(Map.of("namespace", "demo", "name", "y", "running", true));
        assertNull(legacy.runStrategy());
        assertTrue(legacy.running());
        assertThrows(IllegalArgumentException.class, () -> VmSeed.fromConfig(Map.of("namespace", "demo",
                "name", "y", "run_strategy", "Sometimes")));
        assertThrows(IllegalArgumentException.class, () -> VmSeed.fromConfig(Map.of("namespace", "demo",
                "name", "y", "run_strategy", "Always", "running", true)), "mutually exclusive");
        assertEquals(1024, MemoryQuantity.toMiB("1Gi"));
        assertEquals(953, MemoryQuantity.toMiB("1G"));
        assertThrows(IllegalArgumentException.class, () -> MemoryQuantity.toMiB("lots"));
    }
}
