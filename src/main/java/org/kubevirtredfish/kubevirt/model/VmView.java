package org.kubevirtredfish.kubevirt.model;

import java.util.List;

/**
 * The observable state of one VM that virt-controller and virt-api decide on.
 *
 * @param name                 metadata.name
 * @param runStrategy          the effective run strategy ({@link RunStrategy#of})
 * @param runningField         the spec uses the older {@code spec.running} instead of {@code spec.runStrategy}
 * @param deleting             the VM's metadata.deletionTimestamp is set
 * @param stateChangeRequests  status.stateChangeRequests
 * @param vmi                  the VMI of the same name, null when none exists
 * @param startExpected        virt-controller created a VMI it has not observed yet (its create expectation);
 *                             a model shows this while the VMI is being created
 * @param stopExpected         virt-controller deleted the VMI and has not observed the deletion yet
 * @param startFailures        status.startFailure.consecutiveFailCount (0 when none)
 * @param dataVolumes          the DataVolumes the template's volumes reference and that exist
 * @param unboundPvc           a PVC the template's volumes reference exists and is not Bound
 * @param conditions           the VM's status.conditions (e.g. ManualRecoveryRequired, RestartRequired)
 */
public record VmView(String name, RunStrategy runStrategy, boolean runningField, boolean deleting,
        List<StateChangeRequest> stateChangeRequests, VmiView vmi, boolean startExpected, boolean stopExpected,
        int startFailures, List<DataVolumeView> dataVolumes, boolean unboundPvc, List<Condition> conditions) {

    public VmView {
        stateChangeRequests = List.copyOf(stateChangeRequests);
        dataVolumes = List.copyOf(dataVolumes);
        conditions = List.copyOf(conditions);
    }

    /** A VM with this run strategy set in {@code spec.runStrategy}, no VMI, nothing pending. */
    public static VmView of(String name, RunStrategy runStrategy) {
        return new VmView(name, runStrategy, false, false, List.of(), null, false, false, 0, List.of(), false, List.of());
    }

    /** A VM using {@code spec.running}. */
    public static VmView running(String name, boolean running) {
        return of(name, running ? RunStrategy.Always : RunStrategy.Halted).withRunningField(true);
    }

    public VmView withRunStrategy(RunStrategy s) {
        return new VmView(name, s, runningField, deleting, stateChangeRequests, vmi, startExpected, stopExpected,
                startFailures, dataVolumes, unboundPvc, conditions);
    }

    public VmView withRunningField(boolean b) {
        return new VmView(name, runStrategy, b, deleting, stateChangeRequests, vmi, startExpected, stopExpected,
                startFailures, dataVolumes, unboundPvc, conditions);
    }

    public VmView withDeleting(boolean b) {
        return new VmView(name, runStrategy, runningField, b, stateChangeRequests, vmi, startExpected, stopExpected,
                startFailures, dataVolumes, unboundPvc, conditions);
    }

    public VmView withRequests(StateChangeRequest... requests) {
        return withRequests(List.of(requests));
    }

    public VmView withRequests(List<StateChangeRequest> requests) {
        return new VmView(name, runStrategy, runningField, deleting, requests, vmi, startExpected, stopExpected,
                startFailures, dataVolumes, unboundPvc, conditions);
    }

    public VmView withVmi(VmiView v) {
        return new VmView(name, runStrategy, runningField, deleting, stateChangeRequests, v, startExpected,
                stopExpected, startFailures, dataVolumes, unboundPvc, conditions);
    }

    public VmView withStartExpected(boolean b) {
        return new VmView(name, runStrategy, runningField, deleting, stateChangeRequests, vmi, b, stopExpected,
                startFailures, dataVolumes, unboundPvc, conditions);
    }

    public VmView withStopExpected(boolean b) {
        return new VmView(name, runStrategy, runningField, deleting, stateChangeRequests, vmi, startExpected, b,
                startFailures, dataVolumes, unboundPvc, conditions);
    }

    public VmView withStartFailures(int n) {
        return new VmView(name, runStrategy, runningField, deleting, stateChangeRequests, vmi, startExpected,
                stopExpected, n, dataVolumes, unboundPvc, conditions);
    }

    public VmView withDataVolumes(DataVolumeView... dvs) {
        return withDataVolumes(List.of(dvs));
    }

    public VmView withDataVolumes(List<DataVolumeView> dvs) {
        return new VmView(name, runStrategy, runningField, deleting, stateChangeRequests, vmi, startExpected,
                stopExpected, startFailures, dvs, unboundPvc, conditions);
    }

    public VmView withUnboundPvc(boolean b) {
        return new VmView(name, runStrategy, runningField, deleting, stateChangeRequests, vmi, startExpected,
                stopExpected, startFailures, dataVolumes, b, conditions);
    }

    public VmView withConditions(Condition... c) {
        return new VmView(name, runStrategy, runningField, deleting, stateChangeRequests, vmi, startExpected,
                stopExpected, startFailures, dataVolumes, unboundPvc, List.of(c));
    }
}
