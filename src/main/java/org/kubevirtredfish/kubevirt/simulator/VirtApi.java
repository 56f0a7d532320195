package org.kubevirtredfish.kubevirt.simulator;

import org.kubevirtredfish.kubevirt.GatewayException;
import org.kubevirtredfish.kubevirt.model.ApiAnswer;
import org.kubevirtredfish.kubevirt.model.VirtApiLifecycle;
import org.kubevirtredfish.kubevirt.model.VmEffect;

/**
 * virt-api's lifecycle subresources over a simulated VM: {@link VirtApiLifecycle} answers (KubeVirt v1.9.0
 * pkg/virt-api/rest/lifecycle.go), the effect of an answer is applied to the VM (run strategy flips, state change
 * requests, the VMI's grace period and Paused condition), and a refusal is thrown as the fabric8 gateway's ApiErrors
 * would type it. Guarded by the lock of {@link SimulatedKubeVirt}.
 */
final class VirtApi {

    private VirtApi() {
    }

    static void start(SimulatedVm vm) {
        apply(vm, VirtApiLifecycle.start(vm.seed.id().name(), vm.view()));
    }

    /** A forced stop sends gracePeriod 0. */
    static void stop(SimulatedVm vm, boolean forced) {
        apply(vm, VirtApiLifecycle.stop(vm.seed.id().name(), vm.view(), forced ? 0L : null));
    }

    /** A forced restart sends gracePeriodSeconds 0. */
    static void restart(SimulatedVm vm, boolean forced) {
        apply(vm, VirtApiLifecycle.restart(vm.seed.id().name(), vm.view(), forced ? 0L : null));
    }

    static void pause(SimulatedVm vm) {
        applyToInstance(vm, "pause", VirtApiLifecycle.pause(vm.seed.id().name(), vm.view()));
    }

    static void unpause(SimulatedVm vm) {
        applyToInstance(vm, "unpause", VirtApiLifecycle.unpause(vm.seed.id().name(), vm.view()));
    }

    /** A VMI subresource answers 404 when there is no VMI: a conflict with the VM's state, as ApiCalls reads it. */
    private static void applyToInstance(SimulatedVm vm, String subresource, ApiAnswer answer) {
        if (answer.code() == 404) {
            throw new GatewayException.Conflict("virtual machine " + vm.seed.id() + " has no running instance to "
                    + subresource);
        }
        apply(vm, answer);
    }

    /** The effect applies even to a refusal (a refused stop may have patched the VMI's grace period). */
    private static void apply(SimulatedVm vm, ApiAnswer answer) {
        VmEffect effect = answer.effect();
        if (effect.runStrategy() != null) {
            vm.runStrategy = effect.runStrategy();
        }
        if (effect.running() != null) {
            vm.runStrategy = effect.running() ? org.kubevirtredfish.kubevirt.model.RunStrategy.Always
                    : org.kubevirtredfish.kubevirt.model.RunStrategy.Halted;
        }
        if (effect.stateChangeRequests() != null) {
            vm.requests = effect.stateChangeRequests();
        }
        SimulatedInstance vmi = vm.instance;
        if (vmi != null && effect.vmiGracePeriodSeconds() != null) {
            vmi.gracePeriodSeconds = effect.vmiGracePeriodSeconds();
        }
        if (vmi != null && effect.vmiPaused() != null) {
            vmi.paused = effect.vmiPaused();
        }
        switch (answer.code()) {
            case 200, 202 -> {
            }
            case 404 -> throw new GatewayException.NotFound(vm.seed.id());
            case 409 -> throw new GatewayException.Conflict(answer.message());
            default -> throw new GatewayException.Unavailable(answer.message(), 1, null);
        }
    }
}
