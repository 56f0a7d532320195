package org.kubevirtredfish.kubevirt.fabric8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.kubevirtredfish.kubevirt.PowerAction;
import org.kubevirtredfish.kubevirt.PowerState;
import org.kubevirtredfish.kubevirt.ResetPlanner;
import org.kubevirtredfish.kubevirt.ResetType;
import org.kubevirtredfish.kubevirt.VirtualMachine;

/**
 * Issue 8 S1-S3 on the fabric8 gateway. The cluster is put into the states directly (a VMI created by someone else,
 * a VMI that is being deleted, a VM status that says Provisioning), the way virt-controller would leave them; the
 * test-side virt-api answers "VM is not running" to a stop or restart of a VM it did not start itself.
 */
class Fabric8PowerSemanticsTest extends MockClusterTestBase {

    private static final String FINALIZER = "test.redfish.kubevirt.io/keep";

    /** A VMI of alpha in the given phase; {@code deleting}: marked for deletion, kept by a finalizer. */
    private GenericKubernetesResource instance(String phase, boolean deleting) {
        GenericKubernetesResource vmi = new GenericKubernetesResource();
        vmi.setApiVersion("kubevirt.io/v1");
        vmi.setKind("VirtualMachineInstance");
        vmi.setMetadata(new ObjectMetaBuilder().withName("alpha").withNamespace("ns-a")
                .withUid(UUID.randomUUID().toString()).withCreationTimestamp(Instant.now().minusSeconds(60).toString())
                .withFinalizers(FINALIZER).build());
        vmi.setAdditionalProperty("spec", Map.of("domain", Map.of("devices", Map.of())));
        vmi.setAdditionalProperty("status", Map.of("phase", phase));
        GenericKubernetesResource created = cluster.admin.genericKubernetesResources(KubeVirtResources.VMI)
                .inNamespace("ns-a").resource(vmi).create();
        if (deleting) {
            cluster.admin.genericKubernetesResources(KubeVirtResources.VMI).inNamespace("ns-a").withName("alpha")
                    .delete();
        }
        return created;
    }

    /**
     * The old VMI goes: marked for deletion if it was not, then its finalizer is removed. Never a second delete,
     * which could hit the instance a held start has created meanwhile.
     */
    private void instanceGone() {
        var vmi = cluster.admin.genericKubernetesResources(KubeVirtResources.VMI).inNamespace("ns-a").withName("alpha");
        if (vmi.get().getMetadata().getDeletionTimestamp() == null) {
            vmi.delete();
        }
        vmi.patch(PatchContext.of(PatchType.JSON), "[{\"op\":\"remove\",\"path\":\"/metadata/finalizers\"}]");
    }

    private void vmStatus(String printableStatus) {
        cluster.admin.genericKubernetesResources(KubeVirtResources.VM).inNamespace("ns-a").withName("alpha")
                .patch(PatchContext.of(PatchType.JSON_MERGE),
                        "{\"status\":{\"printableStatus\":\"" + printableStatus + "\"}}");
    }

    private String pendingStart() {
        return VmSnapshots.annotation(KubeVirtResources.tree(cluster.admin.genericKubernetesResources(
                KubeVirtResources.VM).inNamespace("ns-a").withName("alpha").get()),
                KubeVirtResources.PENDING_START_ANNOTATION);
    }

    /** What the Redfish Reset action does: plan on the power state read now, then perform. */
    private static void reset(Fabric8KubeVirtGateway gateway, ResetType type) {
        ResetPlanner.plan(type, gateway.find(ALPHA.id()).orElseThrow().powerState())
                .ifPresent(action -> gateway.power(ALPHA.id(), action));
    }

    private static VirtualMachine await(Fabric8KubeVirtGateway gateway, String what,
            java.util.function.Predicate<VirtualMachine> condition) {
        return MockClusterTestBase.await(gateway, ALPHA.id(), what, condition);
    }

    /** S3: accepted, PoweringOn at once, no virt-api call until the old instance is gone, then one start. */
    @Test
    void onWhileTheOldInstanceShutsDownIsHeldAndStartsOnceItIsGone() {
        cluster(ALPHA);
        Fabric8KubeVirtGateway gateway = gateway();
        instance("Running", true);
        await(gateway, "PoweringOff", vm -> vm.powerState() == PowerState.PoweringOff);

        reset(gateway, ResetType.On);
        assertEquals(PowerState.PoweringOn, gateway.find(ALPHA.id()).orElseThrow().powerState(),
                "Ironic's poll for on ends at once");
        String token = pendingStart();
        assertNotNull(token, "held in the VM");
        reset(gateway, ResetType.On);
        assertEquals(token, pendingStart(), "a second On while held changes nothing");
        assertEquals(List.of(), cluster.kubevirt.calls, "nothing is asked of virt-api while the old instance exists");

        instanceGone();
        await(gateway, "On by the held start", vm -> vm.powerState() == PowerState.On && vm.instanceId() != null);
        assertEquals(List.of("start ns-a/alpha {}"), cluster.kubevirt.calls);
        GatewayAwait.until("the hold to be cleared", Duration.ofSeconds(10), () -> pendingStart() == null);
    }

    /**
     * S3 for every reset that ends on: while the VM says Stopping (a stop request on its way, the VMI not yet marked
     * for deletion) they are held without a restart or stop call, and the start waits for that very instance.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(value = ResetType.class,
            names = {"GracefulRestart", "ForceRestart", "PowerCycle", "PushPowerButton"})
    void everyResetThatEndsOnIsHeldWhileTheVmIsStopping(ResetType type) {
        cluster(ALPHA);
        Fabric8KubeVirtGateway gateway = gateway();
        instance("Running", false);
        vmStatus("Stopping");
        await(gateway, "PoweringOff", vm -> vm.powerState() == PowerState.PoweringOff);

        reset(gateway, type);
        assertEquals(PowerState.PoweringOn, gateway.find(ALPHA.id()).orElseThrow().powerState());
        assertNotNull(pendingStart());
        assertEquals(List.of(), cluster.kubevirt.calls);

        instanceGone();
        await(gateway, "On by the held start", vm -> vm.powerState() == PowerState.On && vm.instanceId() != null);
        assertEquals(List.of("start ns-a/alpha {}"), cluster.kubevirt.calls);
    }

    /** The hold lives in the VM, with the instance it waits for: a restarted service still waits for that one. */
    @Test
    void aHeldStartSurvivesARestartOfTheService() {
        cluster(ALPHA);
        Fabric8KubeVirtGateway first = gateway();
        GenericKubernetesResource old = instance("Running", false);
        vmStatus("Stopping");
        await(first, "PoweringOff", vm -> vm.powerState() == PowerState.PoweringOff);
        reset(first, ResetType.On);
        first.close();
        org.junit.jupiter.api.Assertions.assertTrue(pendingStart().endsWith("/" + old.getMetadata().getUid()),
                pendingStart());

        Fabric8KubeVirtGateway second = gateway();
        assertEquals(PowerState.PoweringOn, second.find(ALPHA.id()).orElseThrow().powerState());
        assertEquals(List.of(), cluster.kubevirt.calls, "the old instance is still there");
        instanceGone();
        await(second, "On by the held start", vm -> vm.powerState() == PowerState.On && vm.instanceId() != null);
        assertEquals(List.of("start ns-a/alpha {}"), cluster.kubevirt.calls);
    }

    /** S2/S3: ForceOff and GracefulShutdown drop a held power-on; "VM is not running" to the stop is a success. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(value = ResetType.class, names = {"ForceOff", "GracefulShutdown"})
    void aStopDropsTheHeldPowerOn(ResetType stop) {
        cluster(ALPHA);
        Fabric8KubeVirtGateway gateway = gateway();
        instance("Running", true);
        await(gateway, "PoweringOff", vm -> vm.powerState() == PowerState.PoweringOff);
        reset(gateway, ResetType.On);
        assertNotNull(pendingStart());

        reset(gateway, stop);
        assertNull(pendingStart(), "the hold is dropped");
        instanceGone();
        await(gateway, "Off", vm -> vm.powerState() == PowerState.Off && vm.instanceId() == null);
        assertEquals(0, cluster.kubevirt.calls.stream().filter(c -> c.startsWith("start")).count(),
                "never started: " + cluster.kubevirt.calls);
    }

    /**
     * S1/S2: KubeVirt prints Provisioning for a stopped VM whose DataVolume imports; it reads Off, and stops of it
     * succeed without asking virt-api (which would answer 409 "VM is not running").
     */
    @Test
    void aStoppedVmThatKubeVirtCallsProvisioningIsOffAndStopsWithoutACall() {
        cluster(ALPHA);
        Fabric8KubeVirtGateway gateway = gateway();
        vmStatus("Provisioning");
        await(gateway, "Off", vm -> "Provisioning".equals(vm.status()) && vm.powerState() == PowerState.Off);
        reset(gateway, ResetType.ForceOff);
        reset(gateway, ResetType.GracefulShutdown);
        gateway.power(ALPHA.id(), PowerAction.FORCE_STOP);
        gateway.power(ALPHA.id(), PowerAction.STOP);
        assertEquals(List.of(), cluster.kubevirt.calls);
    }

    /** S2: the instance went away before virt-api got our stop; its 409 "VM is not running" is where we wanted. */
    @Test
    void aStopAnsweredVmIsNotRunningIsASuccess() {
        cluster(ALPHA);
        Fabric8KubeVirtGateway gateway = gateway();
        instance("Running", false);
        vmStatus("Running");
        await(gateway, "On", vm -> vm.powerState() == PowerState.On);
        gateway.power(ALPHA.id(), PowerAction.STOP);
        gateway.power(ALPHA.id(), PowerAction.FORCE_STOP);
        assertEquals(List.of("stop ns-a/alpha {}", "stop ns-a/alpha {\"gracePeriod\":0}"), cluster.kubevirt.calls);
    }

    /**
     * A VMI in a final phase does not run: a restart is a start (virt-api refuses restart without a running VMI,
     * KubeVirt v1.9.0 lifecycle.go RestartVMRequestHandler, and accepts start when the VMI is final,
     * StartVMRequestHandler).
     */
    @Test
    void aRestartOfAVmWhoseInstanceEndedIsAStart() {
        cluster(ALPHA);
        Fabric8KubeVirtGateway gateway = gateway();
        instance("Succeeded", false);
        await(gateway, "Off", vm -> vm.powerState() == PowerState.Off && vm.instanceId() != null);
        gateway.power(ALPHA.id(), PowerAction.FORCE_RESTART);
        assertEquals(List.of("start ns-a/alpha {}"), cluster.kubevirt.calls);
    }
}
