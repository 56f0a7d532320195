package org.kubevirtredfish.kubevirt.simulator;

/** What a VM's {@code spec.runStrategy} / {@code spec.running} means for whether it is set to run. */
final class RunStrategy {

    private RunStrategy() {
    }

    /**
     * Set to run as S1 counts it: Always, RerunOnFailure and Once (and {@code running: true}, which KubeVirt reads as
     * Always) are; Halted and Manual are not. KubeVirt v1.9.0 pkg/virt-controller/watch/vm/vm.go, isSetToStart, and
     * staging/src/kubevirt.io/api/core/v1/types.go, VirtualMachine.RunStrategy.
     */
    static boolean setToRun(String runStrategy) {
        return switch (runStrategy) {
            case "Always", "RerunOnFailure", "Once" -> true;
            default -> false;
        };
    }

    /** {@code spec.running} as the run strategy KubeVirt reads it (v1.9.0 types.go, VirtualMachine.RunStrategy). */
    static String of(String runStrategy, Boolean specRunning) {
        return runStrategy != null ? runStrategy : Boolean.TRUE.equals(specRunning) ? "Always" : "Halted";
    }
}
