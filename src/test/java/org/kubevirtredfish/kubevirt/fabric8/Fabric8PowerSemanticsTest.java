package org.kubevirtredfish.kubevirt.fabric8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kubevirtredfish.kubevirt.PowerAction;
import org.kubevirtredfish.kubevirt.PowerState;
import org.kubevirtredfish.kubevirt.ResetPlanner;
import org.kubevirtredfish.kubevirt.ResetType;
import org.kubevirtredfish.kubevirt.VirtualMachine;
import org.kubevirtredfish.kubevirt.VmSeed;
import org.kubevirtredfish.kubevirt.model.KubeVirtTimings;

/**
 * Issue 8 S1-S3 on the fabric8 gateway, over the mock cluster's own KubeVirt behaviour: the VM is started and stopped
 * through virt-api, the old instance shuts down for as long as a slow guest takes (until the test lets the guest
 * power off, {@link KubeVirtControllerSimulator#guestPowerOff}), and a stopped VM reads Provisioning because its
 * DataVolume is stuck.
 */
class Fabric8PowerSemanticsTest extends MockClusterTestBase {

    /** A guest that ignores the ACPI shutdown: a graceful stop lasts its whole grace period (30 s by default). */
    private static final KubeVirtTimings SLOW_GUEST = new KubeVirtTimings(Duration.ofMinutes(10), Duration.ofMillis(15),
            Duration.ofMillis(15));

    /** ALPHA with runStrategy Manual: virt-api answers "VM is not running" to a stop when it has no live instance. */
    private static final VmSeed MANUAL_ALPHA = new VmSeed(ALPHA.namespace(), ALPHA.name(), ALPHA.labels(),
            ALPHA.cpus(), ALPHA.memory(), ALPHA.macs(), "Manual", null);

    /** The guest powers itself off (its VMI ends Succeeded); nothing when the instance is gone already. */
    private void instanceGone() {
        cluster.kubevirt.guestPowerOff("ns-a", "alpha");
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

    /** Started through virt-api and running; the calls so far are forgotten. Returns the instance's uid. */
    private String running(Fabric8KubeVirtGateway gateway) {
        gateway.power(ALPHA.id(), PowerAction.START);
        String uid = await(gateway, "On", vm -> vm.powerState() == PowerState.On && vm.instanceId() != null)
                .instanceId();
        cluster.kubevirt.calls.clear();
        return uid;
    }

    /**
     * Running, then gracefully stopped: virt-controller has marked the VMI for deletion and the slow guest keeps it
     * (PoweringOff) until {@link #instanceGone()}. The calls so far are forgotten. Returns the old instance's uid.
     */
    private String shuttingDown(Fabric8KubeVirtGateway gateway) {
        String old = running(gateway);
        gateway.power(ALPHA.id(), PowerAction.STOP);
        await(gateway, "PoweringOff", vm -> vm.powerState() == PowerState.PoweringOff && old.equals(vm.instanceId()));
        cluster.kubevirt.calls.clear();
        return old;
    }

    /** S3: accepted, PoweringOn at once, no virt-api call until the old instance is gone, then one start. */
    @Test
    void onWhileTheOldInstanceShutsDownIsHeldAndStartsOnceItIsGone() {
        cluster(SLOW_GUEST, ALPHA);
        Fabric8KubeVirtGateway gateway = gateway();
        String old = shuttingDown(gateway);

        reset(gateway, ResetType.On);
        assertEquals(PowerState.PoweringOn, gateway.find(ALPHA.id()).orElseThrow().powerState(),
                "Ironic's poll for on ends at once");
        String token = pendingStart();
        assertNotNull(token, "held in the VM");
        reset(gateway, ResetType.On);
        assertEquals(token, pendingStart(), "a second On while held changes nothing");
        assertEquals(List.of(), cluster.kubevirt.calls, "nothing is asked of virt-api while the old instance exists");

        instanceGone();
        await(gateway, "On by the held start", vm -> vm.powerState() == PowerState.On && vm.instanceId() != null
                && !old.equals(vm.instanceId()));
        assertEquals(List.of("start ns-a/alpha {}"), cluster.kubevirt.calls);
        GatewayAwait.until("the hold to be cleared", Duration.ofSeconds(10), () -> pendingStart() == null);
    }

    /**
     * S3 for every reset that ends on: while the VM is Stopping (the old instance still shuts down) they are held
     * without a restart or stop call, and the start waits for that very instance.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(value = ResetType.class,
            names = {"GracefulRestart", "ForceRestart", "PowerCycle", "PushPowerButton"})
    void everyResetThatEndsOnIsHeldWhileTheVmIsStopping(ResetType type) {
        cluster(SLOW_GUEST, ALPHA);
        Fabric8KubeVirtGateway gateway = gateway();
        String old = shuttingDown(gateway);
        await(gateway, "Stopping", vm -> "Stopping".equals(vm.status()) && vm.powerState() == PowerState.PoweringOff);

        reset(gateway, type);
        assertEquals(PowerState.PoweringOn, gateway.find(ALPHA.id()).orElseThrow().powerState());
        assertNotNull(pendingStart());
        assertEquals(List.of(), cluster.kubevirt.calls);

        instanceGone();
        await(gateway, "On by the held start", vm -> vm.powerState() == PowerState.On && vm.instanceId() != null
                && !old.equals(vm.instanceId()));
        assertEquals(List.of("start ns-a/alpha {}"), cluster.kubevirt.calls);
    }

    /** The hold lives in the VM, with the instance it waits for: a restarted service still waits for that one. */
    @Test
    void aHeldStartSurvivesARestartOfTheService() {
        cluster(SLOW_GUEST, ALPHA);
        Fabric8KubeVirtGateway first = gateway();
        String old = shuttingDown(first);
        reset(first, ResetType.On);
        first.close();
        org.junit.jupiter.api.Assertions.assertTrue(pendingStart().endsWith("/" + old), pendingStart());

        int watchesBefore = cluster.dispatcher.openWatches.size();
        Fabric8KubeVirtGateway second = gateway();
        GatewayAwait.until("the new service's VMI watch to be open", Duration.ofSeconds(10),
                () -> List.copyOf(cluster.dispatcher.openWatches).stream().skip(watchesBefore)
                        .anyMatch(w -> w.contains("/virtualmachineinstances?")));
        assertEquals(PowerState.PoweringOn, second.find(ALPHA.id()).orElseThrow().powerState());
        assertEquals(List.of(), cluster.kubevirt.calls, "the old instance is still there");
        instanceGone();
        await(second, "On by the held start", vm -> vm.powerState() == PowerState.On && vm.instanceId() != null
                && !old.equals(vm.instanceId()));
        assertEquals(List.of("start ns-a/alpha {}"), cluster.kubevirt.calls);
    }

    /** S2/S3: ForceOff and GracefulShutdown drop a held power-on; a stop of the instance shutting down succeeds. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(value = ResetType.class, names = {"ForceOff", "GracefulShutdown"})
    void aStopDropsTheHeldPowerOn(ResetType stop) {
        cluster(SLOW_GUEST, ALPHA);
        Fabric8KubeVirtGateway gateway = gateway();
        shuttingDown(gateway);
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
     * S1/S2: KubeVirt prints Provisioning for a stopped VM whose DataVolume imports (here one CDI never gets past
     * Pending); it reads Off, and stops of it succeed without asking virt-api (which would answer 409 "VM is not
     * running").
     */
    @Test
    void aStoppedVmThatKubeVirtCallsProvisioningIsOffAndStopsWithoutACall() {
        cluster(ALPHA);
        GenericKubernetesResource dv = new GenericKubernetesResource();
        dv.setApiVersion("cdi.kubevirt.io/v1beta1");
        dv.setKind("DataVolume");
        dv.setMetadata(new ObjectMetaBuilder().withName("alpha-rootdisk").withNamespace("ns-a").build());
        dv.setAdditionalProperty("spec", Map.of(
                "source", Map.of("http", Map.of("url", "http://images.example/stall/rootdisk.img")),
                "storage", Map.of("resources", Map.of("requests", Map.of("storage", "1Gi")))));
        cluster.admin.genericKubernetesResources(KubeVirtResources.DATA_VOLUME).inNamespace("ns-a").resource(dv)
                .create();
        Fabric8KubeVirtGateway gateway = gateway();
        await(gateway, "Off", vm -> "Provisioning".equals(vm.status()) && vm.powerState() == PowerState.Off);
        reset(gateway, ResetType.ForceOff);
        reset(gateway, ResetType.GracefulShutdown);
        gateway.power(ALPHA.id(), PowerAction.FORCE_STOP);
        gateway.power(ALPHA.id(), PowerAction.STOP);
        assertEquals(List.of(), cluster.kubevirt.calls);
    }

    /**
     * S2: the guest powered itself off just before virt-api got our stop (the gateway still read On); virt-api's 409
     * "VM is not running" (KubeVirt v1.9.0 lifecycle.go StopVMRequestHandler, runStrategy Manual without a live VMI)
     * is where we wanted the VM: a success.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(value = PowerAction.class, names = {"STOP", "FORCE_STOP"})
    void aStopAnsweredVmIsNotRunningIsASuccess(PowerAction stop) {
        cluster(MANUAL_ALPHA);
        Fabric8KubeVirtGateway gateway = gateway();
        running(gateway);
        cluster.dispatcher.beforeNext(r -> "PUT".equals(r.getMethod()) && r.getPath().endsWith("/alpha/stop"),
                this::instanceGone);
        assertEquals(PowerState.On, gateway.find(ALPHA.id()).orElseThrow().powerState());

        gateway.power(ALPHA.id(), stop);
        assertEquals(List.of(stop == PowerAction.STOP ? "stop ns-a/alpha {}" : "stop ns-a/alpha {\"gracePeriod\":0}"),
                cluster.kubevirt.calls);
        await(gateway, "Off", vm -> vm.powerState() == PowerState.Off);
    }

    /**
     * A VMI in a final phase does not run: a restart is a start (virt-api refuses restart without a running VMI,
     * KubeVirt v1.9.0 lifecycle.go RestartVMRequestHandler, and accepts start when the VMI is final,
     * StartVMRequestHandler). Under runStrategy Manual the VMI of a guest that powered itself off stays, Succeeded.
     */
    @Test
    void aRestartOfAVmWhoseInstanceEndedIsAStart() {
        cluster(MANUAL_ALPHA);
        Fabric8KubeVirtGateway gateway = gateway();
        String ended = running(gateway);
        instanceGone();
        // virt-controller has acted on every state change request of the earlier start (none left to create a VMI)
        GatewayAwait.until("no pending state change request", Duration.ofSeconds(10), () -> KubeVirtResources.tree(
                cluster.admin.genericKubernetesResources(KubeVirtResources.VM).inNamespace("ns-a").withName("alpha")
                        .get()).at("/status/stateChangeRequests").size() == 0);
        await(gateway, "Off", vm -> vm.powerState() == PowerState.Off && ended.equals(vm.instanceId()));
        // the VM's and the VMI's informers are separate: Off may show (printableStatus Stopped) before the VMI
        // informer has the Succeeded phase; until then the gateway rightly asks virt-api for a restart
        GatewayAwait.until("the gateway sees the instance ended", Duration.ofSeconds(10),
                () -> !gateway.hasLiveInstance(ALPHA.id()));
        gateway.power(ALPHA.id(), PowerAction.FORCE_RESTART);
        assertEquals(List.of("start ns-a/alpha {}"), cluster.kubevirt.calls);
        await(gateway, "On with a new instance", vm -> vm.powerState() == PowerState.On && vm.instanceId() != null
                && !ended.equals(vm.instanceId()));
    }
}
