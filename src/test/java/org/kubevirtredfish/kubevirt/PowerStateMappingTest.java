package org.kubevirtredfish.kubevirt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kubevirtredfish.kubevirt.PowerState;

/** One case per row of the table documented on {@link PowerStateMapper}. */
class PowerStateMappingTest {

    private static PowerStateMapper.Instance vmi(String phase) {
        return phase == null ? null : new PowerStateMapper.Instance(phase, false, false);
    }

    /** A VM set to run (runStrategy Always): the printableStatus table applies; with no VMI at all it is about to start. */
    @ParameterizedTest(name = "{0} (VMI {1}) -> {2}")
    @CsvSource(nullValues = "-", value = {
        "Stopped, -, PoweringOn",
        "Stopped, Succeeded, Off",
        "Provisioning, -, PoweringOn",
        "Starting, Scheduling, PoweringOn",
        "WaitingForVolumeBinding, -, PoweringOn",
        "WaitingForReceiver, -, PoweringOn",
        "ErrorUnschedulable, Pending, PoweringOn",
        "ErrImagePull, Scheduled, PoweringOn",
        "ImagePullBackOff, Scheduled, PoweringOn",
        "ErrorPvcNotFound, -, PoweringOn",
        "DataVolumeError, -, PoweringOn",
        "CrashLoopBackOff, -, PoweringOn",
        "Running, Running, On",
        "Migrating, Running, On",
        "Paused, Running, Paused",
        "Stopping, Running, PoweringOff",
        "Terminating, Running, PoweringOff",
        "Unknown, -, PoweringOn",
        "Unknown, Running, On",
        "Unknown, Scheduling, PoweringOn",
        "-, -, PoweringOn",
        "-, Failed, Off",
        "SomethingNew, Running, On",
    })
    void mapsPrintableStatus(String printableStatus, String vmiPhase, PowerState expected) {
        assertEquals(expected, PowerStateMapper.map(printableStatus, true, vmi(vmiPhase), false));
    }

    @Test
    void everyDocumentedPrintableStatusHasARow() {
        Set<String> documented = Set.of("Stopped", "Provisioning", "Starting", "Running", "Paused", "Stopping",
                "Terminating", "CrashLoopBackOff", "Migrating", "ErrorUnschedulable", "ErrImagePull",
                "ImagePullBackOff", "ErrorPvcNotFound", "DataVolumeError", "WaitingForVolumeBinding",
                "WaitingForReceiver");
        assertEquals(documented, PowerStateMapper.TABLE.keySet().stream().collect(Collectors.toSet()));
    }

    @Test
    void aPausedInstanceIsPausedEvenBeforeTheVmStatusSaysSo() {
        assertEquals(PowerState.Paused, PowerStateMapper.map("Running", true,
                new PowerStateMapper.Instance("Running", false, true), false));
    }

    @ParameterizedTest
    @CsvSource({"Stopped, PoweringOn", "Stopping, PoweringOn", "Running, On", "Starting, PoweringOn"})
    void aPowerOnHeldForMediaReadsPoweringOn(String printableStatus, PowerState expected) {
        assertEquals(expected, PowerStateMapper.map(printableStatus, true, null, true));
    }

    /**
     * S1: no live instance and not set to run is Off whatever KubeVirt prints (it prints Provisioning,
     * WaitingForVolumeBinding or DataVolumeError for a stopped VM whose DataVolume imports or fails), unless a
     * power-on of ours is held.
     */
    @ParameterizedTest(name = "{0}, VMI {1}, held {2} -> {3}")
    @CsvSource(nullValues = "-", value = {
        "Provisioning, -, false, Off",
        "DataVolumeError, -, false, Off",
        "WaitingForVolumeBinding, -, false, Off",
        "ErrorPvcNotFound, -, false, Off",
        "Stopping, -, false, Off",
        "Running, Succeeded, false, Off",
        "Stopping, Failed, false, Off",
        "Provisioning, -, true, PoweringOn",
        "DataVolumeError, Succeeded, true, PoweringOn",
    })
    void aVmNotSetToRunWithoutALiveInstanceIsOff(String printableStatus, String vmiPhase, boolean held,
            PowerState expected) {
        assertEquals(expected, PowerStateMapper.map(printableStatus, false, vmi(vmiPhase), held));
    }

    /** A VM set to run whose instance ended (final phase) still follows the table: it is being restarted. */
    @Test
    void aVmSetToRunFollowsTheTableWithoutALiveInstance() {
        assertEquals(PowerState.PoweringOn, PowerStateMapper.map("Provisioning", true, null, false));
        assertEquals(PowerState.PoweringOn, PowerStateMapper.map("Starting", true, vmi("Succeeded"), false));
    }

    /** KubeVirt v1.9.0 vm.go isVirtualMachineStatusStopping: a live VMI marked for deletion is Stopping. */
    @ParameterizedTest
    @CsvSource({"Running, true", "Running, false", "Paused, false"})
    void aLiveInstanceBeingDeletedIsPoweringOffBeforeTheVmStatusSaysSo(String printableStatus, boolean setToRun) {
        assertEquals(PowerState.PoweringOff, PowerStateMapper.map(printableStatus, setToRun,
                new PowerStateMapper.Instance("Running", true, "Paused".equals(printableStatus)), false));
        assertEquals(PowerState.PoweringOn, PowerStateMapper.map(printableStatus, setToRun,
                new PowerStateMapper.Instance("Running", true, false), true), "a held power-on reads PoweringOn");
    }
}
