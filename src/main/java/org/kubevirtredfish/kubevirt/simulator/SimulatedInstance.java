package org.kubevirtredfish.kubevirt.simulator;

import java.util.List;
import java.util.UUID;
import org.kubevirtredfish.kubevirt.BootMode;
import org.kubevirtredfish.kubevirt.BootSource;
import org.kubevirtredfish.kubevirt.model.Condition;
import org.kubevirtredfish.kubevirt.model.KubeVirtTimings;
import org.kubevirtredfish.kubevirt.model.VmiPhase;
import org.kubevirtredfish.kubevirt.model.VmiView;

/**
 * One VirtualMachineInstance: a new uid per boot, its phase, its grace period, whether it is marked for deletion
 * (the VM is stopping it) and paused. Guarded by the lock of {@link SimulatedKubeVirt}.
 */
final class SimulatedInstance {

    final String uid = UUID.randomUUID().toString();
    final BootSource bootDevice;
    final BootMode mode;
    /** The instance's firmware has UEFI secure boot (its VM's setting when it was created). */
    final boolean secureBoot;
    VmiPhase phase = VmiPhase.Pending;
    Long gracePeriodSeconds = KubeVirtTimings.DEFAULT_GRACE_PERIOD_SECONDS;
    /** metadata.deletionTimestamp is set: the guest shuts down within the grace period, then the VMI is gone. */
    boolean deleting;
    /** When the deletion completes ({@link System#nanoTime()}); a shorter grace period brings it forward. */
    long deletionDue;
    /** The grace period the deletion was last scheduled with. */
    Long deletionGrace;
    boolean paused;
    /** A step of the start (Pending, Scheduling, Scheduled, Running) is scheduled. */
    boolean stepScheduled;

    SimulatedInstance(BootSource bootDevice, BootMode mode, boolean secureBoot) {
        this.bootDevice = bootDevice;
        this.mode = mode;
        this.secureBoot = secureBoot;
    }

    /** Not Succeeded or Failed (KubeVirt v1.9.0 types.go, VirtualMachineInstance.IsFinal). */
    boolean live() {
        return !phase.isFinal();
    }

    VmiView view() {
        return new VmiView(uid, phase, deleting, false, paused ? List.of(Condition.isTrue("Paused")) : List.of(),
                gracePeriodSeconds);
    }
}
