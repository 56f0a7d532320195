package org.kubevirtredfish.kubevirt.fabric8;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kubevirtredfish.kubevirt.PowerState;

/** One case per row of the table documented on {@link PowerStateMapper}. */
class PowerStateMappingTest {

    @ParameterizedTest(name = "{0} (VMI {1}) -> {2}")
    @CsvSource(nullValues = "-", value = {
        "Stopped, -, Off",
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
        "Unknown, -, Off",
        "Unknown, Running, On",
        "Unknown, Scheduling, PoweringOn",
        "-, -, Off",
        "SomethingNew, Running, On",
    })
    void mapsPrintableStatus(String printableStatus, String vmiPhase, PowerState expected) {
        assertEquals(expected, PowerStateMapper.map(printableStatus, vmiPhase, false, false));
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
        assertEquals(PowerState.Paused, PowerStateMapper.map("Running", "Running", true, false));
    }

    @ParameterizedTest
    @CsvSource({"Stopped, PoweringOn", "Stopping, PoweringOn", "Running, On", "Starting, PoweringOn"})
    void aPowerOnHeldForMediaReadsPoweringOn(String printableStatus, PowerState expected) {
        assertEquals(expected, PowerStateMapper.map(printableStatus, null, false, true));
    }
}
