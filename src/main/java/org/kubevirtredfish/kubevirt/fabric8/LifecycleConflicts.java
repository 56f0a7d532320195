package org.kubevirtredfish.kubevirt.fabric8;

/**
 * What a 409 of KubeVirt's lifecycle subresources means, from the reason virt-api puts in the message (KubeVirt
 * v1.9.0 pkg/virt-api/rest/lifecycle.go; the constant {@code vmNotRunning} = "VM is not running" is in
 * pkg/virt-api/rest/subresource.go). The message reads {@code Operation cannot be fulfilled on
 * virtualmachine.kubevirt.io "<name>": <reason>}.
 */
final class LifecycleConflicts {

    private LifecycleConflicts() {
    }

    /**
     * StartVMRequestHandler: "VM is already running" (a VMI exists that is not final and not Unknown) or "Always does
     * not support manual start requests" (virt-controller keeps such a VM running by itself): the VM runs or starts.
     * Once is the same unless its one run has ended, which the caller decides.
     */
    static boolean startMeansAlreadyStarting(String message, boolean onceHasRun) {
        return has(message, "VM is already running")
                || has(message, "Always does not support manual start requests")
                || (!onceHasRun && has(message, "Once does not support manual start requests"));
    }

    /**
     * StopVMRequestHandler: "VM is not running" when runStrategy Halted, Manual or RerunOnFailure has no live VMI,
     * i.e. already where a stop leads ("already stopped" is accepted as the same, per issue 8).
     */
    static boolean stopMeansNotRunning(String message) {
        return has(message, "VM is not running") || has(message, "already stopped");
    }

    /**
     * StopVMRequestHandler: a Halted VM with a live VMI accepts only a stop with a shorter grace period than the
     * VMI's; a second stop of an instance that already shuts down gets this.
     */
    static boolean stopNeedsShorterGracePeriod(String message) {
        return has(message, "only supports manual stop requests with a shorter graceperiod");
    }

    /** RestartVMRequestHandler: runStrategy Halted and Once ("RunStategy Once does not support manual restart ..."). */
    static boolean restartRefusedForRunStrategy(String message) {
        return has(message, "does not support manual restart requests");
    }

    /** RestartVMRequestHandler: no VMI at all ("VM is not running: Halted"). */
    static boolean restartMeansNotRunning(String message) {
        return has(message, "VM is not running");
    }

    private static boolean has(String message, String reason) {
        return message != null && message.contains(reason);
    }
}
