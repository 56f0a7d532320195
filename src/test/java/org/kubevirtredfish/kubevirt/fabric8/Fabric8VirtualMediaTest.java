package org.kubevirtredfish.kubevirt.fabric8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.kubevirtredfish.kubevirt.BootMode;
import org.kubevirtredfish.kubevirt.BootOverride;
import org.kubevirtredfish.kubevirt.BootOverrideEnabled;
import org.kubevirtredfish.kubevirt.BootSource;
import org.kubevirtredfish.kubevirt.MediaInsert;
import org.kubevirtredfish.kubevirt.MediaState;
import org.kubevirtredfish.kubevirt.PowerAction;
import org.kubevirtredfish.kubevirt.PowerState;

/** Virtual media as CDI DataVolumes: what is created, how failures show, what eject removes. */
class Fabric8VirtualMediaTest extends MockClusterTestBase {

    private static final URI ISO = URI.create("http://images.example.com/agent.x86_64.iso");

    private GenericKubernetesResource dataVolume(String name) {
        return cluster.admin.genericKubernetesResources(KubeVirtResources.DATA_VOLUME).inNamespace("ns-a")
                .withName(name).get();
    }

    private JsonNode vm() {
        return KubeVirtResources.tree(cluster.admin.genericKubernetesResources(KubeVirtResources.VM)
                .inNamespace("ns-a").withName("alpha").get());
    }

    @Test
    void dataVolumeNamesAreDeterministicDnsSafeAndShort() {
        String name = VirtualMedia.dataVolumeName("alpha", ISO);
        assertEquals(name, VirtualMedia.dataVolumeName("alpha", ISO));
        assertNotEquals(name, VirtualMedia.dataVolumeName("alpha", URI.create("http://images.example.com/b.iso")));
        assertTrue(name.matches("alpha-cd-[0-9a-f]{8}"), name);
        String longName = VirtualMedia.dataVolumeName("a".repeat(62) + ".b", ISO);
        assertTrue(longName.length() <= 63 && longName.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?"), longName);
    }

    @Test
    void insertCreatesAnOwnedImmediateBindingDataVolumeAndAReadOnlySataCdrom() {
        cluster(ALPHA);
        Fabric8KubeVirtGateway gateway = gateway(new Fabric8Options(Duration.ofSeconds(5), 5, 3, "lvms-vg1", "3Gi"),
                "ns-a");
        gateway.setBootOverride(ALPHA.id(), new BootOverride(BootSource.Cd, BootOverrideEnabled.Once, BootMode.UEFI));
        gateway.insertMedia(ALPHA.id(), new MediaInsert(ISO, true));
        String name = VirtualMedia.dataVolumeName("alpha", ISO);
        JsonNode dv = KubeVirtResources.tree(dataVolume(name));
        assertEquals(ISO.toString(), dv.at("/spec/source/http/url").asText());
        assertEquals("3Gi", dv.at("/spec/storage/resources/requests/storage").asText());
        assertEquals("lvms-vg1", dv.at("/spec/storage/storageClassName").asText());
        assertEquals("true", dv.at("/metadata/annotations/cdi.kubevirt.io~1storage.bind.immediate.requested").asText());
        assertEquals("VirtualMachine", dv.at("/metadata/ownerReferences/0/kind").asText());
        assertEquals(vm().at("/metadata/uid").asText(), dv.at("/metadata/ownerReferences/0/uid").asText());
        JsonNode vm = vm();
        JsonNode cd = vm.at("/spec/template/spec/domain/devices/disks/1");
        assertEquals("redfish-cd", cd.path("name").asText());
        assertEquals("sata", cd.at("/cdrom/bus").asText());
        assertTrue(cd.at("/cdrom/readonly").asBoolean());
        assertEquals(1, cd.path("bootOrder").asInt(), "the Cd override puts the inserted CD first");
        assertEquals(name, vm.at("/spec/template/spec/volumes/1/dataVolume/name").asText());
        assertEquals(MediaState.Phase.READY, await(gateway, ALPHA.id(), "READY",
                v -> v.media().phase() != MediaState.Phase.IMPORTING).media().phase());
    }

    @Test
    void aFailedImportIsReportedAndDropsTheHeldPowerOn() {
        cluster(ALPHA);
        Fabric8KubeVirtGateway gateway = gateway();
        gateway.insertMedia(ALPHA.id(), new MediaInsert(URI.create("http://nowhere.invalid/x.iso"), true));
        gateway.power(ALPHA.id(), PowerAction.START);
        var failed = await(gateway, ALPHA.id(), "FAILED and Off", vm -> vm.media().phase() == MediaState.Phase.FAILED
                && vm.powerState() == PowerState.Off);
        assertTrue(failed.media().message().contains("no such host"), failed.media().message());
        assertTrue(cluster.kubevirt.calls.isEmpty(), "never started: " + cluster.kubevirt.calls);
        assertNull(VmSnapshots.annotation(vm(), KubeVirtResources.PENDING_START_ANNOTATION));
    }

    @Test
    void ejectRemovesTheCdromTheVolumeAndTheDataVolume() {
        cluster(ALPHA);
        Fabric8KubeVirtGateway gateway = gateway();
        gateway.insertMedia(ALPHA.id(), new MediaInsert(ISO, true));
        await(gateway, ALPHA.id(), "READY", vm -> vm.media().phase() == MediaState.Phase.READY);
        gateway.ejectMedia(ALPHA.id());
        assertNull(dataVolume(VirtualMedia.dataVolumeName("alpha", ISO)));
        JsonNode vm = vm();
        assertEquals(1, vm.at("/spec/template/spec/domain/devices/disks").size());
        assertEquals(1, vm.at("/spec/template/spec/volumes").size());
        assertNull(VmSnapshots.annotation(vm, KubeVirtResources.MEDIA_IMAGE_ANNOTATION));
        assertEquals(MediaState.Phase.EMPTY, gateway.find(ALPHA.id()).orElseThrow().media().phase());
    }
}
