package org.kubevirtredfish.kubevirt.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every row of virt-api's start/stop/restart/pause/unpause table (KubeVirt v1.9.0 pkg/virt-api/rest/lifecycle.go). */
class VirtApiLifecycleTest {

    private static final String CONFLICT = "Operation cannot be fulfilled on virtualmachine.kubevirt.io \"vm\": ";
    private static final VmiView RUNNING = VmiView.of("uid-1", VmiPhase.Running);
    private static final VmiView SUCCEEDED = VmiView.of("uid-1", VmiPhase.Succeeded);
    private static final VmiView FAILED = VmiView.of("uid-1", VmiPhase.Failed);

    private static VmView vm(RunStrategy s) {
        return VmView.of("vm", s);
    }

    private static VmEffect strategy(RunStrategy s) {
        return new VmEffect(s, null, null, null, null);
    }

    private static VmEffect requests(StateChangeRequest... r) {
        return new VmEffect(null, null, List.of(r), null, null);
    }

    static Stream<Arguments> rows() {
        Function<VmView, ApiAnswer> start = vm -> VirtApiLifecycle.start("vm", vm);
        Function<VmView, ApiAnswer> stop = vm -> VirtApiLifecycle.stop("vm", vm, null);
        Function<VmView, ApiAnswer> forceStop = vm -> VirtApiLifecycle.stop("vm", vm, 0L);
        Function<VmView, ApiAnswer> restart = vm -> VirtApiLifecycle.restart("vm", vm, null);
        Function<VmView, ApiAnswer> forceRestart = vm -> VirtApiLifecycle.restart("vm", vm, 0L);
        Function<VmView, ApiAnswer> pause = vm -> VirtApiLifecycle.pause("vm", vm);
        Function<VmView, ApiAnswer> unpause = vm -> VirtApiLifecycle.unpause("vm", vm);
        return Stream.of(
                // start
                row("start of a missing VM", start, null, 404, "virtualmachine.kubevirt.io \"vm\" not found", VmEffect.NONE),
                row("start Halted: runStrategy flips to Always", start, vm(RunStrategy.Halted), 202, null,
                        strategy(RunStrategy.Always)),
                row("start running=false: spec.running becomes true", start, VmView.running("vm", false), 202, null,
                        new VmEffect(null, true, null, null, null)),
                row("start while the old VMI still runs (Stopping)", start,
                        vm(RunStrategy.Halted).withVmi(RUNNING.withDeleting(true)), 409, CONFLICT + "VM is already running",
                        VmEffect.NONE),
                row("start while the VMI is Pending", start, vm(RunStrategy.Always).withVmi(VmiView.of("u", VmiPhase.Pending)),
                        409, CONFLICT + "VM is already running", VmEffect.NONE),
                row("start Halted with a final VMI", start, vm(RunStrategy.Halted).withVmi(SUCCEEDED), 202, null,
                        strategy(RunStrategy.Always)),
                row("start Always without VMI", start, vm(RunStrategy.Always), 409,
                        CONFLICT + "Always does not support manual start requests", VmEffect.NONE),
                row("start Once", start, vm(RunStrategy.Once), 409,
                        CONFLICT + "Once does not support manual start requests", VmEffect.NONE),
                row("start Manual: a Start request", start, vm(RunStrategy.Manual), 202, null,
                        requests(StateChangeRequest.start())),
                row("start Manual after the VMI ended: Stop(old uid) + Start", start,
                        vm(RunStrategy.Manual).withVmi(FAILED), 202, null,
                        requests(StateChangeRequest.stop("uid-1"), StateChangeRequest.start())),
                row("start RerunOnFailure after Succeeded: Stop + Start", start,
                        vm(RunStrategy.RerunOnFailure).withVmi(SUCCEEDED), 202, null,
                        requests(StateChangeRequest.stop("uid-1"), StateChangeRequest.start())),
                row("start RerunOnFailure after Failed", start, vm(RunStrategy.RerunOnFailure).withVmi(FAILED), 409,
                        CONFLICT + "RerunOnFailure does not support starting VM from failed state", VmEffect.NONE),
                row("second start of a Manual VM while its request is pending", start,
                        vm(RunStrategy.Manual).withRequests(StateChangeRequest.start()), 500,
                        "Internal error occurred: unable to complete request: stop/start already underway", VmEffect.NONE),
                row("start with ManualRecoveryRequired", start, vm(RunStrategy.Halted).withConditions(
                        Condition.isTrue("ManualRecoveryRequired")), 409, CONFLICT + VirtApiLifecycle.MANUAL_RECOVERY,
                        VmEffect.NONE),
                // stop
                row("stop Always: runStrategy flips to Halted", stop, vm(RunStrategy.Always).withVmi(RUNNING), 202, null,
                        strategy(RunStrategy.Halted)),
                row("stop Always without VMI is accepted too", stop, vm(RunStrategy.Always), 202, null,
                        strategy(RunStrategy.Halted)),
                row("stop running=true: spec.running becomes false", stop,
                        VmView.running("vm", true).withVmi(RUNNING), 202, null, new VmEffect(null, false, null, null, null)),
                row("stop Once", stop, vm(RunStrategy.Once).withVmi(RUNNING), 202, null, strategy(RunStrategy.Halted)),
                row("stop Halted without VMI", stop, vm(RunStrategy.Halted), 409, CONFLICT + "VM is not running",
                        VmEffect.NONE),
                row("stop Halted whose VMI ended", stop, vm(RunStrategy.Halted).withVmi(SUCCEEDED), 409,
                        CONFLICT + "VM is not running", VmEffect.NONE),
                row("second stop (no grace period) while Stopping", stop,
                        vm(RunStrategy.Halted).withVmi(RUNNING.withDeleting(true)), 409,
                        CONFLICT + "Halted only supports manual stop requests with a shorter graceperiod", VmEffect.NONE),
                row("force stop while Stopping: shorter grace period, Stop request", forceStop,
                        vm(RunStrategy.Halted).withVmi(RUNNING.withDeleting(true)), 202, null,
                        new VmEffect(null, null, List.of(StateChangeRequest.stop("uid-1")), 0L, null)),
                row("second force stop: grace period not shorter (VMI grace already patched to 0)", forceStop,
                        vm(RunStrategy.Halted).withVmi(RUNNING.withDeleting(true).withTerminationGracePeriodSeconds(0L)),
                        409, CONFLICT + "Halted only supports manual stop requests with a shorter graceperiod",
                        new VmEffect(null, null, null, 0L, null)),
                row("force stop of Always: grace period 0 and Halted", forceStop, vm(RunStrategy.Always).withVmi(RUNNING),
                        202, null, new VmEffect(RunStrategy.Halted, null, null, 0L, null)),
                row("stop Manual: a Stop request for the VMI", stop, vm(RunStrategy.Manual).withVmi(RUNNING), 202, null,
                        requests(StateChangeRequest.stop("uid-1"))),
                row("stop Manual replaces pending requests", stop, vm(RunStrategy.Manual).withVmi(RUNNING)
                        .withRequests(StateChangeRequest.start()), 202, null, requests(StateChangeRequest.stop("uid-1"))),
                row("stop Manual without VMI", stop, vm(RunStrategy.Manual), 409, CONFLICT + "VM is not running",
                        VmEffect.NONE),
                row("stop RerunOnFailure: a Stop request", stop, vm(RunStrategy.RerunOnFailure).withVmi(RUNNING), 202,
                        null, requests(StateChangeRequest.stop("uid-1"))),
                // restart
                row("restart Always: Stop + Start requests", restart, vm(RunStrategy.Always).withVmi(RUNNING), 202, null,
                        requests(StateChangeRequest.stop("uid-1"), StateChangeRequest.start())),
                row("force restart: the VMI's grace period becomes 1 s", forceRestart,
                        vm(RunStrategy.Always).withVmi(RUNNING), 202, null,
                        new VmEffect(null, null, List.of(StateChangeRequest.stop("uid-1"), StateChangeRequest.start()), 1L, null)),
                row("restart Halted", restart, vm(RunStrategy.Halted).withVmi(RUNNING.withDeleting(true)), 409,
                        CONFLICT + "RunStategy Halted does not support manual restart requests", VmEffect.NONE),
                row("restart Once", restart, vm(RunStrategy.Once).withVmi(RUNNING), 409,
                        CONFLICT + "RunStategy Once does not support manual restart requests", VmEffect.NONE),
                row("restart Always without VMI", restart, vm(RunStrategy.Always), 409,
                        CONFLICT + "VM is not running: Halted", VmEffect.NONE),
                row("restart while a restart is pending", restart, vm(RunStrategy.Always).withVmi(RUNNING)
                        .withRequests(StateChangeRequest.stop("uid-1"), StateChangeRequest.start()), 500,
                        "Internal error occurred: unable to complete request: stop/start already underway", VmEffect.NONE),
                row("restart with a positive grace period", vm -> VirtApiLifecycle.restart("vm", vm, 5L),
                        vm(RunStrategy.Always).withVmi(RUNNING), 400,
                        "For force restart, only gracePeriod=0 is supported for now", VmEffect.NONE),
                // pause / unpause
                row("pause a running VMI", pause, vm(RunStrategy.Always).withVmi(RUNNING), 200, null,
                        new VmEffect(null, null, null, null, true)),
                row("pause without VMI", pause, vm(RunStrategy.Halted), 404,
                        "virtualmachineinstance.kubevirt.io \"vm\" not found", VmEffect.NONE),
                row("pause a Scheduled VMI", pause, vm(RunStrategy.Always).withVmi(VmiView.of("u", VmiPhase.Scheduled)),
                        409, "Operation cannot be fulfilled on virtualmachineinstance.kubevirt.io \"vm\": VM is not running",
                        VmEffect.NONE),
                row("pause a paused VMI", pause, vm(RunStrategy.Always).withVmi(RUNNING.withConditions(
                        Condition.isTrue("Paused"))), 409,
                        "Operation cannot be fulfilled on virtualmachineinstance.kubevirt.io \"vm\": VMI is already paused",
                        VmEffect.NONE),
                row("unpause a running VMI", unpause, vm(RunStrategy.Always).withVmi(RUNNING), 409,
                        "Operation cannot be fulfilled on virtualmachineinstance.kubevirt.io \"vm\": VMI is not paused",
                        VmEffect.NONE),
                row("unpause a paused VMI", unpause, vm(RunStrategy.Always).withVmi(RUNNING.withConditions(
                        Condition.isTrue("Paused"))), 200, null, new VmEffect(null, null, null, null, false)));
    }

    private static Arguments row(String name, Function<VmView, ApiAnswer> call, VmView vm, int code, String message,
            VmEffect effect) {
        return Arguments.of(name, call, vm, code, message, effect);
    }

    @ParameterizedTest(name = "{0} -> {3}")
    @MethodSource("rows")
    void eachRowAnswersAsVirtApi(String name, Function<VmView, ApiAnswer> call, VmView vm, int code, String message,
            VmEffect effect) {
        ApiAnswer answer = call.apply(vm);
        assertEquals(code, answer.code(), name);
        assertEquals(message, answer.message(), name);
        assertEquals(effect, answer.effect(), name);
        assertTrue(answer.source().startsWith("KubeVirt v1.9.0 pkg/virt-api/rest/lifecycle.go, "), answer.source());
    }
}
