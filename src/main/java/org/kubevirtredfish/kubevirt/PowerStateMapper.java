package org.kubevirtredfish.kubevirt;

import java.util.Map;

/**
 * KubeVirt's {@code status.printableStatus} to the five Redfish power states. Ironic only understands
 * On/PoweringOn and Off/PoweringOff, so every state of a VM that was asked to run but does not run yet
 * (scheduling, pulling, waiting for or failing on volumes, crash-looping) is PoweringOn, never On: a
 * deployment must not proceed as if the machine were up.
 *
 * <table>
 * <caption>printableStatus → PowerState</caption>
 * <tr><th>printableStatus</th><th>PowerState</th></tr>
 * <tr><td>Stopped</td><td>Off</td></tr>
 * <tr><td>Provisioning, Starting, WaitingForVolumeBinding, WaitingForReceiver, ErrorUnschedulable,
 *     ErrImagePull, ImagePullBackOff, ErrorPvcNotFound, DataVolumeError, CrashLoopBackOff</td>
 *     <td>PoweringOn</td></tr>
 * <tr><td>Running, Migrating</td><td>On</td></tr>
 * <tr><td>Paused</td><td>Paused</td></tr>
 * <tr><td>Stopping, Terminating</td><td>PoweringOff</td></tr>
 * <tr><td>Unknown, absent or unrecognised</td><td>from the VMI: none → Off; phase Running → On;
 *     any other phase → PoweringOn</td></tr>
 * </table>
 * Refinements that win over the table, in this order:
 * <ol>
 * <li>S1: a VM with no live instance (no VMI, or a VMI in a final phase Succeeded/Failed) that is not set to run
 *     (runStrategy Halted or Manual, or {@code spec.running: false}) is Off whatever its printableStatus: KubeVirt
 *     shows Provisioning, WaitingForVolumeBinding or DataVolumeError on a stopped VM whose DataVolume imports or
 *     fails, since those checks precede Stopped in its chain (KubeVirt v1.9.0
 *     pkg/virt-controller/watch/vm/vm.go, setPrintableStatus; isVirtualMachineStatusProvisioning does not look at
 *     the run strategy);</li>
 * <li>a live VMI with a deletionTimestamp is PoweringOff even while the VM status still lags (KubeVirt v1.9.0
 *     vm.go, isVirtualMachineStatusStopping: {@code !vmi.IsFinal() && vmi.IsMarkedForDeletion()});</li>
 * <li>a VMI whose {@code Paused} condition is True is Paused (the VM status lags the VMI);</li>
 * <li>a VM set to run that has no VMI at all reads PoweringOn while its printableStatus still says Stopped or
 *     Unknown: virt-controller is about to create the instance;</li>
 * <li>a power-on of ours that is held (for a media import or for the old instance to go) reads PoweringOn while
 *     the VM would read Off or PoweringOff.</li>
 * </ol>
 * Shared by every backend, so the simulator and the fabric8 gateway read the same KubeVirt state the same way.
 */
public final class PowerStateMapper {

    /** What the gateway sees of the VM's instance (VMI). */
    public record Instance(String phase, boolean deleting, boolean paused) {

        /** KubeVirt v1.9.0 staging/src/kubevirt.io/api/core/v1/types.go, VirtualMachineInstance.IsFinal. */
        public boolean isFinal() {
            return "Succeeded".equals(phase) || "Failed".equals(phase);
        }
    }

    static final Map<String, PowerState> TABLE = Map.ofEntries(
            Map.entry("Stopped", PowerState.Off),
            Map.entry("Provisioning", PowerState.PoweringOn),
            Map.entry("Starting", PowerState.PoweringOn),
            Map.entry("WaitingForVolumeBinding", PowerState.PoweringOn),
            Map.entry("WaitingForReceiver", PowerState.PoweringOn),
            Map.entry("ErrorUnschedulable", PowerState.PoweringOn),
            Map.entry("ErrImagePull", PowerState.PoweringOn),
            Map.entry("ImagePullBackOff", PowerState.PoweringOn),
            Map.entry("ErrorPvcNotFound", PowerState.PoweringOn),
            Map.entry("DataVolumeError", PowerState.PoweringOn),
            Map.entry("CrashLoopBackOff", PowerState.PoweringOn),
            Map.entry("Running", PowerState.On),
            Map.entry("Migrating", PowerState.On),
            Map.entry("Paused", PowerState.Paused),
            Map.entry("Stopping", PowerState.PoweringOff),
            Map.entry("Terminating", PowerState.PoweringOff));

    private PowerStateMapper() {
    }

    /**
     * @param printableStatus the VM's status.printableStatus, may be null
     * @param setToRun        the VM's run strategy asks for an instance (Always, RerunOnFailure, Once)
     * @param vmi             the VMI, or null when there is none
     * @param startPending    a power-on of ours is held
     */
    public static PowerState map(String printableStatus, boolean setToRun, Instance vmi, boolean startPending) {
        PowerState state = fromVm(printableStatus, setToRun, vmi);
        if (startPending && (state == PowerState.Off || state == PowerState.PoweringOff)) {
            return PowerState.PoweringOn;
        }
        return state;
    }

    private static PowerState fromVm(String printableStatus, boolean setToRun, Instance vmi) {
        boolean live = vmi != null && !vmi.isFinal();
        if (!live && !setToRun) {
            return PowerState.Off;
        }
        if (live && vmi.deleting()) {
            return PowerState.PoweringOff;
        }
        if (live && vmi.paused()) {
            return PowerState.Paused;
        }
        if (vmi == null && (printableStatus == null || "Stopped".equals(printableStatus)
                || "Unknown".equals(printableStatus))) {
            // set to run with no instance yet: virt-api has just flipped the run strategy and virt-controller has not
            // created the VMI or printed Starting yet (KubeVirt v1.9.0 pkg/virt-controller/watch/vm/vm.go,
            // syncRunStrategy creates it; setPrintableStatus follows). Reading Off here would let a stop be skipped
            // while the VM is about to boot.
            return PowerState.PoweringOn;
        }
        PowerState state = printableStatus == null ? null : TABLE.get(printableStatus);
        if (state != null) {
            return state;
        }
        return !live ? PowerState.Off : "Running".equals(vmi.phase()) ? PowerState.On : PowerState.PoweringOn;
    }
}
