package org.kubevirtredfish.kubevirt.model;

import java.util.List;

/**
 * VM {@code status.printableStatus}: KubeVirt v1.9.0 pkg/virt-controller/watch/vm/vm.go,
 * {@code (*Controller).setPrintableStatus}. The rows are evaluated in this order and the first match wins; none
 * matching is {@link PrintableStatus#Unknown}. Provisioning and DataVolumeError have no run-strategy test, so a
 * stopped VM whose DataVolume imports or fails reads Provisioning or DataVolumeError, not Stopped.
 */
public final class PrintableStatusRules {

    private static final String VM_GO = Upstream.KUBEVIRT + " pkg/virt-controller/watch/vm/vm.go, ";

    public static final List<Rule<VmView, PrintableStatus>> RULES = List.of(
            rule(PrintableStatus.Terminating, "isVirtualMachineStatusTerminating", VmView::deleting),
            rule(PrintableStatus.Stopping, "isVirtualMachineStatusStopping",
                    vm -> vm.vmi() != null && !vm.vmi().phase().isFinal() && (vm.vmi().deleting() || vm.stopExpected())),
            rule(PrintableStatus.Migrating, "isVirtualMachineStatusMigrating",
                    vm -> vm.vmi() != null && vm.vmi().migrating()),
            rule(PrintableStatus.Paused, "isVirtualMachineStatusPaused",
                    vm -> vm.vmi() != null && vm.vmi().phase() == VmiPhase.Running && vm.vmi().paused()),
            rule(PrintableStatus.Running, "isVirtualMachineStatusRunning",
                    vm -> vm.vmi() != null && vm.vmi().phase() == VmiPhase.Running && !vm.vmi().paused()),
            rule(PrintableStatus.ErrorPvcNotFound, "isVirtualMachineStatusPvcNotFound",
                    vm -> vmiCondition(vm, "Synchronized", "False", "FailedPvcNotFound")),
            rule(PrintableStatus.DataVolumeError, "isVirtualMachineStatusDataVolumeError (dv.go HasDataVolumeErrors)",
                    vm -> DataVolumeRules.error(vm.dataVolumes()).isPresent()),
            rule(PrintableStatus.ErrorUnschedulable, "isVirtualMachineStatusUnschedulable",
                    vm -> vmiCondition(vm, "PodScheduled", "False", "Unschedulable")),
            rule(PrintableStatus.Provisioning, "isVirtualMachineStatusProvisioning (dv.go HasDataVolumeProvisioning)",
                    vm -> vm.dataVolumes().stream().anyMatch(DataVolumeRules::provisioning)),
            rule(PrintableStatus.WaitingForVolumeBinding,
                    "isVirtualMachineStatusWaitingForVolumeBinding (isSetToStart, pvc.go HasUnboundPVC)",
                    vm -> isSetToStart(vm) && vm.unboundPvc()),
            rule(PrintableStatus.ErrImagePull, "isVirtualMachineStatusErrImagePull",
                    vm -> vmiCondition(vm, "Synchronized", "False", "ErrImagePull")),
            rule(PrintableStatus.ImagePullBackOff, "isVirtualMachineStatusImagePullBackOff",
                    vm -> vmiCondition(vm, "Synchronized", "False", "ImagePullBackOff")),
            rule(PrintableStatus.Starting, "isVirtualMachineStatusStarting",
                    vm -> vm.vmi() == null ? vm.startExpected()
                            : vm.vmi().phase().isUnprocessed() || vm.vmi().phase() == VmiPhase.Scheduling
                                    || vm.vmi().phase() == VmiPhase.Scheduled),
            rule(PrintableStatus.CrashLoopBackOff, "isVirtualMachineStatusCrashLoopBackOff",
                    vm -> (vm.vmi() == null || vm.vmi().phase().isFinal()) && !vm.startExpected()
                            && vm.startFailures() > 0 && (vm.runStrategy() == RunStrategy.Always
                                    || vm.runStrategy() == RunStrategy.RerunOnFailure
                                    || vm.runStrategy() == RunStrategy.Once)),
            rule(PrintableStatus.Stopped, "isVirtualMachineStatusStopped",
                    vm -> vm.vmi() != null ? vm.vmi().phase().isFinal() : !vm.startExpected()),
            rule(PrintableStatus.WaitingForReceiver, "isVirtualMachineWaitingReceiver",
                    vm -> (vm.vmi() == null || vm.vmi().phase() == VmiPhase.WaitingForSync)
                            && vm.runStrategy() == RunStrategy.WaitAsReceiver));

    private PrintableStatusRules() {
    }

    /** The printableStatus virt-controller writes for this VM. */
    public static PrintableStatus of(VmView vm) {
        return matching(vm).result();
    }

    /** The first matching row (a synthetic Unknown row when none matches). */
    public static Rule<VmView, PrintableStatus> matching(VmView vm) {
        for (Rule<VmView, PrintableStatus> rule : RULES) {
            if (rule.when().test(vm)) {
                return rule;
            }
        }
        return new Rule<>(PrintableStatus.Unknown, VM_GO + "setPrintableStatus (no function matched)", v -> true);
    }

    /**
     * KubeVirt v1.9.0 pkg/virt-controller/watch/vm/vm.go, {@code isSetToStart}: whether the VM is configured to run
     * now. Manual: a VMI without a stop request for it, or no VMI and a first Start request; RerunOnFailure: no VMI
     * or one not Succeeded; Once: no VMI; Always: yes; Halted (and others): no.
     */
    public static boolean isSetToStart(VmView vm) {
        VmiView vmi = vm.vmi();
        List<StateChangeRequest> requests = vm.stateChangeRequests();
        StateChangeRequest first = requests.isEmpty() ? null : requests.get(0);
        return switch (vm.runStrategy()) {
            case Always -> true;
            case Manual -> vmi != null
                    ? !(first != null && first.action() == StateChangeRequest.Action.Stop && vmi.uid().equals(first.uid()))
                    : first != null && first.action() == StateChangeRequest.Action.Start;
            case RerunOnFailure -> vmi == null || vmi.phase() != VmiPhase.Succeeded;
            case Once -> vmi == null;
            default -> false;
        };
    }

    private static boolean vmiCondition(VmView vm, String type, String status, String reason) {
        return vm.vmi() != null && vm.vmi().conditions().stream().anyMatch(c -> c.is(type, status, reason));
    }

    private static Rule<VmView, PrintableStatus> rule(PrintableStatus status, String function,
            java.util.function.Predicate<VmView> when) {
        return new Rule<>(status, VM_GO + function, when);
    }
}
