package org.kubevirtredfish.kubevirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What every {@link KubeVirtGateway} does, stated once. Subclasses create the gateway over seeded VMs and let
 * time (controllers, imports) advance; writes are observed by polling {@link KubeVirtGateway#find}. Idempotence of
 * Redfish resets is the resource layer's job (ResetPlanner), so only the primitives are exercised here.
 *
 * <p>{@link VirtualMachine#status()} is KubeVirt's printableStatus as v1.9.0 computes it
 * (pkg/virt-controller/watch/vm/vm.go, setPrintableStatus), so the cases of S1 and S4 (issue 8) first wait for the
 * status KubeVirt shows a stopped VM whose media DataVolume imports (Provisioning) or whose importer fails
 * (DataVolumeError) and then check that the VM still reads Off.
 */
public abstract class KubeVirtGatewayContract {

    protected static final String NS_A = "ns-a";
    protected static final String NS_B = "ns-b";
    protected static final VmSeed ALPHA = VmSeed.halted(NS_A, "alpha", "52:54:00:00:00:01");
    protected static final VmSeed BRAVO = VmSeed.notRunning(NS_A, "bravo", "52:54:00:00:00:02");
    protected static final VmSeed CHARLIE = VmSeed.halted(NS_B, "charlie", "52:54:00:00:00:03");
    protected static final URI ISO = URI.create("http://images.example.com/agent.x86_64.iso");
    protected static final URI OTHER_ISO = URI.create("http://images.example.com/other.iso");

    protected KubeVirtGateway gateway;

    /** A started, ready gateway that watches the seeds' namespaces, over exactly these VMs (all powered off). */
    protected abstract KubeVirtGateway createGateway(List<VmSeed> seeds);

    /** Lets simulated time pass (controllers, imports); called between polls. Real-time backends do nothing. */
    protected void advance() {
    }

    protected Duration timeout() {
        return Duration.ofSeconds(10);
    }

    @BeforeEach
    void createGateway() {
        gateway = createGateway(List.of(ALPHA, BRAVO, CHARLIE));
        assertTrue(gateway.isReady(), "the gateway is ready once created");
    }

    protected VirtualMachine await(VmId id, String what, Predicate<VirtualMachine> condition) {
        long deadline = System.nanoTime() + timeout().toNanos();
        VirtualMachine last = null;
        while (System.nanoTime() < deadline) {
            last = gateway.find(id).orElse(null);
            if (last != null && condition.test(last)) {
                return last;
            }
            advance();
            pause();
        }
        return fail("timed out waiting for " + id + " to be " + what + "; last seen " + last);
    }

    private static void pause() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    protected VirtualMachine powerOn(VmId id) {
        gateway.power(id, PowerAction.START);
        return await(id, "On", vm -> vm.powerState() == PowerState.On && vm.instanceId() != null);
    }

    protected VirtualMachine insertAndAwaitReady(VmId id, URI image) {
        gateway.insertMedia(id, new MediaInsert(image, true));
        return await(id, "media READY", vm -> vm.media().phase() == MediaState.Phase.READY);
    }

    @Test
    void listsTheVmsOfOneNamespaceSortedWithTheirInventory() {
        assertEquals(List.of("alpha", "bravo"), gateway.list(NS_A).stream().map(vm -> vm.id().name()).toList());
        assertEquals(List.of("charlie"), gateway.list(NS_B).stream().map(vm -> vm.id().name()).toList());
        assertEquals(List.of(), gateway.list("elsewhere"));
        VirtualMachine alpha = gateway.find(ALPHA.id()).orElseThrow();
        assertEquals(PowerState.Off, alpha.powerState());
        assertEquals(2, alpha.cpus());
        assertEquals(4096, alpha.memoryMiB());
        assertEquals("52:54:00:00:00:01", alpha.nics().get(0).macAddress());
        assertEquals("true", alpha.labels().get("redfish-enabled"));
        assertNotNull(alpha.uuid());
        assertEquals(MediaState.Phase.EMPTY, alpha.media().phase());
        assertNull(alpha.instanceId());
        assertTrue(alpha.bootableSources().containsAll(List.of(BootSource.Cd, BootSource.Hdd, BootSource.Pxe)));
        assertEquals(1024, gateway.find(BRAVO.id()).orElseThrow().memoryMiB());
        // no rebootPolicy in the seeds: KubeVirt's default, a guest reboot stays in its instance
        assertEquals(GuestReboot.SameInstance, alpha.guestReboot());
    }

    protected Firmware awaitFirmware(VmId id, String what, Predicate<Firmware> condition) {
        await(id, what, vm -> condition.test(gateway.firmware(id)));
        return gateway.firmware(id);
    }

    @Test
    void secureBootNeedsUefiTurnsOnSmmAndReachesOnlyTheNextInstance() {
        VmId id = ALPHA.id();
        gateway.setBootOverride(id, BootOverride.none(BootMode.Legacy));
        Firmware legacy = awaitFirmware(id, "Legacy", f -> f.mode() == BootMode.Legacy);
        assertFalse(legacy.secureBoot());
        assertNull(legacy.instanceMode(), "no instance");
        assertThrows(GatewayException.Conflict.class, () -> gateway.setSecureBoot(id, true));
        assertFalse(gateway.firmware(id).secureBoot());
        assertFalse(gateway.firmware(id).smm());
        gateway.setSecureBoot(id, false); // off where it is off: nothing to refuse

        gateway.setBootOverride(id, BootOverride.none(BootMode.UEFI));
        Firmware uefi = awaitFirmware(id, "UEFI", f -> f.mode() == BootMode.UEFI);
        assertFalse(uefi.secureBoot(), "a VM without SMM that never had secure boot gets UEFI without it");

        Firmware on = gateway.setSecureBoot(id, true);
        assertTrue(on.secureBoot() && on.smm() && on.mode() == BootMode.UEFI, on.toString());
        powerOn(id);
        Firmware running = awaitFirmware(id, "an instance with secure boot", f -> f.instanceMode() != null);
        assertEquals(BootMode.UEFI, running.instanceMode());
        assertTrue(running.instanceSecureBoot());

        Firmware off = gateway.setSecureBoot(id, false);
        assertFalse(off.secureBoot());
        assertTrue(off.smm(), "SMM stays: turning secure boot off needs no change of it");
        assertTrue(gateway.firmware(id).instanceSecureBoot(), "the running instance keeps its firmware");
        assertFalse(gateway.firmware(BRAVO.id()).secureBoot(), "other VMs are untouched");
    }

    @Test
    void anUnknownVmHasNoFirmware() {
        VmId ghost = new VmId(NS_A, "ghost");
        assertThrows(GatewayException.NotFound.class, () -> gateway.firmware(ghost));
        assertThrows(GatewayException.NotFound.class, () -> gateway.setSecureBoot(ghost, true));
    }

    @Test
    void unknownVmIsNotFound() {
        VmId ghost = new VmId(NS_A, "ghost");
        assertTrue(gateway.find(ghost).isEmpty());
        assertThrows(GatewayException.NotFound.class, () -> gateway.power(ghost, PowerAction.START));
        assertThrows(GatewayException.NotFound.class, () -> gateway.setBootOverride(ghost,
                new BootOverride(BootSource.Cd, BootOverrideEnabled.Once, BootMode.UEFI)));
        assertThrows(GatewayException.NotFound.class, () -> gateway.insertMedia(ghost, new MediaInsert(ISO, true)));
        assertThrows(GatewayException.NotFound.class, () -> gateway.ejectMedia(ghost));
        assertTrue(gateway.find(new VmId("elsewhere", "alpha")).isEmpty());
    }

    @Test
    void powersOnAndOffGracefullyAndForcibly() {
        for (VmSeed seed : List.of(ALPHA, BRAVO)) { // runStrategy and spec.running alike
            VirtualMachine on = powerOn(seed.id());
            gateway.power(seed.id(), PowerAction.STOP);
            await(seed.id(), "Off", vm -> vm.powerState() == PowerState.Off && vm.instanceId() == null);
            VirtualMachine again = powerOn(seed.id());
            assertNotEquals(on.instanceId(), again.instanceId(), "every boot is a new instance");
            gateway.power(seed.id(), PowerAction.FORCE_STOP);
            await(seed.id(), "Off", vm -> vm.powerState() == PowerState.Off && vm.instanceId() == null);
        }
    }

    @Test
    void restartsBootNewInstances() {
        String first = powerOn(ALPHA.id()).instanceId();
        gateway.power(ALPHA.id(), PowerAction.RESTART);
        String second = await(ALPHA.id(), "On again", vm -> vm.powerState() == PowerState.On
                && vm.instanceId() != null && !vm.instanceId().equals(first)).instanceId();
        gateway.power(ALPHA.id(), PowerAction.FORCE_RESTART);
        await(ALPHA.id(), "On again", vm -> vm.powerState() == PowerState.On && vm.instanceId() != null
                && !vm.instanceId().equals(first) && !vm.instanceId().equals(second));
    }

    @Test
    void pausesAndUnpauses() {
        String instance = powerOn(ALPHA.id()).instanceId();
        gateway.power(ALPHA.id(), PowerAction.PAUSE);
        assertEquals(instance, await(ALPHA.id(), "Paused", vm -> vm.powerState() == PowerState.Paused).instanceId());
        gateway.power(ALPHA.id(), PowerAction.UNPAUSE);
        assertEquals(instance, await(ALPHA.id(), "On", vm -> vm.powerState() == PowerState.On).instanceId());
    }

    @Test
    void bootOverrideOnceLastsExactlyOneBoot() {
        insertAndAwaitReady(ALPHA.id(), ISO);
        VirtualMachine set = gateway.setBootOverride(ALPHA.id(),
                new BootOverride(BootSource.Cd, BootOverrideEnabled.Once, BootMode.UEFI));
        assertEquals(new BootOverride(BootSource.Cd, BootOverrideEnabled.Once, BootMode.UEFI), set.boot());
        gateway.power(ALPHA.id(), PowerAction.START);
        VirtualMachine booted = await(ALPHA.id(), "On from Cd with the override used up",
                vm -> vm.powerState() == PowerState.On && vm.instanceBootDevice() == BootSource.Cd
                        && vm.boot().enabled() == BootOverrideEnabled.Disabled);
        assertEquals(BootMode.UEFI, booted.boot().mode());
        gateway.power(ALPHA.id(), PowerAction.RESTART);
        VirtualMachine next = await(ALPHA.id(), "On from Hdd in a new instance", vm -> vm.powerState() == PowerState.On
                && vm.instanceId() != null && !vm.instanceId().equals(booted.instanceId()));
        assertEquals(BootSource.Hdd, next.instanceBootDevice());
        assertEquals(BootOverrideEnabled.Disabled, next.boot().enabled());
    }

    @Test
    void bootOverrideContinuousPersistsUntilDisabled() {
        gateway.setBootOverride(ALPHA.id(), new BootOverride(BootSource.Pxe, BootOverrideEnabled.Continuous,
                BootMode.Legacy));
        VirtualMachine first = powerOn(ALPHA.id());
        assertEquals(BootSource.Pxe, first.instanceBootDevice());
        gateway.power(ALPHA.id(), PowerAction.FORCE_RESTART);
        VirtualMachine second = await(ALPHA.id(), "rebooted", vm -> vm.powerState() == PowerState.On
                && vm.instanceId() != null && !vm.instanceId().equals(first.instanceId()));
        assertEquals(BootSource.Pxe, second.instanceBootDevice());
        assertEquals(BootOverrideEnabled.Continuous, second.boot().enabled());
        VirtualMachine disabled = gateway.setBootOverride(ALPHA.id(),
                new BootOverride(BootSource.Pxe, BootOverrideEnabled.Disabled, BootMode.Legacy));
        assertEquals(BootOverrideEnabled.Disabled, disabled.boot().enabled());
        gateway.power(ALPHA.id(), PowerAction.FORCE_RESTART);
        VirtualMachine third = await(ALPHA.id(), "rebooted", vm -> vm.powerState() == PowerState.On
                && vm.instanceId() != null && !vm.instanceId().equals(second.instanceId()));
        assertEquals(BootSource.Hdd, third.instanceBootDevice());
    }

    @Test
    void insertImportsThenEjectEmpties() {
        gateway.insertMedia(ALPHA.id(), new MediaInsert(ISO, true));
        VirtualMachine inserted = await(ALPHA.id(), "inserted", vm -> vm.media().inserted());
        assertEquals(MediaState.Phase.IMPORTING, inserted.media().phase(), "an import takes time");
        assertEquals(ISO.toString(), inserted.media().image());
        VirtualMachine ready = await(ALPHA.id(), "READY", vm -> vm.media().phase() == MediaState.Phase.READY);
        assertEquals(ISO.toString(), ready.media().image());
        assertEquals("agent.x86_64.iso", ready.media().imageName());
        gateway.ejectMedia(ALPHA.id());
        await(ALPHA.id(), "EMPTY", vm -> vm.media().phase() == MediaState.Phase.EMPTY);
        gateway.ejectMedia(ALPHA.id()); // nothing inserted: no-op
    }

    @Test
    void insertingTheSameImageTwiceIsANoOpAndAnotherOneConflicts() {
        gateway.insertMedia(ALPHA.id(), new MediaInsert(ISO, true));
        await(ALPHA.id(), "inserted", vm -> vm.media().inserted());
        gateway.insertMedia(ALPHA.id(), new MediaInsert(ISO, true));
        assertThrows(GatewayException.Conflict.class, () -> gateway.insertMedia(ALPHA.id(), new MediaInsert(OTHER_ISO, true)));
        assertEquals(ISO.toString(), await(ALPHA.id(), "READY",
                vm -> vm.media().phase() == MediaState.Phase.READY).media().image());
    }

    @Test
    void powerOnIsHeldWhileTheImageImportsThenBootsTheCd() {
        gateway.insertMedia(ALPHA.id(), new MediaInsert(ISO, true));
        gateway.setBootOverride(ALPHA.id(), new BootOverride(BootSource.Cd, BootOverrideEnabled.Once, BootMode.UEFI));
        gateway.power(ALPHA.id(), PowerAction.START);
        boolean[] sawHeld = {false};
        VirtualMachine on = await(ALPHA.id(), "On from Cd", vm -> {
            assertFalse(vm.instanceId() != null && vm.media().phase() != MediaState.Phase.READY,
                    "an instance booted before its media was ready: " + vm);
            if (vm.powerState() == PowerState.PoweringOn && vm.instanceId() == null
                    && vm.media().phase() == MediaState.Phase.IMPORTING) {
                sawHeld[0] = true;
            }
            return vm.powerState() == PowerState.On && vm.instanceId() != null;
        });
        assertTrue(sawHeld[0], "the power-on was reported PoweringOn while the image imported");
        assertEquals(BootSource.Cd, on.instanceBootDevice());
        assertEquals(MediaState.Phase.READY, on.media().phase());
    }

    @Test
    void aFailedImportIsReportedRefusesPowerOnAndIsRetriedByInsertingAgain() {
        URI failing = URI.create("http://images.example.com/fail/agent.x86_64.iso");
        gateway.insertMedia(ALPHA.id(), new MediaInsert(failing, true));
        VirtualMachine failed = await(ALPHA.id(), "import FAILED", vm -> vm.media().phase() == MediaState.Phase.FAILED);
        assertNotNull(failed.media().message());
        assertThrows(GatewayException.Conflict.class, () -> gateway.power(ALPHA.id(), PowerAction.START));
        assertEquals(PowerState.Off, gateway.find(ALPHA.id()).orElseThrow().powerState());
        gateway.insertMedia(ALPHA.id(), new MediaInsert(failing, true));
        assertTrue(gateway.find(ALPHA.id()).orElseThrow().media().inserted());
        await(ALPHA.id(), "the retried import fails again", vm -> vm.media().phase() == MediaState.Phase.FAILED);
        gateway.ejectMedia(ALPHA.id());
        assertEquals(PowerState.On, powerOn(ALPHA.id()).powerState());
    }

    @Test
    void theEndOfEachImportIsReportedOnce() throws InterruptedException {
        List<String> ends = new java.util.concurrent.CopyOnWriteArrayList<>();
        gateway.onMediaImport((vm, took, succeeded) -> ends.add(vm.name() + " " + succeeded + " " + !took.isNegative()));
        insertAndAwaitReady(ALPHA.id(), ISO);
        gateway.insertMedia(BRAVO.id(), new MediaInsert(URI.create("http://images.example.com/fail/x.iso"), true));
        await(BRAVO.id(), "import FAILED", vm -> vm.media().phase() == MediaState.Phase.FAILED);
        long deadline = System.nanoTime() + timeout().toNanos();
        while (ends.size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(List.of("alpha true true", "bravo false true"), ends.stream().sorted().toList());
    }

    /**
     * The gateway tells of its changes ({@link KubeVirtGateway#onChange}: informer events, simulator steps), and the
     * EventSource derives Redfish events from them: a power-on and a boot override of an exposed VM.
     */
    @Test
    void changesBecomeRedfishEvents() {
        List<org.kubevirtredfish.event.SystemEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        org.kubevirtredfish.config.ServiceSettings settings = org.kubevirtredfish.config.MapConfig.settings("""
                system_id_convention: enhanced
                chassis:
                  - {name: a, namespace: ns-a}
                """, java.util.Map.of());
        try (org.kubevirtredfish.event.EventSource source = new org.kubevirtredfish.event.EventSource(gateway,
                new ExposedSystems(settings, gateway), events::add)) {
            source.start();
            powerOn(ALPHA.id());
            gateway.setBootOverride(ALPHA.id(), new BootOverride(BootSource.Cd, BootOverrideEnabled.Once,
                    BootMode.UEFI));
            List<String> expected = List.of("/redfish/v1/Systems/ns-a.alpha [PowerState, On]",
                    "/redfish/v1/Systems/ns-a.alpha [Boot/BootSourceOverrideTarget, Cd]");
            long deadline = System.nanoTime() + timeout().toNanos();
            while (!said(events).containsAll(expected) && System.nanoTime() < deadline) {
                advance();
                pause();
            }
            assertTrue(said(events).containsAll(expected), said(events).toString());
            assertTrue(events.stream().allMatch(e -> e.chassis().equals(java.util.Set.of("a"))));
        }
    }

    private static List<String> said(List<org.kubevirtredfish.event.SystemEvent> events) {
        return events.stream().map(e -> e.origin() + " " + e.args()).toList();
    }

    // ---------------------------------------------------------------- issue 8: S1-S4

    private static final URI FAILING_ISO = URI.create("http://images.example.com/fail/agent.x86_64.iso");

    private PowerState powerState(VmId id) {
        return gateway.find(id).orElseThrow().powerState();
    }

    /** S1, S2: a stopped VM that KubeVirt shows as Provisioning (its media imports) is Off, and a stop of it is fine. */
    @Test
    void aStoppedVmWhoseMediaImportsReadsOffAndStopsWithoutComplaint() {
        gateway.insertMedia(ALPHA.id(), new MediaInsert(ISO, true));
        VirtualMachine importing = await(ALPHA.id(), "importing, shown as Provisioning",
                vm -> vm.media().phase() == MediaState.Phase.IMPORTING && "Provisioning".equals(vm.status()));
        assertEquals(PowerState.Off, importing.powerState());
        gateway.power(ALPHA.id(), PowerAction.STOP);
        gateway.power(ALPHA.id(), PowerAction.FORCE_STOP);
        assertEquals(PowerState.Off, powerState(ALPHA.id()));
        VirtualMachine ready = await(ALPHA.id(), "READY", vm -> vm.media().phase() == MediaState.Phase.READY);
        assertEquals(PowerState.Off, ready.powerState());
        assertNull(ready.instanceId(), "nothing was started");
    }

    /** S2: a stop drops a held power-on; the VM reads Off at once and stays off when the image is there. */
    @ParameterizedTest
    @EnumSource(value = PowerAction.class, names = {"STOP", "FORCE_STOP"})
    void aStopDropsAHeldPowerOn(PowerAction stop) {
        gateway.insertMedia(ALPHA.id(), new MediaInsert(ISO, true));
        gateway.power(ALPHA.id(), PowerAction.START);
        VirtualMachine held = gateway.find(ALPHA.id()).orElseThrow();
        assertEquals(PowerState.PoweringOn, held.powerState(), "held while the image imports");
        assertNull(held.instanceId(), "held, not started");
        gateway.power(ALPHA.id(), stop);
        assertEquals(PowerState.Off, powerState(ALPHA.id()), "nothing runs, nothing is held");
        VirtualMachine ready = await(ALPHA.id(), "READY", vm -> vm.media().phase() == MediaState.Phase.READY);
        assertEquals(PowerState.Off, ready.powerState());
        assertNull(ready.instanceId(), "the dropped power-on was not issued");
    }

    /**
     * S3: a power-on (On, or the start a restart plans) while the old instance still terminates is accepted and
     * held: PoweringOn at once, a second On changes nothing, then On in a new instance, never Off in between.
     */
    @ParameterizedTest
    @EnumSource(value = PowerAction.class, names = {"START_AFTER_STOP", "START", "RESTART", "FORCE_RESTART"})
    void aPowerOnDuringAGracefulStopIsHeldUntilTheOldInstanceIsGone(PowerAction powerOn) {
        String first = powerOn(ALPHA.id()).instanceId();
        gateway.power(ALPHA.id(), PowerAction.STOP);
        await(ALPHA.id(), "PoweringOff", vm -> vm.powerState() == PowerState.PoweringOff);
        gateway.power(ALPHA.id(), powerOn);
        assertEquals(PowerState.PoweringOn, powerState(ALPHA.id()), "held at once, so a poll for on ends");
        gateway.power(ALPHA.id(), PowerAction.START);
        VirtualMachine on = await(ALPHA.id(), "On in a new instance", vm -> {
            assertTrue(vm.powerState() == PowerState.PoweringOn || vm.powerState() == PowerState.On,
                    "a held power-on reads PoweringOn until it is On: " + vm);
            return vm.powerState() == PowerState.On && vm.instanceId() != null && !vm.instanceId().equals(first);
        });
        assertEquals(BootSource.Hdd, on.instanceBootDevice());
    }

    /** S3: a power-on after a stop whose instance has gone meanwhile starts at once. */
    @Test
    void aPowerOnAfterAStopThatHasEndedStarts() {
        String first = powerOn(ALPHA.id()).instanceId();
        gateway.power(ALPHA.id(), PowerAction.FORCE_STOP);
        await(ALPHA.id(), "Off", vm -> vm.powerState() == PowerState.Off && vm.instanceId() == null);
        gateway.power(ALPHA.id(), PowerAction.START_AFTER_STOP);
        assertEquals(PowerState.PoweringOn, powerState(ALPHA.id()));
        await(ALPHA.id(), "On in a new instance", vm -> vm.powerState() == PowerState.On && vm.instanceId() != null
                && !vm.instanceId().equals(first));
    }

    /** S3 with the media hold: held for the old instance and for the import, it boots the CD once both are done. */
    @Test
    void aPowerOnHeldForTheOldInstanceAlsoWaitsForTheImport() {
        String first = powerOn(ALPHA.id()).instanceId();
        gateway.power(ALPHA.id(), PowerAction.STOP);
        await(ALPHA.id(), "PoweringOff", vm -> vm.powerState() == PowerState.PoweringOff);
        gateway.insertMedia(ALPHA.id(), new MediaInsert(ISO, true));
        gateway.setBootOverride(ALPHA.id(), new BootOverride(BootSource.Cd, BootOverrideEnabled.Once, BootMode.UEFI));
        gateway.power(ALPHA.id(), PowerAction.START_AFTER_STOP);
        VirtualMachine on = await(ALPHA.id(), "On from the CD", vm -> {
            assertNotEquals(PowerState.Off, vm.powerState(), "a held power-on never reads Off: " + vm);
            boolean newInstance = vm.instanceId() != null && !vm.instanceId().equals(first);
            assertFalse(newInstance && vm.media().phase() != MediaState.Phase.READY,
                    "an instance booted before its media was ready: " + vm);
            return vm.powerState() == PowerState.On && newInstance;
        });
        assertEquals(BootSource.Cd, on.instanceBootDevice());
    }

    /**
     * S4: an importer that fails (CDI keeps the DataVolume importing with Running=False reason Error and restarts
     * it; KubeVirt shows DataVolumeError) reads FAILED with its message, drops the held power-on, leaves the VM Off,
     * and a later power-on is refused until the media is inserted again or ejected.
     */
    @Test
    void aFailingImportReadsFailedAndDropsTheHeldPowerOn() {
        gateway.insertMedia(ALPHA.id(), new MediaInsert(FAILING_ISO, true));
        gateway.power(ALPHA.id(), PowerAction.START);
        assertEquals(PowerState.PoweringOn, powerState(ALPHA.id()), "held while the image imports");
        VirtualMachine failed = await(ALPHA.id(), "FAILED, shown as DataVolumeError",
                vm -> vm.media().phase() == MediaState.Phase.FAILED && "DataVolumeError".equals(vm.status()));
        assertEquals(PowerState.Off, failed.powerState());
        assertNull(failed.instanceId());
        assertNotNull(failed.media().message());
        assertFalse(failed.media().message().isBlank());
        assertThrows(GatewayException.Conflict.class, () -> gateway.power(ALPHA.id(), PowerAction.START));
        gateway.power(ALPHA.id(), PowerAction.STOP);
        assertEquals(PowerState.Off, powerState(ALPHA.id()));
    }
}
