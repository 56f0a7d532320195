package org.kubevirtredfish.kubevirt.fabric8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kubevirtredfish.kubevirt.DriveInventory;
import org.kubevirtredfish.kubevirt.MediaInsert;
import org.kubevirtredfish.kubevirt.ProcessorInventory;
import org.kubevirtredfish.kubevirt.VirtualMachine;
import org.kubevirtredfish.kubevirt.VmId;

/** The CPUs and disks the fabric8 gateway reads from the VM, its VMI and the claims behind its volumes. */
class Fabric8InventoryTest extends MockClusterTestBase {

    private static final VmId ARM = new VmId("ns-a", "arm");
    private static final long GIB = 1L << 30;

    /** An arm64 VM: 2 sockets x 4 cores x 2 threads; a DataVolume disk, a PVC LUN, a containerDisk, no buses. */
    private static final String ARM_VM = """
            {"apiVersion": "kubevirt.io/v1", "kind": "VirtualMachine",
             "metadata": {"name": "arm", "namespace": "ns-a", "labels": {"redfish-enabled": "true"}},
             "spec": {"runStrategy": "Halted", "template": {"spec": {
               "architecture": "arm64",
               "domain": {
                 "cpu": {"sockets": 2, "cores": 4, "threads": 2, "model": "host-passthrough"},
                 "memory": {"guest": "8Gi"},
                 "devices": {"disks": [
                   {"name": "root", "disk": {"bus": "virtio"}, "serial": "root-serial-1"},
                   {"name": "data", "lun": {"bus": "scsi"}},
                   {"name": "scratch", "disk": {}}]}},
               "volumes": [
                 {"name": "root", "dataVolume": {"name": "arm-root"}},
                 {"name": "data", "persistentVolumeClaim": {"claimName": "arm-data"}},
                 {"name": "scratch", "containerDisk": {"image": "quay.io/containerdisks/fedora:40"}}]}}},
             "status": {"printableStatus": "Stopped", "runStrategy": "Halted"}}
            """;

    private void createArmVm() {
        cluster.admin.genericKubernetesResources(KubeVirtResources.VM).inNamespace("ns-a")
                .resource(Serialization.unmarshal(ARM_VM, GenericKubernetesResource.class)).create();
    }

    @Test
    void processorTopologyArchitectureAndModelComeFromTheTemplate() {
        cluster(ALPHA);
        createArmVm();
        Fabric8KubeVirtGateway gateway = gateway();
        ProcessorInventory cpu = await(gateway, ARM, "listed", v -> true).processor();
        assertEquals(new ProcessorInventory("arm64", 2, 4, 2, "host-passthrough"), cpu);
        VirtualMachine vm = gateway.find(ARM).orElseThrow();
        assertEquals(16, vm.cpus(), "vCPUs: sockets x cores x threads");
        // the seeded VM: 1 socket x 2 cores, amd64 as the VM webhook sets it, the cluster's default model
        assertEquals(new ProcessorInventory("amd64", 1, 2, 1, null), gateway.find(ALPHA.id()).orElseThrow().processor());
    }

    @Test
    void driveCapacitiesComeFromBoundClaimsAndNeverFromAGuess() {
        cluster(ALPHA);
        createArmVm();
        cluster.claim("ns-a", "arm-root", "30Gi", true);
        cluster.claim("ns-a", "arm-data", "500Gi", false);
        Fabric8KubeVirtGateway gateway = gateway();
        VirtualMachine vm = await(gateway, ARM, "the root claim's capacity",
                v -> v.drives().get(0).capacityBytes() != null);
        assertEquals(List.of(
                new DriveInventory("root", DriveInventory.Kind.DISK, "virtio", "root-serial-1", 30 * GIB, "arm-root"),
                // a claim that is not bound has no capacity yet
                new DriveInventory("data", DriveInventory.Kind.LUN, "scsi", null, null, "arm-data"),
                // no bus: arm64 defaults to virtio; a containerDisk has no claim and no known size
                new DriveInventory("scratch", DriveInventory.Kind.DISK, "virtio", null, null, null)), vm.drives());
        // the seeded amd64 VM's disk on DataVolume alpha-rootdisk, whose claim does not exist
        assertEquals(List.of(new DriveInventory("rootdisk", DriveInventory.Kind.DISK, "virtio", null, null,
                "alpha-rootdisk")), gateway.find(ALPHA.id()).orElseThrow().drives());

        // once bound, the informer brings the capacity: reads make no API call
        cluster.admin.persistentVolumeClaims().inNamespace("ns-a").withName("arm-data").editStatus(pvc -> {
            pvc.getStatus().setPhase("Bound");
            pvc.getStatus().getCapacity().put("storage", new io.fabric8.kubernetes.api.model.Quantity("500Gi"));
            return pvc;
        });
        await(gateway, ARM, "the data claim bound", v -> Long.valueOf(500 * GIB).equals(v.drives().get(1).capacityBytes()));
        int requests = cluster.requestCount();
        for (int i = 0; i < 20; i++) {
            gateway.find(ARM).orElseThrow().drives();
            gateway.list("ns-a");
        }
        assertEquals(requests, cluster.requestCount(), "drive capacities are read from the informer cache");
    }

    @Test
    void theMediaCdromIsADriveWithoutCapacity() {
        cluster(ALPHA);
        Fabric8KubeVirtGateway gateway = gateway();
        gateway.insertMedia(ALPHA.id(), new MediaInsert(images.url("/isos/a.iso"), true));
        VirtualMachine vm = await(gateway, ALPHA.id(), "with its CD-ROM", v -> v.drives().size() == 2);
        DriveInventory cd = vm.drives().get(1);
        assertEquals(KubeVirtResources.MEDIA_DEVICE, cd.name());
        assertEquals(DriveInventory.Kind.CDROM, cd.kind());
        assertEquals("sata", cd.bus(), "the CD-ROM bus of amd64");
        assertNull(cd.capacityBytes(), "the claim's size is not the medium's");
        assertTrue(!cd.isVolume());
    }

    @Test
    void withoutPermissionToListClaimsCapacitiesReadNullAndTheGatewayIsReady() {
        cluster(ALPHA);
        cluster.claim("ns-a", "alpha-rootdisk", "20Gi", true);
        ClusterRole ours = ourRoleWithoutClaimListing();
        ClusterRoleAuthorizer authorizer = new ClusterRoleAuthorizer(ours);
        cluster.enforce(authorizer);
        Fabric8KubeVirtGateway gateway = new Fabric8KubeVirtGateway(cluster.serviceAccountClient(5),
                new LinkedHashSet<>(List.of("ns-a")), Fabric8Options.defaults().withRequestTimeout(Duration.ofSeconds(5)));
        try {
            gateway.start();
            GatewayAwait.ready(gateway);
            GatewayAwait.until("the claim informer denied", Duration.ofSeconds(10),
                    () -> authorizer.denied.contains("list  persistentvolumeclaims"));
            VirtualMachine vm = gateway.find(ALPHA.id()).orElseThrow();
            assertNull(vm.drives().get(0).capacityBytes());
            assertEquals("alpha-rootdisk", vm.drives().get(0).claimName());
            assertEquals(2, vm.cpus());
        } finally {
            gateway.close();
        }
    }

    /** deploy/base/rbac.yaml's ClusterRole without list and watch on persistentvolumeclaims. */
    private static ClusterRole ourRoleWithoutClaimListing() {
        ClusterRole role;
        try {
            String yaml = java.nio.file.Files.readString(DocumentedProcedureRbacTest.OUR_ROLE);
            String doc = java.util.Arrays.stream(yaml.split("(?m)^---\\s*$"))
                    .filter(d -> d.contains("kind: ClusterRole\n")).findFirst().orElseThrow();
            role = Serialization.unmarshal(doc, ClusterRole.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        List<PolicyRule> rules = new ArrayList<>();
        for (PolicyRule r : role.getRules()) {
            if (r.getResources().contains("persistentvolumeclaims")) {
                r.setVerbs(List.of("get"));
            }
            rules.add(r);
        }
        role.setRules(rules);
        return role;
    }
}
