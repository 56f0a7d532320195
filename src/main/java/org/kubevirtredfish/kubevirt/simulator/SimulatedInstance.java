package org.kubevirtredfish.kubevirt.simulator;

import java.util.UUID;
import org.kubevirtredfish.kubevirt.BootSource;

/**
 * One VirtualMachineInstance: a new uid per boot, its phase, whether it is marked for deletion (the VM is stopping
 * it) and paused. Guarded by the lock of {@link SimulatedKubeVirt}.
 */
final class SimulatedInstance {

    /** The VMI phases the simulator goes through (KubeVirt v1.9.0 types.go, VirtualMachineInstancePhase). */
    enum Phase { Scheduling, Running, Succeeded, Failed }

    final String uid = UUID.randomUUID().toString();
    final BootSource bootDevice;
    Phase phase = Phase.Scheduling;
    /** metadata.deletionTimestamp is set: the guest shuts down within the grace period, then the VMI is gone. */
    boolean markedForDeletion;
    /** When the deletion completes ({@link System#nanoTime()}); a shorter grace period brings it forward. */
    long deletionDue;
    /** The deletion runs with a forced (0 or 1 s) grace period. */
    boolean forcedGrace;
    /** Condition Paused=True. */
    boolean paused;

    SimulatedInstance(BootSource bootDevice) {
        this.bootDevice = bootDevice;
    }

    /** KubeVirt v1.9.0 types.go, VirtualMachineInstance.IsFinal. */
    boolean isFinal() {
        return phase == Phase.Succeeded || phase == Phase.Failed;
    }

    /** A VMI that is not final: the VM has an instance. */
    boolean live() {
        return !isFinal();
    }

    /** Live and being deleted: the old instance of a stop or restart that is still going away. */
    boolean terminating() {
        return live() && markedForDeletion;
    }
}
