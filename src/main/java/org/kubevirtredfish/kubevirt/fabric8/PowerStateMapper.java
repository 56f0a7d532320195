package org.kubevirtredfish.kubevirt.fabric8;

import java.util.Map;
import org.kubevirtredfish.kubevirt.PowerState;

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
 * Two refinements win over the table: a VMI whose {@code Paused} condition is True is Paused (the VM status
 * lags the VMI), and a power-on held for a virtual media import reports PoweringOn while the VM is Off or
 * PoweringOff.
 */
final class PowerStateMapper {

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
     * @param vmiPhase        the VMI's status.phase, or null when there is no VMI
     * @param vmiPaused       the VMI has condition Paused=True
     * @param startPending    a power-on is held until the virtual media is imported
     */
    static PowerState map(String printableStatus, String vmiPhase, boolean vmiPaused, boolean startPending) {
        PowerState state = vmiPaused ? PowerState.Paused : printableStatus == null ? null : TABLE.get(printableStatus);
        if (state == null) {
            state = vmiPhase == null ? PowerState.Off
                    : "Running".equals(vmiPhase) ? PowerState.On : PowerState.PoweringOn;
        }
        if (startPending && (state == PowerState.Off || state == PowerState.PoweringOff)) {
            return PowerState.PoweringOn;
        }
        return state;
    }
}
