package org.kubevirtredfish.kubevirt.model;

import java.util.List;

/**
 * The status updates a start makes, each a separate write (new resourceVersion) of the VM or VMI status:
 * virt-controller creates the VMI (KubeVirt v1.9.0 pkg/virt-controller/watch/vm/vm.go, startVMI), the VMI
 * controller creates the launcher pod once its DataVolumes are ready (pkg/virt-controller/watch/vmi/lifecycle.go,
 * areDataVolumesReady) and moves the phase Pending → Scheduling → Scheduled, virt-handler moves it to Running; after
 * each VMI change the VM controller rewrites the VM's printableStatus ({@link PrintableStatusRules}).
 */
public final class StartSequence {

    /** The VMI phases of a start, in order; {@code null} first stands for "VMI being created" (startExpected). */
    public static final List<VmiPhase> PHASES = List.of(VmiPhase.Pending, VmiPhase.Scheduling, VmiPhase.Scheduled,
            VmiPhase.Running);

    private StartSequence() {
    }

    /** The VM as it reads while virt-controller creates its VMI. */
    public static VmView creating(VmView vm) {
        return vm.withVmi(null).withStartExpected(true);
    }

    /**
     * The VM after the VMI with this uid reached this phase of {@link #PHASES}; a VMI waiting for its DataVolumes
     * stays Pending ({@link DataVolumeRules#readyForPod}).
     */
    public static VmView at(VmView vm, String vmiUid, VmiPhase phase) {
        return vm.withStartExpected(false).withVmi(VmiView.of(vmiUid, phase));
    }

    /** Whether the VMI can leave Pending: every referenced DataVolume is ready for the pod. */
    public static boolean podCanStart(VmView vm) {
        return vm.dataVolumes().stream().allMatch(DataVolumeRules::readyForPod);
    }
}
