package org.kubevirtredfish.kubevirt.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every row of the printableStatus table (KubeVirt v1.9.0 vm.go setPrintableStatus), including the precedences. */
class PrintableStatusRulesTest {

    private static final VmView HALTED = VmView.of("vm", RunStrategy.Halted);
    private static final VmView ALWAYS = VmView.of("vm", RunStrategy.Always);
    private static final VmiView RUNNING = VmiView.of("uid-1", VmiPhase.Running);
    private static final DataVolumeView IMPORTING = new DataVolumeView("media", "ImportInProgress",
            new Condition("Bound", "True", "Bound", null), new Condition("Running", "True", "Pod is running", null));
    private static final DataVolumeView IMPORTER_ERROR = new DataVolumeView("media", "ImportInProgress",
            new Condition("Bound", "True", "Bound", null), new Condition("Running", "False", "Error", "got 404"));
    private static final DataVolumeView SUCCEEDED = new DataVolumeView("media", "Succeeded",
            new Condition("Bound", "True", "Bound", null), new Condition("Ready", "True", null, null));
    private static final DataVolumeView WFFC = new DataVolumeView("media", "WaitForFirstConsumer",
            new Condition("Bound", "False", "Pending", null));

    static Stream<Arguments> rows() {
        return Stream.of(
                row("VM being deleted wins over a running VMI", ALWAYS.withDeleting(true).withVmi(RUNNING),
                        PrintableStatus.Terminating, "isVirtualMachineStatusTerminating"),
                row("VMI being deleted", HALTED.withVmi(RUNNING.withDeleting(true)),
                        PrintableStatus.Stopping, "isVirtualMachineStatusStopping"),
                row("VMI deletion expected by virt-controller", HALTED.withVmi(RUNNING).withStopExpected(true),
                        PrintableStatus.Stopping, "isVirtualMachineStatusStopping"),
                row("Stopping wins over a paused VMI", HALTED.withVmi(RUNNING.withDeleting(true)
                        .withConditions(Condition.isTrue("Paused"))), PrintableStatus.Stopping,
                        "isVirtualMachineStatusStopping"),
                row("deleted VMI that already ended is not Stopping",
                        HALTED.withVmi(VmiView.of("u", VmiPhase.Succeeded).withDeleting(true)),
                        PrintableStatus.Stopped, "isVirtualMachineStatusStopped"),
                row("migrating VMI", ALWAYS.withVmi(RUNNING.withMigrating(true)),
                        PrintableStatus.Migrating, "isVirtualMachineStatusMigrating"),
                row("running VMI with Paused=True", ALWAYS.withVmi(RUNNING.withConditions(Condition.isTrue("Paused"))),
                        PrintableStatus.Paused, "isVirtualMachineStatusPaused"),
                row("running VMI", ALWAYS.withVmi(RUNNING), PrintableStatus.Running, "isVirtualMachineStatusRunning"),
                row("Running wins over a DataVolume error", ALWAYS.withVmi(RUNNING).withDataVolumes(IMPORTER_ERROR),
                        PrintableStatus.Running, "isVirtualMachineStatusRunning"),
                row("PVC not found", ALWAYS.withVmi(VmiView.of("u", VmiPhase.Pending).withConditions(
                        new Condition("Synchronized", "False", "FailedPvcNotFound", "PVC default/x does not exist"))),
                        PrintableStatus.ErrorPvcNotFound, "isVirtualMachineStatusPvcNotFound"),
                row("stopped VM whose DataVolume is Failed", HALTED.withDataVolumes(
                        new DataVolumeView("media", "Failed")), PrintableStatus.DataVolumeError,
                        "isVirtualMachineStatusDataVolumeError"),
                row("stopped VM whose importer fails without phase Failed (Running=False, Error)",
                        HALTED.withDataVolumes(IMPORTER_ERROR), PrintableStatus.DataVolumeError,
                        "isVirtualMachineStatusDataVolumeError"),
                row("importer image pull failure", HALTED.withDataVolumes(new DataVolumeView("media", "ImportScheduled",
                        new Condition("Running", "False", "ImagePullFailed", "x"))), PrintableStatus.DataVolumeError,
                        "isVirtualMachineStatusDataVolumeError"),
                row("DataVolumeError wins over Provisioning", HALTED.withDataVolumes(IMPORTING, IMPORTER_ERROR),
                        PrintableStatus.DataVolumeError, "isVirtualMachineStatusDataVolumeError"),
                row("unschedulable launcher pod", ALWAYS.withVmi(VmiView.of("u", VmiPhase.Scheduling).withConditions(
                        new Condition("PodScheduled", "False", "Unschedulable", "0/3 nodes"))),
                        PrintableStatus.ErrorUnschedulable, "isVirtualMachineStatusUnschedulable"),
                row("stopped VM whose DataVolume imports (no run-strategy test)", HALTED.withDataVolumes(IMPORTING),
                        PrintableStatus.Provisioning, "isVirtualMachineStatusProvisioning"),
                row("started VM waiting for its DataVolume: VMI Pending, Provisioning wins over Starting",
                        ALWAYS.withVmi(VmiView.of("u", VmiPhase.Pending)).withDataVolumes(IMPORTING),
                        PrintableStatus.Provisioning, "isVirtualMachineStatusProvisioning"),
                row("DataVolume Pending (no phase yet counts too)", HALTED.withDataVolumes(
                        new DataVolumeView("media", "Pending")), PrintableStatus.Provisioning,
                        "isVirtualMachineStatusProvisioning"),
                row("unbound WaitForFirstConsumer DataVolume is not provisioning", HALTED.withDataVolumes(WFFC),
                        PrintableStatus.Stopped, "isVirtualMachineStatusStopped"),
                row("Succeeded DataVolume is not provisioning", HALTED.withDataVolumes(SUCCEEDED),
                        PrintableStatus.Stopped, "isVirtualMachineStatusStopped"),
                row("VM set to run with an unbound PVC", ALWAYS.withStartExpected(true).withUnboundPvc(true),
                        PrintableStatus.WaitingForVolumeBinding, "isVirtualMachineStatusWaitingForVolumeBinding"),
                row("Halted VM with an unbound PVC is not waiting for binding", HALTED.withUnboundPvc(true),
                        PrintableStatus.Stopped, "isVirtualMachineStatusStopped"),
                row("Manual VM with a pending Start request waits for binding", VmView.of("vm", RunStrategy.Manual)
                        .withRequests(StateChangeRequest.start()).withUnboundPvc(true),
                        PrintableStatus.WaitingForVolumeBinding, "isVirtualMachineStatusWaitingForVolumeBinding"),
                row("launcher image pull error", ALWAYS.withVmi(VmiView.of("u", VmiPhase.Scheduled).withConditions(
                        new Condition("Synchronized", "False", "ErrImagePull", null))),
                        PrintableStatus.ErrImagePull, "isVirtualMachineStatusErrImagePull"),
                row("launcher image pull back-off", ALWAYS.withVmi(VmiView.of("u", VmiPhase.Scheduled).withConditions(
                        new Condition("Synchronized", "False", "ImagePullBackOff", null))),
                        PrintableStatus.ImagePullBackOff, "isVirtualMachineStatusImagePullBackOff"),
                row("VMI being created", ALWAYS.withStartExpected(true), PrintableStatus.Starting,
                        "isVirtualMachineStatusStarting"),
                row("VMI without phase", ALWAYS.withVmi(VmiView.of("u", VmiPhase.Unset)), PrintableStatus.Starting,
                        "isVirtualMachineStatusStarting"),
                row("VMI Pending with ready volumes", ALWAYS.withVmi(VmiView.of("u", VmiPhase.Pending))
                        .withDataVolumes(SUCCEEDED), PrintableStatus.Starting, "isVirtualMachineStatusStarting"),
                row("VMI Scheduling", ALWAYS.withVmi(VmiView.of("u", VmiPhase.Scheduling)), PrintableStatus.Starting,
                        "isVirtualMachineStatusStarting"),
                row("VMI Scheduled", ALWAYS.withVmi(VmiView.of("u", VmiPhase.Scheduled)), PrintableStatus.Starting,
                        "isVirtualMachineStatusStarting"),
                row("failed starts of an Always VM", ALWAYS.withVmi(VmiView.of("u", VmiPhase.Failed)).withStartFailures(2),
                        PrintableStatus.CrashLoopBackOff, "isVirtualMachineStatusCrashLoopBackOff"),
                row("failed starts of a Manual VM are just Stopped", VmView.of("vm", RunStrategy.Manual)
                        .withVmi(VmiView.of("u", VmiPhase.Failed)).withStartFailures(2),
                        PrintableStatus.Stopped, "isVirtualMachineStatusStopped"),
                row("no VMI, nothing expected", HALTED, PrintableStatus.Stopped, "isVirtualMachineStatusStopped"),
                row("VMI Succeeded", HALTED.withVmi(VmiView.of("u", VmiPhase.Succeeded)), PrintableStatus.Stopped,
                        "isVirtualMachineStatusStopped"),
                row("VMI Failed", VmView.of("vm", RunStrategy.Manual).withVmi(VmiView.of("u", VmiPhase.Failed)),
                        PrintableStatus.Stopped, "isVirtualMachineStatusStopped"),
                row("receiver VM waiting for its migration", VmView.of("vm", RunStrategy.WaitAsReceiver)
                        .withVmi(VmiView.of("u", VmiPhase.WaitingForSync)),
                        PrintableStatus.WaitingForReceiver, "isVirtualMachineWaitingReceiver"),
                row("VMI in phase Unknown matches nothing", ALWAYS.withVmi(VmiView.of("u", VmiPhase.Unknown)),
                        PrintableStatus.Unknown, "no function matched"));
    }

    private static Arguments row(String name, VmView vm, PrintableStatus expected, String function) {
        return Arguments.of(name, vm, expected, function);
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("rows")
    void eachRowYieldsItsStatusFromItsUpstreamFunction(String name, VmView vm, PrintableStatus expected, String function) {
        Rule<VmView, PrintableStatus> rule = PrintableStatusRules.matching(vm);
        assertEquals(expected, rule.result(), name);
        assertTrue(rule.source().startsWith("KubeVirt v1.9.0 pkg/virt-controller/watch/vm/vm.go, "), rule.source());
        assertTrue(rule.source().contains(function), rule.source());
    }

    @Test
    void theRowsCoverAllSeventeenValues() {
        Set<PrintableStatus> seen = EnumSet.noneOf(PrintableStatus.class);
        rows().forEach(a -> seen.add((PrintableStatus) a.get()[2]));
        assertEquals(EnumSet.allOf(PrintableStatus.class), seen);
        assertEquals(17, PrintableStatus.values().length);
    }

    @Test
    void provisioningAndDataVolumeErrorRankAboveStoppedAndStarting() {
        var order = PrintableStatusRules.RULES.stream().map(Rule::result).toList();
        assertTrue(order.indexOf(PrintableStatus.DataVolumeError) < order.indexOf(PrintableStatus.Provisioning));
        assertTrue(order.indexOf(PrintableStatus.Provisioning) < order.indexOf(PrintableStatus.Starting));
        assertTrue(order.indexOf(PrintableStatus.Starting) < order.indexOf(PrintableStatus.Stopped));
        assertEquals(PrintableStatus.Terminating, order.get(0));
    }

    @Test
    void runStrategyOfTheSpecFields() {
        assertEquals(RunStrategy.Always, RunStrategy.of(null, true));
        assertEquals(RunStrategy.Halted, RunStrategy.of(null, false));
        assertEquals(RunStrategy.Halted, RunStrategy.of(null, null));
        assertEquals(RunStrategy.Manual, RunStrategy.of("Manual", null));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> RunStrategy.of("Always", true));
    }

    @Test
    void dataVolumeErrorTextsAreKubeVirts() {
        assertEquals("DataVolume media is in Failed phase",
                DataVolumeRules.error(new DataVolumeView("media", "Failed")).orElseThrow());
        assertEquals("DataVolume media importer has stopped running due to an error: got 404",
                DataVolumeRules.error(IMPORTER_ERROR).orElseThrow());
        assertTrue(DataVolumeRules.error(IMPORTING).isEmpty());
    }
}
