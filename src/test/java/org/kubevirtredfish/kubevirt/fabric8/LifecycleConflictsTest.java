package org.kubevirtredfish.kubevirt.fabric8;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * virt-api's 409 reasons as it words them (KubeVirt v1.9.0 pkg/virt-api/rest/lifecycle.go), wrapped the way
 * errors.NewConflict words every conflict: {@code Operation cannot be fulfilled on virtualmachine.kubevirt.io "alpha":
 * <reason>}.
 */
class LifecycleConflictsTest {

    private static String conflict(String reason) {
        return "Operation cannot be fulfilled on virtualmachine.kubevirt.io \"alpha\": " + reason;
    }

    @ParameterizedTest(name = "start: {0} (Once has run: {1}) -> already starting {2}")
    @CsvSource(delimiter = '|', value = {
        "VM is already running | false | true",
        "Always does not support manual start requests | false | true",
        "Once does not support manual start requests | false | true",
        "Once does not support manual start requests | true | false",
        "RerunOnFailure does not support starting VM from failed state | false | false",
        "VM recovery required: Volume migration failed, leaving some volumes pointing to non-consistent targets | false | false",
    })
    void start(String reason, boolean onceHasRun, boolean expected) {
        assertEquals(expected, LifecycleConflicts.startMeansAlreadyStarting(conflict(reason), onceHasRun));
    }

    @ParameterizedTest(name = "stop: {0} -> not running {1}, stopping already {2}")
    @CsvSource(delimiter = '|', value = {
        "VM is not running | true | false",
        "Halted only supports manual stop requests with a shorter graceperiod | false | true",
        "Operation cannot be fulfilled: the object has been modified | false | false",
    })
    void stop(String reason, boolean notRunning, boolean shorterGrace) {
        assertEquals(notRunning, LifecycleConflicts.stopMeansNotRunning(conflict(reason)));
        assertEquals(shorterGrace, LifecycleConflicts.stopNeedsShorterGracePeriod(conflict(reason)));
    }

    @ParameterizedTest(name = "restart: {0} -> refused for the run strategy {1}, not running {2}")
    @CsvSource(delimiter = '|', value = {
        "RunStategy Halted does not support manual restart requests | true | false",
        "RunStategy Once does not support manual restart requests | true | false",
        "VM is not running: Halted | false | true",
    })
    void restart(String reason, boolean refused, boolean notRunning) {
        assertEquals(refused, LifecycleConflicts.restartRefusedForRunStrategy(conflict(reason)));
        assertEquals(notRunning, LifecycleConflicts.restartMeansNotRunning(conflict(reason)));
    }
}
