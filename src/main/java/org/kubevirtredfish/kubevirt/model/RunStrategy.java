package org.kubevirtredfish.kubevirt.model;

/** {@code spec.runStrategy} values; KubeVirt v1.9.0 staging/src/kubevirt.io/api/core/v1/types.go. */
public enum RunStrategy {
    Always, Halted, Manual, RerunOnFailure, Once, WaitAsReceiver;

    /**
     * The effective run strategy of a VM spec. KubeVirt v1.9.0 staging/src/kubevirt.io/api/core/v1/types.go,
     * {@code (*VirtualMachine).RunStrategy}: running=true is Always, running=false or neither field is Halted.
     *
     * @param runStrategy {@code spec.runStrategy}, may be null
     * @param running     {@code spec.running}, may be null
     * @throws IllegalArgumentException when both are set ("running and runstrategy are mutually exclusive") or the
     *                                  value is unknown
     */
    public static RunStrategy of(String runStrategy, Boolean running) {
        if (runStrategy != null && running != null) {
            throw new IllegalArgumentException("running and runstrategy are mutually exclusive");
        }
        if (running != null) {
            return running ? Always : Halted;
        }
        return runStrategy == null ? Halted : valueOf(runStrategy);
    }
}
