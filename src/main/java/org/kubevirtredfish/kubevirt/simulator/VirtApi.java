package org.kubevirtredfish.kubevirt.simulator;

import java.time.Duration;
import org.kubevirtredfish.kubevirt.GatewayException;

/**
 * The answers of virt-api's lifecycle subresources, KubeVirt v1.9.0 pkg/virt-api/rest/lifecycle.go: which request is
 * refused with 409 (and the message virt-api gives), and what an accepted one changes: the run strategy flips
 * between Halted and Always (getRunningPatch), Manual and RerunOnFailure get state change requests, a stop marks the
 * instance for deletion within its grace period. Guarded by the lock of {@link SimulatedKubeVirt}.
 */
final class VirtApi {

    private final SimulatorTimings timings;

    VirtApi(SimulatorTimings timings) {
        this.timings = timings;
    }

    /** StartVMRequestHandler. */
    void start(SimulatedVm vm) {
        if (vm.liveInstance() != null) {
            // also while the old instance is terminating: a start then must wait until it is gone
            throw conflict("VM is already running");
        }
        switch (vm.effectiveRunStrategy()) {
            case "Halted" -> setRunning(vm, true);
            case "Manual", "RerunOnFailure" -> {
                if ("RerunOnFailure".equals(vm.effectiveRunStrategy()) && vm.instance != null
                        && vm.instance.phase == SimulatedInstance.Phase.Failed) {
                    throw conflict("RerunOnFailure does not support starting VM from failed state");
                }
                vm.startRequested = true;
            }
            default -> throw conflict(vm.effectiveRunStrategy() + " does not support manual start requests");
        }
    }

    /** StopVMRequestHandler; a forced stop sends gracePeriod 0, which shortens a graceful stop under way. */
    void stop(SimulatedVm vm, boolean forced) {
        SimulatedInstance vmi = vm.liveInstance();
        boolean shorter = vmi != null && forced && (!vmi.markedForDeletion || !vmi.forcedGrace);
        switch (vm.effectiveRunStrategy()) {
            case "Halted" -> {
                if (vmi == null) {
                    throw conflict("VM is not running");
                }
                if (!shorter) {
                    throw conflict("Halted only supports manual stop requests with a shorter graceperiod");
                }
            }
            case "Manual", "RerunOnFailure" -> {
                if (vmi == null) {
                    throw conflict("VM is not running");
                }
            }
            default -> setRunning(vm, false);
        }
        vm.startRequested = false;
        if (vmi != null) {
            markForDeletion(vmi, forced);
        }
    }

    /**
     * RestartVMRequestHandler: a stop request for the instance and a start request; a forced restart first sets the
     * instance's grace period to 1 s.
     */
    void restart(SimulatedVm vm, boolean forced) {
        String strategy = vm.effectiveRunStrategy();
        if ("Halted".equals(strategy) || "Once".equals(strategy)) {
            throw conflict("RunStategy " + strategy + " does not support manual restart requests");
        }
        SimulatedInstance vmi = vm.liveInstance();
        if (vmi == null) {
            throw conflict("VM is not running: Halted");
        }
        markForDeletion(vmi, forced);
        vm.startRequested = true;
    }

    /** PauseVMIRequestHandler. */
    void pause(SimulatedVm vm) {
        SimulatedInstance vmi = vm.liveInstance();
        if (vmi == null || vmi.phase != SimulatedInstance.Phase.Running) {
            throw conflict("VM is not running");
        }
        if (vmi.paused) {
            throw conflict("VMI is already paused");
        }
        vmi.paused = true;
    }

    /** UnpauseVMIRequestHandler. */
    void unpause(SimulatedVm vm) {
        SimulatedInstance vmi = vm.liveInstance();
        if (vmi == null || vmi.phase != SimulatedInstance.Phase.Running) {
            throw conflict("VMI is not running");
        }
        if (!vmi.paused) {
            throw conflict("VMI is not paused");
        }
        vmi.paused = false;
    }

    /** getRunningPatch: runStrategy Always/Halted, or spec.running on a VM without a runStrategy. */
    private static void setRunning(SimulatedVm vm, boolean running) {
        if (vm.runStrategy != null) {
            vm.runStrategy = running ? "Always" : "Halted";
        } else {
            vm.specRunning = running;
        }
    }

    /** The guest gets its grace period (a forced one: next to none); a shorter one brings the end forward. */
    private void markForDeletion(SimulatedInstance vmi, boolean forced) {
        long due = System.nanoTime() + (forced ? timings.forcedStop() : timings.gracefulStop()).toNanos();
        if (!vmi.markedForDeletion || due < vmi.deletionDue) {
            vmi.deletionDue = due;
            vmi.forcedGrace = forced;
        }
        vmi.markedForDeletion = true;
    }

    /** Until the deletion of a terminating instance is due. */
    static Duration untilDeleted(SimulatedInstance vmi) {
        return Duration.ofNanos(Math.max(0, vmi.deletionDue - System.nanoTime()));
    }

    private static GatewayException.Conflict conflict(String virtApiMessage) {
        return new GatewayException.Conflict(virtApiMessage);
    }
}
