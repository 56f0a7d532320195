package org.kubevirtredfish.kubevirt.simulator;

import java.util.Map;
import org.kubevirtredfish.kubevirt.PowerState;
import org.kubevirtredfish.kubevirt.model.PrintableStatus;
import org.kubevirtredfish.kubevirt.model.PrintableStatusRules;
import org.kubevirtredfish.kubevirt.model.RunStrategy;

/** A simulated VM's printableStatus, as virt-controller computes it, and its Redfish PowerState (S1). */
final class VmStatus {

    /**
     * The printableStatus values the simulator can produce, mapped as the fabric8 gateway's PowerStateMapper maps
     * them once S1 has decided that the VM is not simply Off.
     */
    private static final Map<PrintableStatus, PowerState> POWER = Map.of(
            PrintableStatus.Stopped, PowerState.Off,
            PrintableStatus.Provisioning, PowerState.PoweringOn,
            PrintableStatus.DataVolumeError, PowerState.PoweringOn,
            PrintableStatus.Starting, PowerState.PoweringOn,
            PrintableStatus.Running, PowerState.On,
            PrintableStatus.Paused, PowerState.Paused,
            PrintableStatus.Stopping, PowerState.PoweringOff);

    private VmStatus() {
    }

    /** KubeVirt v1.9.0 pkg/virt-controller/watch/vm/vm.go, setPrintableStatus ({@link PrintableStatusRules}). */
    static PrintableStatus printableStatus(SimulatedVm vm) {
        return PrintableStatusRules.of(vm.view());
    }

    /**
     * S1: a VM with no live VMI that is not set to run (Halted, Manual) reads Off whatever its printableStatus
     * (KubeVirt shows Provisioning or DataVolumeError on a stopped VM whose media imports or fails), PoweringOn while
     * a power-on of ours is held. Otherwise the printableStatus decides, and a held power-on turns Off/PoweringOff
     * into PoweringOn.
     */
    static PowerState powerState(SimulatedVm vm) {
        PowerState state = vm.liveInstance() == null && !setToRun(vm.runStrategy) ? PowerState.Off
                : POWER.getOrDefault(printableStatus(vm), PowerState.Off);
        if (vm.heldStart && (state == PowerState.Off || state == PowerState.PoweringOff)) {
            return PowerState.PoweringOn;
        }
        return state;
    }

    /** Set to run as S1 counts it: Always, RerunOnFailure and Once (spec.running true is Always). */
    static boolean setToRun(RunStrategy strategy) {
        return strategy == RunStrategy.Always || strategy == RunStrategy.RerunOnFailure || strategy == RunStrategy.Once;
    }
}
