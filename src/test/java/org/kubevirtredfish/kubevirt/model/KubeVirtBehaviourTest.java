package org.kubevirtredfish.kubevirt.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Timings, the start sequence, guest reboots, admission and live updates of the KubeVirt v1.9.0 model. */
class KubeVirtBehaviourTest {

    @Test
    void aGracefulStopLastsUpToTheGracePeriodAForcedOneOnlyThePodTeardown() {
        KubeVirtTimings upstream = KubeVirtTimings.upstream();
        assertEquals(Duration.ofSeconds(32), upstream.stop(null));
        assertEquals(Duration.ofSeconds(2), upstream.stop(0L));
        assertEquals(Duration.ofSeconds(3), upstream.stop(1L)); // a forced restart's 1 s grace period
        KubeVirtTimings quickGuest = new KubeVirtTimings(Duration.ofSeconds(3), Duration.ofSeconds(1), Duration.ofMillis(100));
        assertEquals(Duration.ofSeconds(4), quickGuest.stop(30L));
        assertEquals(Duration.ofSeconds(1), quickGuest.stop(0L));
    }

    @Test
    void aStartReadsStartingThroughEveryPhaseThenRunning() {
        VmView vm = VmView.of("vm", RunStrategy.Always);
        assertEquals(PrintableStatus.Starting, PrintableStatusRules.of(StartSequence.creating(vm)));
        for (VmiPhase phase : StartSequence.PHASES) {
            PrintableStatus expected = phase == VmiPhase.Running ? PrintableStatus.Running : PrintableStatus.Starting;
            assertEquals(expected, PrintableStatusRules.of(StartSequence.at(vm, "u", phase)), phase.name());
        }
    }

    @Test
    void aVmiWaitsInPendingForAnImportingDataVolume() {
        DataVolumeView importing = new DataVolumeView("media", "ImportInProgress");
        VmView vm = VmView.of("vm", RunStrategy.Always).withDataVolumes(importing);
        assertFalse(StartSequence.podCanStart(vm));
        assertEquals(PrintableStatus.Provisioning, PrintableStatusRules.of(StartSequence.at(vm, "u", VmiPhase.Pending)));
        assertTrue(StartSequence.podCanStart(vm.withDataVolumes(new DataVolumeView("media", "Succeeded"))));
    }

    @ParameterizedTest(name = "rebootPolicy {0}, runStrategy {1} -> {2}")
    @CsvSource(nullValues = "null", value = {
            "null, Always, SAME_INSTANCE",
            "Reboot, Always, SAME_INSTANCE",
            "null, Manual, SAME_INSTANCE",
            "Terminate, Always, NEW_INSTANCE",
            "Terminate, RerunOnFailure, STOPPED",
            "Terminate, Manual, STOPPED",
            "Terminate, Once, STOPPED"})
    void guestReboot(String policy, RunStrategy strategy, GuestReboot.Outcome outcome) {
        assertEquals(outcome, GuestReboot.of(policy, strategy));
    }

    private static Admission.VmSpec spec(String runStrategy, Boolean running, String arch, Admission.Disk... disks) {
        return new Admission.VmSpec(runStrategy, running, arch, List.of(disks), List.of());
    }

    @Test
    void admissionRules() {
        Admission.Disk root = new Admission.Disk("rootdisk", "disk", "virtio", 1);
        assertEquals(List.of(), Admission.validate(spec("Halted", null, "amd64", root,
                new Admission.Disk("media", "cdrom", "sata", 2))));
        List<Admission.Cause> duplicate = Admission.validate(spec("Halted", null, "amd64", root,
                new Admission.Disk("media", "cdrom", "sata", 1)));
        assertEquals("Boot order for spec.template.spec.domain.devices.disks[1].bootOrder already set for a different device.",
                duplicate.get(0).message());
        assertEquals("spec.template.spec.domain.devices.disks[0] must have a boot order > 0, if supplied",
                Admission.validate(spec("Halted", null, "amd64", new Admission.Disk("rootdisk", "disk", "virtio", 0)))
                        .get(0).message());
        assertEquals("Arm64 not support this disk bus type, please use virtio or scsi",
                Admission.validate(spec("Halted", null, "arm64", root, new Admission.Disk("media", "cdrom", "sata", 2)))
                        .get(0).message());
        assertEquals(List.of(), Admission.validate(spec("Halted", null, "arm64", root,
                new Admission.Disk("media", "cdrom", "scsi", 2))));
        assertEquals("Bus type virtio is invalid for CD-ROM device", Admission.validate(spec("Halted", null, "arm64",
                root, new Admission.Disk("media", "cdrom", "virtio", 2))).get(0).message());
        List<Admission.Cause> both = Admission.validate(spec("Always", true, "amd64", root));
        assertEquals("admission webhook \"virtualmachine-validator.kubevirt.io\" denied the request: Running and "
                + "RunStrategy are mutually exclusive. Note that Running is deprecated, please use RunStrategy instead",
                Admission.deniedMessage(both));
    }

    @Test
    void addingACdromToARunningVmRequiresARestartAndCannotBeHotplugged() {
        Admission.Disk root = new Admission.Disk("rootdisk", "disk", "virtio", 1);
        Admission.Disk cd = new Admission.Disk("media", "cdrom", "sata", 2);
        LiveUpdate.Template before = new LiveUpdate.Template(List.of(root), Map.of("rootdisk", "dv:root"), Set.of());
        LiveUpdate.Template withCd = new LiveUpdate.Template(List.of(root, cd),
                Map.of("rootdisk", "dv:root", "media", "dv:media"), Set.of());
        assertTrue(LiveUpdate.restartRequired(before, withCd));
        assertTrue(LiveUpdate.restartRequired(withCd, before));
        LiveUpdate.Template reordered = new LiveUpdate.Template(List.of(new Admission.Disk("rootdisk", "disk", "virtio", 2)),
                Map.of("rootdisk", "dv:root"), Set.of());
        assertTrue(LiveUpdate.restartRequired(before, reordered), "a bootOrder change is not live-updatable");
        assertFalse(LiveUpdate.restartRequired(before, before));
        LiveUpdate.Template hotplugged = new LiveUpdate.Template(List.of(root, new Admission.Disk("data", "disk", "scsi", null)),
                Map.of("rootdisk", "dv:root", "data", "dv:data"), Set.of("data"));
        assertFalse(LiveUpdate.restartRequired(before, hotplugged));
        assertEquals("Hotplug configuration for [media] requires diskDevice of type 'disk' or 'lun' to be used.",
                LiveUpdate.hotplugDiskCauses(cd).get(0).message());
        assertEquals(List.of(), LiveUpdate.hotplugDiskCauses(new Admission.Disk("data", "disk", "scsi", null)));
        assertEquals("a non-live-updatable field was changed in the template spec", LiveUpdate.condition().message());
    }
}
