package org.kubevirtredfish.kubevirt.simulator;

import org.kubevirtredfish.kubevirt.PowerState;
import org.kubevirtredfish.kubevirt.PowerStateMapper;
import org.kubevirtredfish.kubevirt.model.PrintableStatus;
import org.kubevirtredfish.kubevirt.model.PrintableStatusRules;
import org.kubevirtredfish.kubevirt.model.RunStrategy;

/** A simulated VM's printableStatus, as virt-controller computes it, and its Redfish PowerState (S1). */
final class VmStatus {

    private VmStatus() {
    }

    /** KubeVirt v1.9.0 pkg/virt-controller/watch/vm/vm.go, setPrintableStatus ({@link PrintableStatusRules}). */
    static PrintableStatus printableStatus(SimulatedVm vm) {
        return PrintableStatusRules.of(vm.view());
    }

    /** S1-S3 exactly as the fabric8 gateway reads them: the shared {@link PowerStateMapper}. */
    static PowerState powerState(SimulatedVm vm) {
        SimulatedInstance live = vm.liveInstance();
        PowerStateMapper.Instance instance = live == null ? null
                : new PowerStateMapper.Instance(live.phase.name(), live.deleting, live.paused);
        return PowerStateMapper.map(printableStatus(vm).name(), setToRun(vm.runStrategy), instance, vm.heldStart);
    }

    /** Set to run as S1 counts it: Always, RerunOnFailure and Once (spec.running true is Always). */
    static boolean setToRun(RunStrategy strategy) {
        return strategy == RunStrategy.Always || strategy == RunStrategy.RerunOnFailure || strategy == RunStrategy.Once;
    }
}
