package org.kubevirtredfish.kubevirt.fabric8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kubevirtredfish.kubevirt.MediaInsert;
import org.kubevirtredfish.kubevirt.MediaState;
import org.kubevirtredfish.kubevirt.PowerAction;
import org.kubevirtredfish.kubevirt.PowerState;
import org.kubevirtredfish.kubevirt.VirtualMachine;

/**
 * How the media DataVolume's status reads as CDI really writes it (put in place directly on the mock API server),
 * what the DataVolume asks of CDI, and the CD-ROM bus per architecture.
 */
class Fabric8MediaImportStatusTest extends MockClusterTestBase {

    /** CDI's simulator leaves a {@code /stall/} import Pending, so the status set here is the last word. */
    private final URI stalled = images.url("/stall/agent.iso");
    private final String dvName = VirtualMedia.dataVolumeName("alpha", stalled);
    private static final String NOT_FOUND = "Unable to connect to http data source: expected status code 200, got 404."
            + " Status: 404 Not Found";

    private JsonNode vm() {
        return KubeVirtResources.tree(cluster.admin.genericKubernetesResources(KubeVirtResources.VM)
                .inNamespace("ns-a").withName("alpha").get());
    }

    private JsonNode dataVolume(String name) {
        return KubeVirtResources.tree(cluster.admin.genericKubernetesResources(KubeVirtResources.DATA_VOLUME)
                .inNamespace("ns-a").withName(name).get());
    }

    /** Inserts the stalled image and waits until CDI's simulator has done its only step. */
    private void insertStalled(Fabric8KubeVirtGateway gateway) {
        gateway.insertMedia(ALPHA.id(), new MediaInsert(stalled, true));
        GatewayAwait.until("the simulated CDI to set Pending", Duration.ofSeconds(10),
                () -> "Pending".equals(KubeVirtResources.text(dataVolume(dvName), "/status/phase")));
    }

    /** Replaces the whole status, as CDI's status update does. */
    private void setStatus(Map<String, Object> status) {
        cluster.admin.genericKubernetesResources(KubeVirtResources.DATA_VOLUME).inNamespace("ns-a").withName(dvName)
                .patch(PatchContext.of(PatchType.JSON), KubeVirtResources.MAPPER.valueToTree(List.of(
                        Map.of("op", "replace", "path", "/status", "value", status))).toString());
    }

    private static Map<String, Object> condition(String type, String status, String reason, String message) {
        return Map.of("type", type, "status", status, "reason", reason, "message", message);
    }

    /** What CDI v1.66.0 shows while the importer pod fails and restarts: no Failed phase. */
    private static Map<String, Object> importerFailing(String phase, String reason, String message, int restarts) {
        return Map.of("phase", phase, "progress", "N/A", "restartCount", restarts, "conditions", List.of(
                condition("Bound", "True", "Bound", "PVC alpha-cd Bound"),
                condition("Ready", "False", "TransferRunning", ""),
                condition("Running", "False", reason, message)));
    }

    @ParameterizedTest
    @CsvSource({"ImportInProgress,Error", "ImportScheduled,Error", "ImportScheduled,ImagePullFailed"})
    void anImporterErrorIsADataVolumeErrorThatFailsTheMediaAndDropsTheHeldPowerOnAtOnce(String phase, String reason) {
        cluster(ALPHA);
        Fabric8KubeVirtGateway gateway = gateway(); // iso_download_timeout 30m: the timeout plays no part
        insertStalled(gateway);
        gateway.power(ALPHA.id(), PowerAction.START);
        assertEquals(PowerState.PoweringOn, gateway.find(ALPHA.id()).orElseThrow().powerState());

        setStatus(importerFailing(phase, reason, NOT_FOUND, 3));
        VirtualMachine failed = await(gateway, ALPHA.id(), "FAILED, Off, hold dropped",
                vm -> vm.media().phase() == MediaState.Phase.FAILED && vm.powerState() == PowerState.Off
                        && VmSnapshots.annotation(vm(), KubeVirtResources.PENDING_START_ANNOTATION) == null);
        assertEquals(NOT_FOUND, failed.media().message(), "the importer's condition message");
        assertTrue(cluster.kubevirt.calls.isEmpty(), "never started: " + cluster.kubevirt.calls);
    }

    /** A DataVolume left by an earlier attempt whose importer fails is replaced, not reused. */
    @Test
    void aLeftoverDataVolumeWithAFailingImporterIsReplacedOnInsert() {
        cluster(ALPHA);
        Fabric8KubeVirtGateway gateway = gateway();
        cluster.admin.genericKubernetesResources(KubeVirtResources.DATA_VOLUME).inNamespace("ns-a").resource(
                VirtualMedia.dataVolume(cluster.admin.genericKubernetesResources(KubeVirtResources.VM)
                        .inNamespace("ns-a").withName("alpha").get(), dvName, stalled, "1Gi",
                        Fabric8Options.defaults())).create();
        GatewayAwait.until("the simulated CDI to set Pending", Duration.ofSeconds(10),
                () -> "Pending".equals(KubeVirtResources.text(dataVolume(dvName), "/status/phase")));
        setStatus(importerFailing("ImportInProgress", "Error", NOT_FOUND, 2));
        String leftover = KubeVirtResources.text(dataVolume(dvName), "/metadata/uid");

        gateway.insertMedia(ALPHA.id(), new MediaInsert(stalled, true));
        assertFalse(leftover.equals(KubeVirtResources.text(dataVolume(dvName), "/metadata/uid")), "replaced");
        assertEquals(MediaState.Phase.IMPORTING, gateway.find(ALPHA.id()).orElseThrow().media().phase());
    }

    /** KubeVirt counts only reasons Error and ImagePullFailed (pkg/storage/types/dv.go, HasDataVolumeErrors). */
    @Test
    void aRunningConditionFalseForAnotherReasonIsStillImporting() {
        cluster(ALPHA);
        Fabric8KubeVirtGateway gateway = gateway();
        insertStalled(gateway);
        setStatus(importerFailing("ImportInProgress", "CrashLoopBackOff", "back-off restarting", 1));
        VirtualMachine vm = await(gateway, ALPHA.id(), "restart count shown",
                v -> v.media().message() != null && v.media().message().contains("importer restarts: 1"));
        assertEquals(MediaState.Phase.IMPORTING, vm.media().phase());
        assertEquals("import in progress; Running CrashLoopBackOff: back-off restarting; importer restarts: 1",
                vm.media().message());
    }

    @Test
    void pendingWaitForFirstConsumerAndPendingPopulationSayWhyTheyWait() {
        cluster(ALPHA);
        Fabric8KubeVirtGateway gateway = gateway();
        insertStalled(gateway);

        setStatus(Map.of("phase", "Pending", "conditions", List.of(
                condition("Bound", "False", "Pending", "PVC " + dvName + " Pending"),
                condition("Running", "False", "Unschedulable", "Importer pod cannot be scheduled"))));
        VirtualMachine pending = await(gateway, ALPHA.id(), "Pending with its reason",
                v -> v.media().message() != null && v.media().message().contains("Unschedulable"));
        assertEquals(MediaState.Phase.IMPORTING, pending.media().phase());
        assertEquals("import pending; Bound Pending: PVC " + dvName + " Pending; Running Unschedulable: Importer pod"
                + " cannot be scheduled", pending.media().message());

        for (String phase : List.of("WaitForFirstConsumer", "PendingPopulation")) {
            setStatus(Map.of("phase", phase, "conditions", List.of(
                    condition("Bound", "False", "Pending", "target PVC " + dvName + " Pending and waiting for first"
                            + " consumer"))));
            VirtualMachine waiting = await(gateway, ALPHA.id(), phase, v -> v.media().message() != null
                    && v.media().message().startsWith(phase));
            assertEquals(MediaState.Phase.IMPORTING, waiting.media().phase());
            assertTrue(waiting.media().message().contains("immediate binding was requested"),
                    waiting.media().message());
            assertTrue(waiting.media().message().endsWith("; Bound Pending: target PVC " + dvName
                    + " Pending and waiting for first consumer"), waiting.media().message());
        }
    }

    @Test
    void theImporterSkipsTlsVerificationOnlyWhenInsecureTlsIsAllowed() {
        cluster(ALPHA, BRAVO);
        URI iso = images.url("/isos/agent.x86_64.iso");
        Fabric8KubeVirtGateway strict = gateway();
        strict.insertMedia(ALPHA.id(), new MediaInsert(iso, true));
        JsonNode verifying = dataVolume(VirtualMedia.dataVolumeName("alpha", iso));
        assertTrue(verifying.at("/spec/source/http/insecureSkipVerify").isMissingNode(), verifying.toString());

        Fabric8KubeVirtGateway insecure = gateway(Fabric8Options.defaults().withRequestTimeout(Duration.ofSeconds(5))
                .withImports(new ImageImportOptions(Duration.ofSeconds(10), true, null, null, "100Gi",
                        Duration.ofMinutes(30))), "ns-a");
        insecure.insertMedia(BRAVO.id(), new MediaInsert(iso, true));
        JsonNode skipping = dataVolume(VirtualMedia.dataVolumeName("bravo", iso));
        assertTrue(skipping.at("/spec/source/http/insecureSkipVerify").asBoolean(false), skipping.toString());
        assertEquals(iso.toString(), skipping.at("/spec/source/http/url").asText());
    }

    @Test
    void ourDataVolumesOptOutOfCdiGarbageCollection() {
        cluster(ALPHA);
        insertStalled(gateway());
        assertEquals("false", KubeVirtResources.text(dataVolume(dvName),
                "/metadata/annotations/cdi.kubevirt.io~1storage.deleteAfterCompletion"));
    }

    /** What CDI 1.56-1.61 leave after collecting a Succeeded DataVolume (garbagecollect.go, detachPvcDeleteDv). */
    private void collectLikeCdi(String name, boolean importSucceeded) {
        JsonNode vm = vm();
        cluster.admin.persistentVolumeClaims().inNamespace("ns-a").resource(new PersistentVolumeClaimBuilder()
                .withMetadata(new ObjectMetaBuilder().withName(name).withNamespace("ns-a")
                        .addToAnnotations(CollectedDataVolumes.POD_PHASE, importSucceeded ? "Succeeded" : "Running")
                        .addToOwnerReferences(new OwnerReferenceBuilder().withApiVersion("kubevirt.io/v1")
                                .withKind("VirtualMachine").withName("alpha")
                                .withUid(vm.at("/metadata/uid").asText()).build())
                        .build())
                .withNewSpec().withAccessModes("ReadWriteOnce").endSpec()
                .build()).create();
        cluster.admin.genericKubernetesResources(KubeVirtResources.DATA_VOLUME).inNamespace("ns-a").withName(name)
                .delete();
    }

    @Test
    void aDataVolumeCollectedByCdiAfterItsImportStaysReady() {
        cluster(ALPHA);
        Fabric8KubeVirtGateway gateway = gateway();
        URI iso = images.url("/isos/agent.x86_64.iso");
        String name = VirtualMedia.dataVolumeName("alpha", iso);
        gateway.insertMedia(ALPHA.id(), new MediaInsert(iso, true));
        await(gateway, ALPHA.id(), "READY", vm -> vm.media().phase() == MediaState.Phase.READY);

        collectLikeCdi(name, true);
        GatewayAwait.until("the collected import to be recorded on the VM", Duration.ofSeconds(10),
                () -> name.equals(VmSnapshots.annotation(vm(), KubeVirtResources.MEDIA_COLLECTED_ANNOTATION)));
        VirtualMachine ready = await(gateway, ALPHA.id(), "READY again",
                vm -> vm.media().phase() == MediaState.Phase.READY);
        assertTrue(ready.media().message().contains("garbage-collected by CDI"), ready.media().message());
        assertEquals(iso.toString(), ready.media().image());

        gateway.ejectMedia(ALPHA.id());
        assertNull(VmSnapshots.annotation(vm(), KubeVirtResources.MEDIA_COLLECTED_ANNOTATION));
        assertEquals(MediaState.Phase.EMPTY, gateway.find(ALPHA.id()).orElseThrow().media().phase());
    }

    @Test
    void aDataVolumeGoneWithoutACompletedImportStillReadsFailed() {
        cluster(ALPHA);
        Fabric8KubeVirtGateway gateway = gateway();
        insertStalled(gateway);
        collectLikeCdi(dvName, false);
        VirtualMachine failed = await(gateway, ALPHA.id(), "FAILED",
                vm -> vm.media().phase() == MediaState.Phase.FAILED);
        assertEquals("DataVolume " + dvName + " not found; insert the media again", failed.media().message());
        assertNull(VmSnapshots.annotation(vm(), KubeVirtResources.MEDIA_COLLECTED_ANNOTATION));
    }

    @ParameterizedTest
    @CsvSource(value = {"NONE,sata", "amd64,sata", "arm64,scsi", "s390x,scsi"})
    void theCdromBusFollowsTheVmArchitecture(String architecture, String bus) {
        cluster(ALPHA);
        if (!"NONE".equals(architecture)) {
            cluster.admin.genericKubernetesResources(KubeVirtResources.VM).inNamespace("ns-a").withName("alpha")
                    .patch(PatchContext.of(PatchType.JSON_MERGE),
                            "{\"spec\":{\"template\":{\"spec\":{\"architecture\":\"" + architecture + "\"}}}}");
        }
        insertStalled(gateway());
        JsonNode cd = vm().at("/spec/template/spec/domain/devices/disks/1");
        assertEquals(KubeVirtResources.MEDIA_DEVICE, cd.path("name").asText());
        assertEquals(bus, cd.at("/cdrom/bus").asText());
        assertTrue(cd.at("/cdrom/readonly").asBoolean());
        assertFalse(cd.has("disk"));
    }
}
