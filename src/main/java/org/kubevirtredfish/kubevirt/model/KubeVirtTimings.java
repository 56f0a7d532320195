package org.kubevirtredfish.kubevirt.model;

import java.time.Duration;

/**
 * How long KubeVirt's transitions take. Upstream a graceful stop sends the guest an ACPI shutdown and waits up to the
 * VMI's {@code terminationGracePeriodSeconds} (default 30 s: KubeVirt v1.9.0
 * staging/src/kubevirt.io/api/core/v1/types.go, DefaultGracePeriodSeconds) before virt-handler destroys the domain
 * (pkg/virt-handler/vm.go, processVmShutdown); the guest may power off sooner. Then the launcher pod goes away. A
 * forced stop (grace period 0) only waits for the pod. Simulations use shorter values; the defaults are upstream's
 * order of magnitude.
 *
 * @param guestShutdown how long the simulated guest takes to power off after the ACPI request (capped by the grace
 *                      period)
 * @param podTeardown   how long the launcher pod takes to go once the domain is down (all a forced stop takes)
 * @param statusStep    time between two status updates of a start (VMI created, Scheduling, Scheduled, Running)
 */
public record KubeVirtTimings(Duration guestShutdown, Duration podTeardown, Duration statusStep) {

    public static final long DEFAULT_GRACE_PERIOD_SECONDS = 30;

    /** A guest that uses the whole default grace period, a 2 s pod teardown, 1 s between start updates. */
    public static KubeVirtTimings upstream() {
        return new KubeVirtTimings(Duration.ofSeconds(DEFAULT_GRACE_PERIOD_SECONDS), Duration.ofSeconds(2),
                Duration.ofSeconds(1));
    }

    /**
     * How long a stop with this grace period lasts until the VMI is gone: the guest's shutdown capped by the grace
     * period (null: the default 30 s), plus the pod teardown.
     */
    public Duration stop(Long gracePeriodSeconds) {
        Duration grace = Duration.ofSeconds(gracePeriodSeconds == null ? DEFAULT_GRACE_PERIOD_SECONDS : gracePeriodSeconds);
        Duration guest = guestShutdown.compareTo(grace) < 0 ? guestShutdown : grace;
        return guest.plus(podTeardown);
    }
}
