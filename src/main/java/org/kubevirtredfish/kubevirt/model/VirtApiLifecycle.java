package org.kubevirtredfish.kubevirt.model;

import java.util.ArrayList;
import java.util.List;

/**
 * virt-api's lifecycle subresources, KubeVirt v1.9.0 pkg/virt-api/rest/lifecycle.go: what each call answers for a
 * VM in a given state and what it changes. A null {@link VmView} is a VM that does not exist.
 */
public final class VirtApiLifecycle {

    private static final String LIFECYCLE_GO = Upstream.KUBEVIRT + " pkg/virt-api/rest/lifecycle.go, ";
    static final String START = LIFECYCLE_GO + "StartVMRequestHandler";
    static final String STOP = LIFECYCLE_GO + "StopVMRequestHandler";
    static final String RESTART = LIFECYCLE_GO + "RestartVMRequestHandler";
    static final String PAUSE = LIFECYCLE_GO + "PauseVMIRequestHandler";
    static final String UNPAUSE = LIFECYCLE_GO + "UnpauseVMIRequestHandler";
    static final String CHANGE_REQUESTS = LIFECYCLE_GO + "getChangeRequestJson";
    static final String RUNNING_PATCH = LIFECYCLE_GO + "getRunningPatch";

    /** pkg/virt-api/rest/subresource.go, vmNotRunning. */
    public static final String VM_NOT_RUNNING = "VM is not running";
    /** pkg/virt-api/rest/subresource.go, volumeMigrationManualRecoveryRequiredErr. */
    public static final String MANUAL_RECOVERY = "VM recovery required: Volume migration failed, leaving some volumes "
            + "pointing to non-consistent targets; manual intervention is needed to reassign them to their original volumes.";
    /** lifecycle.go getChangeRequestJson: a second start/restart while requests are pending. */
    public static final String UNDERWAY = "unable to complete request: stop/start already underway";

    private VirtApiLifecycle() {
    }

    /** PUT .../virtualmachines/{name}/start (no body options: {@code paused} is not modelled). */
    public static ApiAnswer start(String name, VmView vm) {
        if (vm == null) {
            return ApiAnswer.notFound("virtualmachine", name, START);
        }
        VmiView vmi = vm.vmi();
        if (vmi != null && !vmi.phase().isFinal() && vmi.phase() != VmiPhase.Unknown && vmi.phase() != VmiPhase.Unset) {
            return ApiAnswer.conflict("virtualmachine", name, "VM is already running", VmEffect.NONE, START);
        }
        if (Condition.has(vm.conditions(), "ManualRecoveryRequired", "True")) {
            return ApiAnswer.conflict("virtualmachine", name, MANUAL_RECOVERY, VmEffect.NONE, START);
        }
        return switch (vm.runStrategy()) {
            case Halted -> ApiAnswer.accepted(runningPatch(vm, true), START + " (Halted: " + RUNNING_PATCH + ")");
            case Manual, RerunOnFailure -> {
                boolean rerun = vm.runStrategy() == RunStrategy.RerunOnFailure;
                if (rerun && vmi != null && vmi.phase() == VmiPhase.Failed) {
                    yield ApiAnswer.conflict("virtualmachine", name,
                            "RerunOnFailure does not support starting VM from failed state", VmEffect.NONE, START);
                }
                boolean needsRestart = vmi != null && (rerun ? vmi.phase() == VmiPhase.Succeeded : vmi.phase().isFinal());
                List<StateChangeRequest> changes = needsRestart
                        ? List.of(StateChangeRequest.stop(vmi.uid()), StateChangeRequest.start())
                        : List.of(StateChangeRequest.start());
                yield changeRequests(vm, changes, VmEffect.NONE, START);
            }
            case Always, Once -> ApiAnswer.conflict("virtualmachine", name,
                    vm.runStrategy() + " does not support manual start requests", VmEffect.NONE, START);
            case WaitAsReceiver -> ApiAnswer.accepted(VmEffect.NONE, START + " (no case for WaitAsReceiver)");
        };
    }

    /**
     * PUT .../virtualmachines/{name}/stop.
     *
     * @param gracePeriod {@code StopOptions.gracePeriod}, null when the body has none
     */
    public static ApiAnswer stop(String name, VmView vm, Long gracePeriod) {
        if (vm == null) {
            return ApiAnswer.notFound("virtualmachine", name, STOP);
        }
        VmiView vmi = vm.vmi();
        boolean live = vmi != null && !vmi.phase().isFinal();
        VmEffect effect = VmEffect.NONE;
        long oldGracePeriod = 0;
        if (live && gracePeriod != null) {
            // patchVMITerminationGracePeriod runs before the run strategy is looked at, even if the call is refused
            oldGracePeriod = vmi.terminationGracePeriodSeconds() == null ? 0 : vmi.terminationGracePeriodSeconds();
            effect = effect.withVmiGracePeriod(gracePeriod);
        }
        switch (vm.runStrategy()) {
            case Halted -> {
                if (!live) {
                    return ApiAnswer.conflict("virtualmachine", name, VM_NOT_RUNNING, effect, STOP);
                }
                if (gracePeriod == null || (vmi.terminationGracePeriodSeconds() != null && gracePeriod >= oldGracePeriod)) {
                    return ApiAnswer.conflict("virtualmachine", name,
                            "Halted only supports manual stop requests with a shorter graceperiod", effect, STOP);
                }
                return changeRequests(vm, List.of(StateChangeRequest.stop(vmi.uid())), effect, STOP + " (Halted)");
            }
            case Manual, RerunOnFailure -> {
                if (!live) {
                    return ApiAnswer.conflict("virtualmachine", name, VM_NOT_RUNNING, effect, STOP);
                }
                return changeRequests(vm, List.of(StateChangeRequest.stop(vmi.uid())), effect, STOP);
            }
            case Always, Once -> {
                VmEffect patch = runningPatch(vm, false);
                return ApiAnswer.accepted(new VmEffect(patch.runStrategy(), patch.running(), null,
                        effect.vmiGracePeriodSeconds(), null), STOP + " (" + RUNNING_PATCH + ")");
            }
            default -> {
                return ApiAnswer.accepted(effect, STOP + " (no case for " + vm.runStrategy() + ")");
            }
        }
    }

    /**
     * PUT .../virtualmachines/{name}/restart.
     *
     * @param gracePeriodSeconds {@code RestartOptions.gracePeriodSeconds}, null when the body has none; only 0 is
     *                           allowed and then the VMI's grace period becomes 1 s
     */
    public static ApiAnswer restart(String name, VmView vm, Long gracePeriodSeconds) {
        if (gracePeriodSeconds != null && gracePeriodSeconds > 0) {
            return ApiAnswer.badRequest("For force restart, only gracePeriod=0 is supported for now", RESTART);
        }
        if (gracePeriodSeconds != null && gracePeriodSeconds < 0) {
            return ApiAnswer.badRequest("gracePeriod has to be greater or equal to 0", RESTART);
        }
        if (vm == null) {
            return ApiAnswer.notFound("virtualmachine", name, RESTART);
        }
        if (Condition.has(vm.conditions(), "VolumesChange", "True")) {
            return ApiAnswer.conflict("virtualmachine", name, MANUAL_RECOVERY, VmEffect.NONE, RESTART);
        }
        if (vm.runStrategy() == RunStrategy.Halted || vm.runStrategy() == RunStrategy.Once) {
            // the upstream message spells "RunStategy"
            return ApiAnswer.conflict("virtualmachine", name,
                    "RunStategy " + vm.runStrategy() + " does not support manual restart requests", VmEffect.NONE, RESTART);
        }
        VmiView vmi = vm.vmi();
        if (vmi == null) {
            return ApiAnswer.conflict("virtualmachine", name, VM_NOT_RUNNING + ": Halted", VmEffect.NONE, RESTART);
        }
        boolean force = gracePeriodSeconds != null && gracePeriodSeconds == 0;
        VmEffect effect = force ? VmEffect.NONE.withVmiGracePeriod(1L) : VmEffect.NONE;
        // the grace period patch stays when getChangeRequestJson fails (only a failed PatchStatus rolls it back)
        return changeRequests(vm, List.of(StateChangeRequest.stop(vmi.uid()), StateChangeRequest.start()), effect,
                RESTART);
    }

    /** PUT .../virtualmachineinstances/{name}/pause. */
    public static ApiAnswer pause(String name, VmView vm) {
        VmiView vmi = vm == null ? null : vm.vmi();
        if (vmi == null) {
            return ApiAnswer.notFound("virtualmachineinstance", name, PAUSE);
        }
        if (vmi.phase() != VmiPhase.Running) {
            return ApiAnswer.conflict("virtualmachineinstance", name, VM_NOT_RUNNING, VmEffect.NONE, PAUSE);
        }
        if (Condition.find(vmi.conditions(), "Paused").isPresent()) {
            return ApiAnswer.conflict("virtualmachineinstance", name, "VMI is already paused", VmEffect.NONE, PAUSE);
        }
        return new ApiAnswer(200, null, null, new VmEffect(null, null, null, null, true), PAUSE);
    }

    /** PUT .../virtualmachineinstances/{name}/unpause. */
    public static ApiAnswer unpause(String name, VmView vm) {
        VmiView vmi = vm == null ? null : vm.vmi();
        if (vmi == null) {
            return ApiAnswer.notFound("virtualmachineinstance", name, UNPAUSE);
        }
        if (vmi.phase() != VmiPhase.Running) {
            return ApiAnswer.conflict("virtualmachineinstance", name, "VMI is not running", VmEffect.NONE, UNPAUSE);
        }
        if (Condition.find(vmi.conditions(), "Paused").isEmpty()) {
            return ApiAnswer.conflict("virtualmachineinstance", name, "VMI is not paused", VmEffect.NONE, UNPAUSE);
        }
        return new ApiAnswer(200, null, null, new VmEffect(null, null, null, null, false), UNPAUSE);
    }

    /** getRunningPatch: runStrategy Always/Halted, or spec.running true/false for VMs using that field. */
    private static VmEffect runningPatch(VmView vm, boolean running) {
        return vm.runningField() ? new VmEffect(null, running, null, null, null)
                : new VmEffect(running ? RunStrategy.Always : RunStrategy.Halted, null, null, null, null);
    }

    /**
     * getChangeRequestJson: no pending requests adds these; a single Stop replaces all pending ones; anything else
     * while requests are pending fails (500 "already underway").
     */
    private static ApiAnswer changeRequests(VmView vm, List<StateChangeRequest> changes, VmEffect effect, String source) {
        List<StateChangeRequest> pending = vm.stateChangeRequests();
        boolean singleStop = changes.size() == 1 && changes.get(0).action() == StateChangeRequest.Action.Stop;
        if (!pending.isEmpty() && !singleStop) {
            return ApiAnswer.internal(UNDERWAY, effect, source + " (" + CHANGE_REQUESTS + ")");
        }
        return ApiAnswer.accepted(effect.withRequests(new ArrayList<>(changes)), source);
    }
}
