package org.kubevirtredfish.kubevirt.simulator;

import java.util.Map;
import org.kubevirtredfish.kubevirt.PowerState;

/** A simulated VM's printableStatus, computed as virt-controller does, and its Redfish PowerState (S1). */
final class VmStatus {

    /**
     * The printableStatus values the simulator produces, mapped as the fabric8 gateway's PowerStateMapper maps them
     * once S1 has decided that the VM is not simply Off.
     */
    private static final Map<String, PowerState> POWER = Map.of(
            "Stopped", PowerState.Off,
            "Provisioning", PowerState.PoweringOn,
            "DataVolumeError", PowerState.PoweringOn,
            "Starting", PowerState.PoweringOn,
            "Running", PowerState.On,
            "Paused", PowerState.Paused,
            "Stopping", PowerState.PoweringOff);

    private VmStatus() {
    }

    /**
     * First match wins, in KubeVirt v1.9.0's order (pkg/virt-controller/watch/vm/vm.go, setPrintableStatus), over
     * the conditions the simulator can produce: Stopping (a live VMI marked for deletion), Paused and Running (VMI
     * phase Running with or without condition Paused), DataVolumeError and Provisioning (the media DataVolume, even
     * on a stopped VM: pkg/storage/types/dv.go), Starting (VMI not yet Running), Stopped (no VMI or a final one).
     * Terminating (VM deletion), Migrating and the scheduling/image/PVC errors never occur here.
     */
    static String printableStatus(SimulatedVm vm) {
        SimulatedInstance vmi = vm.liveInstance();
        SimulatedDataVolume dv = vm.dataVolume;
        if (vmi != null && vmi.markedForDeletion) {
            return "Stopping";
        }
        if (vmi != null && vmi.phase == SimulatedInstance.Phase.Running) {
            return vmi.paused ? "Paused" : "Running";
        }
        if (dv != null && dv.hasError()) {
            return "DataVolumeError";
        }
        if (dv != null && dv.provisioning()) {
            return "Provisioning";
        }
        if (vmi != null) {
            return "Starting";
        }
        return "Stopped";
    }

    /**
     * S1: a VM with no live VMI that is not set to run reads Off whatever its printableStatus (KubeVirt shows
     * Provisioning or DataVolumeError on a stopped VM whose media imports or fails), PoweringOn while a power-on of
     * ours is held. Otherwise the printableStatus decides, and a held power-on turns Off/PoweringOff into PoweringOn.
     */
    static PowerState powerState(SimulatedVm vm) {
        boolean setToRun = RunStrategy.setToRun(vm.effectiveRunStrategy());
        PowerState state = vm.liveInstance() == null && !setToRun ? PowerState.Off
                : POWER.getOrDefault(printableStatus(vm), PowerState.Off);
        if (vm.heldStart && (state == PowerState.Off || state == PowerState.PoweringOff)) {
            return PowerState.PoweringOn;
        }
        return state;
    }
}
