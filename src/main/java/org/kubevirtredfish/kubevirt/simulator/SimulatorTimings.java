package org.kubevirtredfish.kubevirt.simulator;

import java.time.Duration;

/**
 * How long the simulated cluster takes.
 *
 * @param start        from a new instance (VMI Scheduling) to its phase Running
 * @param gracefulStop from a graceful stop to the instance's removal: the guest's ACPI shutdown within the
 *                     termination grace period
 * @param forcedStop   from a forced stop (grace period 0; a forced restart uses 1 s) to the instance's removal
 * @param importTime   from a DataVolume's creation to its phase Succeeded, or to its importer's first failure
 */
public record SimulatorTimings(Duration start, Duration gracefulStop, Duration forcedStop, Duration importTime) {

    public SimulatorTimings {
        if (gracefulStop.compareTo(forcedStop) < 0) {
            throw new IllegalArgumentException("a graceful stop cannot be shorter than a forced one");
        }
    }

    /** A graceful stop one and a half {@code transition}, a forced one a fifth of it. */
    public static SimulatorTimings of(Duration transition, Duration importTime) {
        return new SimulatorTimings(transition, transition.multipliedBy(3).dividedBy(2), transition.dividedBy(5),
                importTime);
    }
}
