package org.kubevirtredfish.kubevirt.fabric8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kubevirtredfish.kubevirt.BootMode;
import org.kubevirtredfish.kubevirt.BootOverride;
import org.kubevirtredfish.kubevirt.BootOverrideEnabled;
import org.kubevirtredfish.kubevirt.BootSource;
import org.kubevirtredfish.kubevirt.MediaInsert;
import org.kubevirtredfish.kubevirt.MediaState;
import org.kubevirtredfish.kubevirt.PowerAction;
import org.kubevirtredfish.kubevirt.PowerState;
import org.kubevirtredfish.kubevirt.VmSeed;

/**
 * The ClusterRole of the OpenShift procedure "Install KubeVirt Redfish" (vendored under
 * src/test/resources/third-party/openshift-docs-538041fc), enforced by the modelled API server for the service's
 * ServiceAccount: it grants VM, VM status and VMI patches but not {@code update} on the lifecycle subresources of
 * {@code subresources.kubevirt.io}. Power, boot override and virtual media still work, power through the patches
 * virt-api itself makes ({@link LifecyclePatches}); the start check names exactly what is missing. With
 * deploy/base/rbac.yaml nothing is denied and nothing is missing.
 */
class DocumentedProcedureRbacTest extends MockClusterTestBase {

    static final Path PROCEDURE_ROLE =
            Path.of("src/test/resources/third-party/openshift-docs-538041fc/manifests/clusterrole.yaml");
    static final Path OUR_ROLE = Path.of("deploy/base/rbac.yaml");

    private final List<Fabric8KubeVirtGateway> started = new ArrayList<>();
    private final List<LogRecord> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Logger permissionLog = Logger.getLogger(ClusterPermissions.class.getName());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private Fabric8KubeVirtGateway serviceAccountGateway(ClusterRoleAuthorizer authorizer) {
        permissionLog.addHandler(capture);
        cluster.enforce(authorizer);
        Fabric8Options options = Fabric8Options.defaults().withRequestTimeout(Duration.ofSeconds(5));
        // the test's image server listens on 127.0.0.1, which the default deny-list refuses
        options = options.withImports(options.imports().withAddresses(ImageServer.POLICY));
        Fabric8KubeVirtGateway gateway = new Fabric8KubeVirtGateway(cluster.serviceAccountClient(5),
                new LinkedHashSet<>(List.of("ns-a")), options);
        started.add(gateway);
        gateway.start();
        GatewayAwait.ready(gateway);
        gateway.checkPermissions();
        return gateway;
    }

    @AfterEach
    void closeGateways() {
        permissionLog.removeHandler(capture);
        started.forEach(Fabric8KubeVirtGateway::close);
    }

    @Test
    void theStartCheckNamesExactlyThePermissionsTheDocumentedRoleLacks() {
        cluster(ALPHA);
        Fabric8KubeVirtGateway gateway = serviceAccountGateway(ClusterRoleAuthorizer.fromYaml(PROCEDURE_ROLE));
        assertEquals(List.of(
                "get instancetype.kubevirt.io virtualmachineclusterpreferences in namespace ns-a",
                "get instancetype.kubevirt.io virtualmachinepreferences in namespace ns-a",
                "update subresources.kubevirt.io virtualmachines/restart in namespace ns-a",
                "update subresources.kubevirt.io virtualmachines/start in namespace ns-a",
                "update subresources.kubevirt.io virtualmachines/stop in namespace ns-a"),
                gateway.missingPermissions());
        assertEquals(5, warnings.size(), "one warning per missing permission: " + warnings);
        assertTrue(warnings.stream().filter(w -> w.getMessage().contains("virtualmachines/start"))
                .allMatch(w -> w.getMessage().contains("power actions use the VM patches virt-api itself makes")));
    }

    @Test
    void withTheDocumentedRolePowerGoesThroughVmPatchesWithVirtApisSemantics() {
        cluster(ALPHA, BRAVO);
        ClusterRoleAuthorizer authorizer = ClusterRoleAuthorizer.fromYaml(PROCEDURE_ROLE);
        Fabric8KubeVirtGateway gateway = serviceAccountGateway(authorizer);
        int warningsAtStart = warnings.size();
        for (VmSeed seed : List.of(ALPHA, BRAVO)) {
            boolean runningField = seed == BRAVO;
            String on = runningField ? "/true" : "Always/";
            String off = runningField ? "/false" : "Halted/";
            assertEquals(off, spec(seed.name()));
            String first = on(gateway, seed, PowerAction.START, null);
            assertEquals(on, spec(seed.name()));
            String second = on(gateway, seed, PowerAction.RESTART, first);
            assertEquals(on, spec(seed.name()));
            on(gateway, seed, PowerAction.FORCE_RESTART, second);
            off(gateway, seed, PowerAction.STOP);
            assertEquals(off, spec(seed.name()));
            on(gateway, seed, PowerAction.START, null);
            off(gateway, seed, PowerAction.FORCE_STOP);
            assertEquals(off, spec(seed.name()));
        }
        assertEquals(List.of(), cluster.kubevirt.calls, "virt-api was never reached");
        assertEquals(List.of("update subresources.kubevirt.io virtualmachines/restart",
                        "update subresources.kubevirt.io virtualmachines/start",
                        "update subresources.kubevirt.io virtualmachines/stop"),
                authorizer.denied.stream().distinct().sorted().toList(), "nothing else was denied");
        assertEquals(warningsAtStart, warnings.size(), "denials known from the start check are not logged again");
    }

    @Test
    void withTheDocumentedRoleTheInstallerFlowBootsTheInsertedMedia() {
        cluster(ALPHA);
        ClusterRoleAuthorizer authorizer = ClusterRoleAuthorizer.fromYaml(PROCEDURE_ROLE);
        Fabric8KubeVirtGateway gateway = serviceAccountGateway(authorizer);
        // the documented manual boot sequence: InsertMedia, PATCH Boot Cd Once, Reset On
        gateway.insertMedia(ALPHA.id(), new MediaInsert(images.url("/isos/a.iso"), true));
        gateway.setBootOverride(ALPHA.id(), new BootOverride(BootSource.Cd, BootOverrideEnabled.Once, BootMode.UEFI));
        gateway.power(ALPHA.id(), PowerAction.START);
        var vm = await(gateway, ALPHA.id(), "On from the inserted media", v -> v.powerState() == PowerState.On
                && v.media().phase() == MediaState.Phase.READY);
        assertEquals(BootSource.Cd, vm.boot().target());
        // Ironic's reboot after the install: ForceRestart, then the Once override is used up
        gateway.power(ALPHA.id(), PowerAction.FORCE_RESTART);
        await(gateway, ALPHA.id(), "a new instance", v -> v.powerState() == PowerState.On
                && !v.instanceId().equals(vm.instanceId()));
        gateway.ejectMedia(ALPHA.id());
        await(gateway, ALPHA.id(), "media ejected", v -> !v.media().inserted());
        assertTrue(authorizer.denied.stream().allMatch(d -> d.startsWith("update subresources.kubevirt.io virtualmachines/")),
                "only the lifecycle subresources were denied: " + authorizer.denied);
    }

    @Test
    void withOurOwnRoleNothingIsDeniedNothingIsMissingAndVirtApiDoesThePower() {
        cluster(ALPHA);
        ClusterRoleAuthorizer authorizer = ClusterRoleAuthorizer.fromYaml(OUR_ROLE);
        Fabric8KubeVirtGateway gateway = serviceAccountGateway(authorizer);
        assertEquals(List.of(), gateway.missingPermissions());
        gateway.insertMedia(ALPHA.id(), new MediaInsert(images.url("/isos/a.iso"), true));
        gateway.setBootOverride(ALPHA.id(), new BootOverride(BootSource.Cd, BootOverrideEnabled.Once, BootMode.UEFI));
        String first = on(gateway, ALPHA, PowerAction.START, null);
        on(gateway, ALPHA, PowerAction.FORCE_RESTART, first);
        off(gateway, ALPHA, PowerAction.STOP);
        gateway.ejectMedia(ALPHA.id());
        assertEquals(List.of(), authorizer.denied);
        assertFalse(cluster.kubevirt.calls.isEmpty(), "power went through virt-api's subresources");
        assertEquals(List.of(), gateway.missingPermissions());
    }

    private static ReconcilerLease.Settings lease() {
        return new ReconcilerLease.Settings("kubevirt-redfish", ReconcilerLease.Settings.DEFAULT_NAME, "pod-0",
                Duration.ofSeconds(20), Duration.ofSeconds(15), Duration.ofMillis(200));
    }

    /** deploy/'s Role kubevirt-redfish-leader-election: the ServiceAccount takes the Lease in its namespace. */
    @Test
    void withOurRolesTheReplicaTakesTheLeaseInItsNamespaceAndNothingIsDenied() {
        cluster(ALPHA);
        ClusterRoleAuthorizer authorizer = ClusterRoleAuthorizer.fromYaml(OUR_ROLE).withRolesFrom(OUR_ROLE);
        Fabric8KubeVirtGateway gateway = serviceAccountGateway(authorizer);
        gateway.campaign(lease());
        GatewayAwait.until("the replica to lead", Duration.ofSeconds(10), () -> gateway.reconciling().orElseThrow());
        assertEquals("pod-0", cluster.admin.leases().inNamespace("kubevirt-redfish")
                .withName(ReconcilerLease.Settings.DEFAULT_NAME).get().getSpec().getHolderIdentity());
        assertEquals(List.of(), authorizer.denied);
    }

    /**
     * Without the Role (the procedure's ClusterRole only) the Lease is out of reach: the replica says so and
     * reconciles without an election, as a single replica did before, instead of never issuing a held start.
     */
    @Test
    void withoutTheLeaseRoleTheReplicaReconcilesWithoutElection() {
        cluster(ALPHA);
        ClusterRoleAuthorizer authorizer = ClusterRoleAuthorizer.fromYaml(PROCEDURE_ROLE);
        Fabric8KubeVirtGateway gateway = serviceAccountGateway(authorizer);
        gateway.campaign(lease());
        assertTrue(gateway.reconciling().orElseThrow());
        assertTrue(gateway.reconcilerLeader().isEmpty(), "no election");
        assertTrue(authorizer.denied.stream().noneMatch(d -> d.contains("leases")), "checked, not tried: "
                + authorizer.denied);
        gateway.power(ALPHA.id(), PowerAction.START);
        await(gateway, ALPHA.id(), "On", vm -> vm.powerState() == PowerState.On);
    }

    private String spec(String name) {
        var spec = KubeVirtResources.tree(cluster.admin.genericKubernetesResources(KubeVirtResources.VM)
                .inNamespace("ns-a").withName(name).get()).path("spec");
        return spec.path("runStrategy").asText() + "/" + spec.path("running").asText();
    }

    private static String on(Fabric8KubeVirtGateway gateway, VmSeed seed, PowerAction action, String previousInstance) {
        gateway.power(seed.id(), action);
        return await(gateway, seed.id(), "On after " + action, vm -> vm.powerState() == PowerState.On
                && vm.instanceId() != null && !vm.instanceId().equals(previousInstance)).instanceId();
    }

    private static void off(Fabric8KubeVirtGateway gateway, VmSeed seed, PowerAction action) {
        gateway.power(seed.id(), action);
        await(gateway, seed.id(), "Off after " + action, vm -> vm.powerState() == PowerState.Off
                && vm.instanceId() == null);
    }
}
