package org.kubevirtredfish.kubevirt.fabric8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kubevirtredfish.kubevirt.BootMode;
import org.kubevirtredfish.kubevirt.BootOverride;
import org.kubevirtredfish.kubevirt.BootOverrideEnabled;
import org.kubevirtredfish.kubevirt.BootSource;
import org.kubevirtredfish.kubevirt.GatewayException;
import org.kubevirtredfish.kubevirt.MediaInsert;
import org.kubevirtredfish.kubevirt.MediaState;
import org.kubevirtredfish.kubevirt.PowerAction;
import org.kubevirtredfish.kubevirt.PowerState;
import org.kubevirtredfish.kubevirt.VirtualMachine;

/** Virtual media as CDI DataVolumes: the size probe, what is created, how failures show, what eject removes. */
class Fabric8VirtualMediaTest extends MockClusterTestBase {

    private final URI iso = images.url("/isos/agent.x86_64.iso");

    private GenericKubernetesResource dataVolume(String name) {
        return cluster.admin.genericKubernetesResources(KubeVirtResources.DATA_VOLUME).inNamespace("ns-a")
                .withName(name).get();
    }

    private List<GenericKubernetesResource> dataVolumes() {
        return cluster.admin.genericKubernetesResources(KubeVirtResources.DATA_VOLUME).inNamespace("ns-a").list()
                .getItems();
    }

    private JsonNode vm() {
        return KubeVirtResources.tree(cluster.admin.genericKubernetesResources(KubeVirtResources.VM)
                .inNamespace("ns-a").withName("alpha").get());
    }

    private static void insert(Fabric8KubeVirtGateway gateway, URI image) {
        gateway.insertMedia(ALPHA.id(), new MediaInsert(image, true));
    }

    private static VirtualMachine awaitMedia(Fabric8KubeVirtGateway gateway, MediaState.Phase phase) {
        return await(gateway, ALPHA.id(), phase.name(), vm -> vm.media().phase() == phase);
    }

    @Test
    void dataVolumeNamesAreDeterministicDnsSafeAndShort() {
        String name = VirtualMedia.dataVolumeName("alpha", iso);
        assertEquals(name, VirtualMedia.dataVolumeName("alpha", iso));
        assertNotEquals(name, VirtualMedia.dataVolumeName("alpha", URI.create("http://images.example.com/b.iso")));
        assertTrue(name.matches("alpha-cd-[0-9a-f]{8}"), name);
        String longName = VirtualMedia.dataVolumeName("a".repeat(62) + ".b", iso);
        assertTrue(longName.length() <= 63 && longName.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?"), longName);
    }

    @Test
    void insertSizesAnOwnedImmediateBindingDataVolumeFromContentLengthAndAttachesAReadOnlySataCdrom() {
        cluster(ALPHA);
        Fabric8KubeVirtGateway gateway = gateway(new Fabric8Options(Duration.ofSeconds(5), 5, 3, "lvms-vg1", "3Gi",
                ImageImportOptions.defaults().withCertConfigMap("image-ca")), "ns-a");
        gateway.setBootOverride(ALPHA.id(), new BootOverride(BootSource.Cd, BootOverrideEnabled.Once, BootMode.UEFI));
        insert(gateway, iso);
        String name = VirtualMedia.dataVolumeName("alpha", iso);
        JsonNode dv = KubeVirtResources.tree(dataVolume(name));
        assertEquals(iso.toString(), dv.at("/spec/source/http/url").asText());
        assertEquals("image-ca", dv.at("/spec/source/http/certConfigMap").asText());
        assertEquals("1164Mi", dv.at("/spec/storage/resources/requests/storage").asText(), "1000Mi + 10% + 64Mi");
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
        assertEquals(List.of("HEAD " + iso.getPath()), images.requests);
        VirtualMachine ready = awaitMedia(gateway, MediaState.Phase.READY);
        assertEquals("agent.x86_64.iso", ready.media().imageName());
        assertTrue(ready.media().writeProtected());
    }

    @Test
    void withoutContentLengthTheConfiguredSizeIsUsedAndAServerRefusingHeadIsAskedForOneByte() {
        cluster(ALPHA, BRAVO);
        Fabric8KubeVirtGateway gateway = gateway(new Fabric8Options(Duration.ofSeconds(5), 5, 3, null, "3Gi"), "ns-a");
        URI noLength = images.url("/nolength/agent.iso");
        insert(gateway, noLength);
        assertEquals("3Gi", KubeVirtResources.tree(dataVolume(VirtualMedia.dataVolumeName("alpha", noLength)))
                .at("/spec/storage/resources/requests/storage").asText());
        URI noHead = images.url("/nohead/agent.iso");
        gateway.insertMedia(BRAVO.id(), new MediaInsert(noHead, true));
        assertEquals("1164Mi", KubeVirtResources.tree(dataVolume(VirtualMedia.dataVolumeName("bravo", noHead)))
                .at("/spec/storage/resources/requests/storage").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"closed-port", "/missing/agent.iso", "/forbidden/agent.iso", "/broken/agent.iso",
            "/huge/agent.iso", "ftp"})
    void aRefusedImageLeavesTheClusterUntouched(String which) {
        cluster(ALPHA);
        Fabric8KubeVirtGateway gateway = gateway();
        URI image = switch (which) {
            case "closed-port" -> ImageServer.closedPort("/agent.iso");
            case "ftp" -> URI.create("ftp://127.0.0.1/agent.iso");
            default -> images.url(which);
        };
        String versionBefore = vm().at("/metadata/resourceVersion").asText();
        int logBefore = cluster.dispatcher.log.size();
        GatewayException e = assertThrows(GatewayException.class, () -> insert(gateway, image));
        switch (which) {
            case "/huge/agent.iso" -> assertTrue(e instanceof GatewayException.ImageTooLarge, e.toString());
            case "ftp" -> assertTrue(e instanceof GatewayException.BadRequest, e.toString());
            case "closed-port" -> assertEquals(0, ((GatewayException.ImageUnavailable) e).httpStatus());
            default -> assertEquals(statusOf(which), ((GatewayException.ImageUnavailable) e).httpStatus());
        }
        assertEquals(List.of(), cluster.dispatcher.logSince(logBefore).stream()
                .filter(r -> !r.startsWith("GET ") && !r.startsWith("  ->")).toList(), "no change asked of the cluster");
        assertTrue(dataVolumes().isEmpty());
        assertEquals(versionBefore, vm().at("/metadata/resourceVersion").asText());
        assertEquals(MediaState.Phase.EMPTY, gateway.find(ALPHA.id()).orElseThrow().media().phase());
    }

    private static int statusOf(String path) {
        return path.startsWith("/missing") ? 404 : path.startsWith("/forbidden") ? 403 : 500;
    }

    @Test
    void aUrlWithShellMetacharactersIsDataInTheDataVolumeSpecOnly() {
        cluster(ALPHA);
        Fabric8KubeVirtGateway gateway = gateway();
        URI image = images.url("/isos/a;b$(reboot)&c'd!e*f+g,h=i.iso?x=$(id)&y=;rm");
        insert(gateway, image);
        String name = VirtualMedia.dataVolumeName("alpha", image);
        assertTrue(name.matches("alpha-cd-[0-9a-f]{8}"), name);
        JsonNode dv = KubeVirtResources.tree(dataVolume(name));
        assertEquals(image.toString(), dv.at("/spec/source/http/url").asText());
        assertEquals(1, occurrences(dv.toString(), image), "only in spec.source.http.url: " + dv);
        JsonNode vm = vm();
        assertEquals(image.toString(), VmSnapshots.annotation(vm, KubeVirtResources.MEDIA_IMAGE_ANNOTATION));
        assertEquals(1, occurrences(vm.toString(), image), "only in the media annotation: " + vm);
        assertEquals("HEAD " + image.getRawPath() + "?" + image.getRawQuery(), images.requests.get(0));
        assertEquals(image.toString(), awaitMedia(gateway, MediaState.Phase.READY).media().image());
    }

    private static int occurrences(String json, URI image) {
        String quoted = KubeVirtResources.MAPPER.valueToTree(image.toString()).toString();
        return json.split(java.util.regex.Pattern.quote(quoted), -1).length - 1;
    }

    @Test
    void anotherImageWhileOneIsInsertedConflictsAndChangesNothing() {
        cluster(ALPHA);
        Fabric8KubeVirtGateway gateway = gateway();
        insert(gateway, iso);
        awaitMedia(gateway, MediaState.Phase.READY);
        String versionBefore = vm().at("/metadata/resourceVersion").asText();
        int probes = images.requests.size();
        assertThrows(GatewayException.Conflict.class, () -> insert(gateway, images.url("/isos/other.iso")));
        insert(gateway, iso); // the same image again: nothing to do
        assertEquals(versionBefore, vm().at("/metadata/resourceVersion").asText());
        assertEquals(List.of(VirtualMedia.dataVolumeName("alpha", iso)),
                dataVolumes().stream().map(d -> d.getMetadata().getName()).toList());
        assertEquals(probes, images.requests.size(), "refused before probing");
    }

    /**
     * CDI v1.66.0 honours the immediate-binding annotation the gateway sets (pkg/controller/common/util.go,
     * IsWaitForFirstConsumerEnabled): on WaitForFirstConsumer storage the import runs at once instead of waiting for
     * the VM's pod, which a stopped VM would never create.
     */
    @Test
    void onWaitForFirstConsumerStorageTheImportStillRunsBecauseImmediateBindingIsRequested() {
        cluster(ALPHA);
        Fabric8KubeVirtGateway gateway = gateway();
        URI image = images.url("/wffc/agent.iso");
        insert(gateway, image);
        JsonNode dv = KubeVirtResources.tree(dataVolume(VirtualMedia.dataVolumeName("alpha", image)));
        assertTrue(dv.at("/metadata/annotations").has(org.kubevirtredfish.kubevirt.model.CdiImport.IMMEDIATE_BINDING), dv.toString());
        VirtualMachine vm = awaitMedia(gateway, MediaState.Phase.READY);
        assertEquals("100.0%", vm.media().progress());
    }

    @Test
    void importProgressIsReported() {
        cluster(ALPHA);
        Fabric8KubeVirtGateway gateway = gateway();
        insert(gateway, iso);
        VirtualMachine vm = await(gateway, ALPHA.id(), "progress", v -> "35.50%".equals(v.media().progress()));
        assertEquals(MediaState.Phase.IMPORTING, vm.media().phase());
        assertEquals("import in progress", vm.media().message());
    }

    @Test
    void aFailedImportIsReportedDropsTheHeldPowerOnAndIsRetriedByInsertingAgain() {
        cluster(ALPHA);
        Fabric8KubeVirtGateway gateway = gateway();
        cluster.cdi.failNext(iso);
        insert(gateway, iso);
        gateway.power(ALPHA.id(), PowerAction.START);
        VirtualMachine failed = await(gateway, ALPHA.id(), "FAILED and Off", vm -> vm.media().phase()
                == MediaState.Phase.FAILED && vm.powerState() == PowerState.Off
                && VmSnapshots.annotation(vm(), KubeVirtResources.PENDING_START_ANNOTATION) == null);
        assertEquals(CdiControllerSimulator.FAILURE, failed.media().message());
        assertEquals(iso.toString(), failed.media().image());
        assertTrue(cluster.kubevirt.calls.isEmpty(), "never started: " + cluster.kubevirt.calls);
        assertThrows(GatewayException.Conflict.class, () -> gateway.power(ALPHA.id(), PowerAction.START),
                "no power-on with media that failed to import");
        String failedUid = dataVolume(VirtualMedia.dataVolumeName("alpha", iso)).getMetadata().getUid();

        insert(gateway, iso);
        GenericKubernetesResource again = dataVolume(VirtualMedia.dataVolumeName("alpha", iso));
        assertNotEquals(failedUid, again.getMetadata().getUid(), "the failed DataVolume was replaced");
        assertEquals(MediaState.Phase.IMPORTING, gateway.find(ALPHA.id()).orElseThrow().media().phase(),
                "the new import, not the old failure");
        gateway.power(ALPHA.id(), PowerAction.START);
        await(gateway, ALPHA.id(), "On", vm -> vm.powerState() == PowerState.On);
        assertEquals("Succeeded", cluster.kubevirt.boots.get(0).dataVolumePhase());
    }

    @Test
    void anImportNotDoneWithinTheDownloadTimeoutFailsAndDropsTheHeldPowerOn() {
        cluster(ALPHA);
        Fabric8KubeVirtGateway gateway = gateway(Fabric8Options.defaults().withRequestTimeout(Duration.ofSeconds(5))
                .withImports(ImageImportOptions.defaults().withDownloadTimeout(Duration.ofSeconds(2))), "ns-a");
        insert(gateway, images.url("/stall/agent.iso"));
        gateway.power(ALPHA.id(), PowerAction.START);
        assertEquals(PowerState.PoweringOn, gateway.find(ALPHA.id()).orElseThrow().powerState());
        VirtualMachine failed = await(gateway, ALPHA.id(), "timed out", vm -> vm.media().phase()
                == MediaState.Phase.FAILED && vm.powerState() == PowerState.Off && VmSnapshots.annotation(vm(), KubeVirtResources.PENDING_START_ANNOTATION)
                == null);
        assertEquals("import timed out: not finished within 2s", failed.media().message());
        assertTrue(cluster.kubevirt.calls.isEmpty(), "never started: " + cluster.kubevirt.calls);
    }

    @Test
    void theHeldPowerOnBootsTheCdOnceItsImportHasSucceeded() {
        cluster(ALPHA);
        Fabric8KubeVirtGateway gateway = gateway();
        insert(gateway, iso);
        gateway.setBootOverride(ALPHA.id(), new BootOverride(BootSource.Cd, BootOverrideEnabled.Once, BootMode.UEFI));
        gateway.power(ALPHA.id(), PowerAction.START);
        VirtualMachine on = await(gateway, ALPHA.id(), "On", vm -> vm.powerState() == PowerState.On);
        assertEquals(BootSource.Cd, on.instanceBootDevice());
        assertEquals(List.of(new KubeVirtControllerSimulator.Boot("ns-a/alpha", true,
                VirtualMedia.dataVolumeName("alpha", iso), "Succeeded")), cluster.kubevirt.boots);
    }

    /** Ironic may ForceRestart a node it believes is powering on: that is a power-on, still held for the ISO. */
    @Test
    void aRestartDuringTheHeldPowerOnIsAPowerOnStillHeld() {
        cluster(ALPHA);
        Fabric8KubeVirtGateway gateway = gateway();
        insert(gateway, iso);
        gateway.setBootOverride(ALPHA.id(), new BootOverride(BootSource.Cd, BootOverrideEnabled.Once, BootMode.UEFI));
        gateway.power(ALPHA.id(), PowerAction.START);
        gateway.power(ALPHA.id(), PowerAction.FORCE_RESTART);
        gateway.power(ALPHA.id(), PowerAction.RESTART);
        VirtualMachine on = await(gateway, ALPHA.id(), "On", vm -> vm.powerState() == PowerState.On);
        assertEquals(BootSource.Cd, on.instanceBootDevice());
        assertEquals(1, cluster.kubevirt.boots.size(), "one boot, with the finished import: " + cluster.kubevirt.boots);
        assertEquals("Succeeded", cluster.kubevirt.boots.get(0).dataVolumePhase());
        GatewayAwait.until("the held power-on to be cleared from the VM", java.time.Duration.ofSeconds(10),
                () -> VmSnapshots.annotation(KubeVirtResources.tree(cluster.admin.genericKubernetesResources(
                        KubeVirtResources.VM).inNamespace("ns-a").withName("alpha").get()),
                        KubeVirtResources.PENDING_START_ANNOTATION) == null);
    }

    @Test
    void mediaStateComesFromTheClusterAndSurvivesARestartOfTheService() {
        cluster(ALPHA, BRAVO);
        Fabric8KubeVirtGateway first = gateway();
        URI failing = images.url("/fail/agent.iso");
        insert(first, iso);
        first.insertMedia(BRAVO.id(), new MediaInsert(failing, true));
        MediaState ready = awaitMedia(first, MediaState.Phase.READY).media();
        MediaState failed = await(first, BRAVO.id(), "FAILED", vm -> vm.media().phase() == MediaState.Phase.FAILED)
                .media();
        first.close();

        Fabric8KubeVirtGateway second = gateway();
        assertEquals(ready, second.find(ALPHA.id()).orElseThrow().media());
        assertEquals(failed, second.find(BRAVO.id()).orElseThrow().media());
        assertEquals(new MediaState(MediaState.Phase.READY, iso.toString(), "agent.x86_64.iso", true, "100.0%", null),
                ready);
        assertEquals(CdiControllerSimulator.FAILURE, failed.message());
    }

    @Test
    void aFailedVmPatchRemovesTheDataVolumeItCreated() {
        cluster(ALPHA);
        Fabric8KubeVirtGateway gateway = gateway();
        cluster.dispatcher.fail(r -> "PATCH".equals(r.getMethod()) && r.getPath().contains("/virtualmachines/alpha"),
                500, 1);
        assertThrows(GatewayException.Unavailable.class, () -> insert(gateway, iso));
        assertTrue(dataVolumes().isEmpty(), "no DataVolume left behind");
        assertNull(VirtualMedia.attachedDataVolume(vm()));
        insert(gateway, iso);
        awaitMedia(gateway, MediaState.Phase.READY);
    }

    @Test
    void ejectRemovesTheCdromTheVolumeAndTheDataVolumeAndTheSameImageCanBeInsertedAgain() {
        cluster(ALPHA);
        Fabric8KubeVirtGateway gateway = gateway();
        insert(gateway, iso);
        awaitMedia(gateway, MediaState.Phase.READY);
        String name = VirtualMedia.dataVolumeName("alpha", iso);
        String firstUid = dataVolume(name).getMetadata().getUid();
        gateway.ejectMedia(ALPHA.id());
        assertNull(dataVolume(name));
        JsonNode vm = vm();
        assertEquals(1, vm.at("/spec/template/spec/domain/devices/disks").size());
        assertEquals(1, vm.at("/spec/template/spec/volumes").size());
        assertNull(VmSnapshots.annotation(vm, KubeVirtResources.MEDIA_IMAGE_ANNOTATION));
        assertEquals(MediaState.Phase.EMPTY, gateway.find(ALPHA.id()).orElseThrow().media().phase());

        insert(gateway, iso);
        assertNotEquals(firstUid, dataVolume(name).getMetadata().getUid());
        awaitMedia(gateway, MediaState.Phase.READY);
    }

    @Test
    void concurrentInsertsIntoOneVmAreSerialized() throws Exception {
        cluster(ALPHA);
        Fabric8KubeVirtGateway gateway = gateway();
        URI other = images.url("/isos/other.iso");
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var a = pool.submit(() -> insert(gateway, iso));
            var b = pool.submit(() -> insert(gateway, other));
            int conflicts = 0;
            for (var f : List.of(a, b)) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    assertTrue(e.getCause() instanceof GatewayException.Conflict, e.getCause().toString());
                    conflicts++;
                }
            }
            assertEquals(1, conflicts, "one of two images wins");
        } finally {
            pool.shutdown();
        }
        List<GenericKubernetesResource> dvs = dataVolumes();
        assertEquals(1, dvs.size(), "only the winner's DataVolume");
        String attached = VirtualMedia.attachedDataVolume(vm());
        assertNotNull(attached);
        assertEquals(dvs.get(0).getMetadata().getName(), attached);
        assertFalse(awaitMedia(gateway, MediaState.Phase.READY).media().image().isEmpty());
    }
}
