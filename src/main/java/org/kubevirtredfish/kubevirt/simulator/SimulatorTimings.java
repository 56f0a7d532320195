package org.kubevirtredfish.kubevirt.simulator;

import java.time.Duration;
import org.kubevirtredfish.kubevirt.model.KubeVirtTimings;

/**
 * How long the simulated cluster takes: KubeVirt's transitions ({@link KubeVirtTimings}: the guest's shutdown within
 * its grace period, the launcher pod's teardown, the steps of a start) and one CDI import.
 *
 * @param kubevirt   stops and starts; a graceful stop lasts the guest's shutdown plus the pod teardown, a forced one
 *                   (grace period 0) the teardown only, a forced restart (grace period 1 s) at most a second more
 * @param importTime from a DataVolume's creation to its phase Succeeded, or to its importer's first failure
 */
public record SimulatorTimings(KubeVirtTimings kubevirt, Duration importTime) {

    /**
     * A start in {@code transition} (three status steps), a guest that shuts down in {@code transition}, a pod teardown
     * of a fifth of it.
     */
    public static SimulatorTimings of(Duration transition, Duration importTime) {
        return new SimulatorTimings(new KubeVirtTimings(transition, transition.dividedBy(5), transition.dividedBy(3)),
                importTime);
    }

    /** Until the instance is gone after a stop with this grace period (null: the VMI's default). */
    Duration stop(Long gracePeriodSeconds) {
        return kubevirt.stop(gracePeriodSeconds);
    }
}
