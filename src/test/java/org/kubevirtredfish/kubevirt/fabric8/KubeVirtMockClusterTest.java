package org.kubevirtredfish.kubevirt.fabric8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kubevirtredfish.kubevirt.VmSeed;
import org.kubevirtredfish.kubevirt.model.KubeVirtTimings;

/**
 * The mock cluster itself behaves as the model says KubeVirt v1.9.0 and CDI v1.66.0 do, seen over HTTP like any
 * client sees them: virt-api answers and run-strategy flips, Stopping windows and grace periods, printableStatus
 * with importing and failing DataVolumes, the admission webhook, RestartRequired, guest reboots.
 */
class KubeVirtMockClusterTest {

    /** Long enough that Stopping (4 s graceful, 1 s forced) is observable, short enough for a unit test. */
    private static final KubeVirtTimings TIMINGS = new KubeVirtTimings(Duration.ofSeconds(3), Duration.ofSeconds(1),
            Duration.ofMillis(20));
    private static final VmSeed VM = VmSeed.halted("ns-a", "alpha", "52:54:00:00:00:01");

    /** CDI steps of 200 ms: an import takes about a second, long enough to be seen importing. */
    private final KubeVirtMockCluster cluster = new KubeVirtMockCluster(TIMINGS, 200);
    private final HttpClient http = HttpClient.newHttpClient();
    /** Every printableStatus the VM had, in order, as a watch would see them. */
    private final List<String> statuses = new java.util.concurrent.CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        cluster.close();
    }

    private HttpResponse<String> put(String resource, String action, String body) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(cluster.masterUrl() + "apis/subresources.kubevirt.io/v1/"
                    + "namespaces/ns-a/" + resource + "/alpha/" + action)).PUT(HttpRequest.BodyPublishers.ofString(body))
                    .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private JsonNode vm() {
        return KubeVirtResources.tree(cluster.admin.genericKubernetesResources(KubeVirtResources.VM).inNamespace("ns-a")
                .withName("alpha").get());
    }

    private JsonNode vmi() {
        return KubeVirtResources.tree(cluster.admin.genericKubernetesResources(KubeVirtResources.VMI).inNamespace("ns-a")
                .withName("alpha").get());
    }

    private String printable() {
        return vm().at("/status/printableStatus").asText();
    }

    private void awaitStatus(String status) {
        GatewayAwait.until("printableStatus " + status, Duration.ofSeconds(10), () -> status.equals(printable()));
    }

    /** Records every printableStatus of the VM from now on, as an informer sees them. */
    private void watchStatuses() {
        cluster.admin.genericKubernetesResources(KubeVirtResources.VM).inNamespace("ns-a")
                .inform(new io.fabric8.kubernetes.client.informers.ResourceEventHandler<GenericKubernetesResource>() {
                    @Override
                    public void onAdd(GenericKubernetesResource resource) {
                        record(resource);
                    }

                    @Override
                    public void onUpdate(GenericKubernetesResource old, GenericKubernetesResource resource) {
                        record(resource);
                    }

                    @Override
                    public void onDelete(GenericKubernetesResource resource, boolean unknown) {
                    }
                });
    }

    private void record(GenericKubernetesResource vm) {
        String s = KubeVirtResources.text(KubeVirtResources.tree(vm), "/status/printableStatus");
        if ("alpha".equals(vm.getMetadata().getName())
                && (statuses.isEmpty() || !statuses.get(statuses.size() - 1).equals(s))) {
            statuses.add(s);
        }
    }

    /**
     * An informer whose watch ends and resumes drops an object deleted in between: a real API server answers such a
     * watch 410 Gone and the informer lists again ({@link WatchHistoryCrudDispatcher}). fabric8's bare mock started
     * the new watch "now": the informer kept the deleted VMI for good, and IronicIT's held power-on waited forever
     * for that instance to go away.
     */
    @Test
    void anInformerResumingItsWatchDropsAnObjectDeletedMeanwhile() {
        GenericKubernetesResource orphan = new GenericKubernetesResource();
        orphan.setApiVersion("kubevirt.io/v1");
        orphan.setKind("VirtualMachineInstance");
        orphan.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withNamespace("ns-a")
                .withName("orphan").build());
        cluster.admin.genericKubernetesResources(KubeVirtResources.VMI).inNamespace("ns-a").resource(orphan).create();
        try (io.fabric8.kubernetes.client.informers.SharedIndexInformer<GenericKubernetesResource> informer =
                cluster.admin.genericKubernetesResources(KubeVirtResources.VMI).inNamespace("ns-a").inform()) {
            GatewayAwait.until("the watch open", Duration.ofSeconds(10),
                    () -> cluster.dispatcher.openWatches.stream().anyMatch(p -> p.contains("virtualmachineinstances")));
            assertTrue(informer.getStore().getByKey("ns-a/orphan") != null);
            // deleted after the old watch ended and before the informer's next watch request is served
            cluster.dispatcher.beforeNext(r -> r.getPath().contains("virtualmachineinstances")
                    && r.getPath().contains("watch=true"),
                    () -> cluster.dispatcher.store().delete(KubeVirtResources.VMI, "ns-a", "orphan"));
            assertEquals(1, cluster.dispatcher.endWatches("virtualmachineinstances"));
            GatewayAwait.until("the deleted VMI gone from the informer", Duration.ofSeconds(30),
                    () -> informer.getStore().getByKey("ns-a/orphan") == null);
        }
        assertNull(cluster.dispatcher.store().get(KubeVirtResources.VMI, "ns-a", "orphan"));
    }

    @Test
    void startFlipsHaltedToAlwaysAndGoesThroughStartingToRunningWithANewVmi() {
        cluster.seed(VM);
        watchStatuses();
        HttpResponse<String> start = put("virtualmachines", "start", "{}");
        assertEquals(202, start.statusCode());
        assertEquals("Always", vm().at("/spec/runStrategy").asText());
        awaitStatus("Running");
        assertEquals("Running", vmi().at("/status/phase").asText());
        assertEquals(30, vmi().at("/spec/terminationGracePeriodSeconds").asInt(), "the VMI default grace period");
        GatewayAwait.until("the informer to see Running", Duration.ofSeconds(5),
                () -> !statuses.isEmpty() && "Running".equals(statuses.get(statuses.size() - 1)));
        assertEquals(List.of("Stopped", "Starting", "Running"), statuses);

        HttpResponse<String> again = put("virtualmachines", "start", "{}");
        assertEquals(409, again.statusCode());
        assertTrue(again.body().contains("Operation cannot be fulfilled on virtualmachine.kubevirt.io \\\"alpha\\\": "
                + "VM is already running"), again.body());
        assertEquals(1, cluster.kubevirt.boots.size());
    }

    @Test
    void aGracefulStopShowsStoppingUntilTheGuestIsDownAndASecondStopIsRefusedUnlessShorter() {
        cluster.seed(VM);
        put("virtualmachines", "start", "{}");
        awaitStatus("Running");
        String uid = vmi().at("/metadata/uid").asText();

        assertEquals(202, put("virtualmachines", "stop", "{}").statusCode());
        assertEquals("Halted", vm().at("/spec/runStrategy").asText());
        awaitStatus("Stopping");
        assertTrue(vmi().at("/metadata/deletionTimestamp").isTextual(), "the VMI is being deleted");
        HttpResponse<String> second = put("virtualmachines", "stop", "{}");
        assertEquals(409, second.statusCode());
        assertTrue(second.body().contains("Halted only supports manual stop requests with a shorter graceperiod"),
                second.body());
        HttpResponse<String> start = put("virtualmachines", "start", "{}");
        assertEquals(409, start.statusCode(), "On during Stopping: " + start.body());

        assertEquals(202, put("virtualmachines", "stop", "{\"gracePeriod\":0}").statusCode());
        assertEquals(0, vmi().at("/spec/terminationGracePeriodSeconds").asInt());
        assertEquals("Stop", vm().at("/status/stateChangeRequests/0/action").asText());
        assertEquals(uid, vm().at("/status/stateChangeRequests/0/uid").asText());
        HttpResponse<String> third = put("virtualmachines", "stop", "{\"gracePeriod\":0}");
        assertEquals(409, third.statusCode(), "not shorter than 0: " + third.body());

        awaitStatus("Stopped");
        assertNull(vmi());
        GatewayAwait.until("the stop request to be trimmed", Duration.ofSeconds(5),
                () -> vm().at("/status/stateChangeRequests").isMissingNode());
        HttpResponse<String> stopped = put("virtualmachines", "stop", "{}");
        assertEquals(409, stopped.statusCode());
        assertTrue(stopped.body().contains("VM is not running"), stopped.body());
    }

    @Test
    void restartMakesANewVmiAndAForcedRestartShortensTheGracePeriodToOneSecond() {
        cluster.seed(VM);
        put("virtualmachines", "start", "{}");
        awaitStatus("Running");
        String first = vmi().at("/metadata/uid").asText();
        assertEquals(202, put("virtualmachines", "restart", "{\"gracePeriodSeconds\":0}").statusCode());
        assertEquals(1, vmi().at("/spec/terminationGracePeriodSeconds").asInt());
        HttpResponse<String> again = put("virtualmachines", "restart", "{}");
        assertEquals(500, again.statusCode());
        assertTrue(again.body().contains("unable to complete request: stop/start already underway"), again.body());
        GatewayAwait.until("a new VMI running", Duration.ofSeconds(10), () -> {
            JsonNode vmi = vmi();
            return vmi != null && !first.equals(vmi.at("/metadata/uid").asText())
                    && "Running".equals(vmi.at("/status/phase").asText());
        });
        assertEquals("Always", vm().at("/spec/runStrategy").asText());
    }

    /**
     * virt-controller's status update is guarded by the resourceVersion it read (KubeVirt v1.9.0
     * pkg/virt-controller/watch/vm/vm.go, updateStatus: UpdateStatus; a Conflict re-queues the VM). A restart virt-api
     * records while virt-controller computes a status (here RestartRequired, after a template change) survives: the
     * mock once overwrote it with a status from its stale read, and the restart was accepted and never happened
     * (the flake of Fabric8PowerTest#aOnceOverrideSurvivesARestartOfTheService).
     */
    @Test
    void aRestartRecordedWhileVirtControllerWritesTheStatusIsNotLost() {
        cluster.seed(VM);
        put("virtualmachines", "start", "{}");
        awaitStatus("Running");
        String uid = vmi().at("/metadata/uid").asText();
        int[] restart = {0};
        cluster.kubevirt.beforeNextStatusWrite(() -> restart[0] = put("virtualmachines", "restart", "{}").statusCode());

        patch("[{\"op\":\"add\",\"path\":\"/spec/template/spec/domain/devices/disks/0/bootOrder\",\"value\":7}]");

        GatewayAwait.until("the restart's new VMI", Duration.ofSeconds(10), () -> {
            JsonNode vmi = vmi();
            return vmi != null && !uid.equals(vmi.at("/metadata/uid").asText())
                    && "Running".equals(vmi.at("/status/phase").asText());
        });
        assertEquals(202, restart[0]);
        assertEquals(7, vmi().at("/spec/domain/devices/disks/0/bootOrder").asInt(), "the new VMI has the new template");
    }

    @Test
    void aStoppedVmWhoseDataVolumeImportsReadsProvisioningAndOneWhoseImporterFailsReadsDataVolumeError() {
        cluster.seed(VM);
        createDataVolume("good", "http://127.0.0.1:1/isos/a.iso");
        createDataVolume("bad", "http://127.0.0.1:1/fail/a.iso");
        attach("good");
        awaitStatus("Provisioning");
        assertNotEquals("Succeeded", dataVolume("good").at("/status/phase").asText());
        awaitStatus("Stopped");
        assertEquals("Succeeded", dataVolume("good").at("/status/phase").asText());

        attach("bad");
        awaitStatus("DataVolumeError");
        JsonNode bad = dataVolume("bad");
        assertEquals("ImportInProgress", bad.at("/status/phase").asText(), "never Failed");
        JsonNode running = bad.at("/status/conditions/2");
        assertEquals("Running", running.path("type").asText());
        assertEquals("False", running.path("status").asText());
        assertEquals("Error", running.path("reason").asText());
        assertEquals(CdiControllerSimulator.FAILURE, running.path("message").asText());
        GatewayAwait.until("the importer to restart", Duration.ofSeconds(10),
                () -> dataVolume("bad").at("/status/restartCount").asInt() >= 2);
        assertEquals("Halted", vm().at("/spec/runStrategy").asText());
    }

    @Test
    void theAdmissionWebhookRefusesDuplicateBootOrdersAndRunningWithRunStrategy() {
        cluster.seed(VM);
        KubernetesClientException duplicate = org.junit.jupiter.api.Assertions.assertThrows(
                KubernetesClientException.class, () -> patch("""
                        [{"op":"add","path":"/spec/template/spec/domain/devices/disks/-",
                          "value":{"name":"cd","cdrom":{"bus":"sata"},"bootOrder":1}},
                         {"op":"add","path":"/spec/template/spec/domain/devices/disks/0/bootOrder","value":1}]"""));
        assertEquals(422, duplicate.getCode());
        assertEquals("admission webhook \"virtualmachine-validator.kubevirt.io\" denied the request: Boot order for "
                + "spec.template.spec.domain.devices.disks[1].bootOrder already set for a different device.",
                duplicate.getStatus().getMessage());
        assertEquals(1, vm().at("/spec/template/spec/domain/devices/disks").size(), "nothing stored");
        KubernetesClientException both = org.junit.jupiter.api.Assertions.assertThrows(KubernetesClientException.class,
                () -> patch("[{\"op\":\"add\",\"path\":\"/spec/running\",\"value\":true}]"));
        assertEquals(422, both.getCode());
        assertTrue(both.getStatus().getMessage().contains("Running and RunStrategy are mutually exclusive"));
        KubernetesClientException zero = org.junit.jupiter.api.Assertions.assertThrows(KubernetesClientException.class,
                () -> patch("[{\"op\":\"add\",\"path\":\"/spec/template/spec/domain/devices/disks/0/bootOrder\",\"value\":0}]"));
        assertTrue(zero.getStatus().getMessage().endsWith("disks[0] must have a boot order > 0, if supplied"),
                zero.getStatus().getMessage());
    }

    @Test
    void aCdromAddedToARunningVmSetsRestartRequiredAndTheVmiKeepsItsDomain() {
        cluster.seed(VM);
        put("virtualmachines", "start", "{}");
        awaitStatus("Running");
        createDataVolume("media", "http://127.0.0.1:1/isos/a.iso");
        attach("media");
        GatewayAwait.until("RestartRequired", Duration.ofSeconds(10), () -> "RestartRequired".equals(
                vm().at("/status/conditions/0/type").asText()));
        assertEquals("a non-live-updatable field was changed in the template spec",
                vm().at("/status/conditions/0/message").asText());
        assertEquals(1, vmi().at("/spec/domain/devices/disks").size(), "the running VMI has no CD-ROM");
        String uid = vmi().at("/metadata/uid").asText();
        put("virtualmachines", "restart", "{}");
        GatewayAwait.until("the new VMI", Duration.ofSeconds(10), () -> {
            JsonNode vmi = vmi();
            return vmi != null && !uid.equals(vmi.at("/metadata/uid").asText());
        });
        assertEquals(2, vmi().at("/spec/domain/devices/disks").size(), "the new VMI has the CD-ROM");
        GatewayAwait.until("RestartRequired cleared", Duration.ofSeconds(10),
                () -> vm().at("/status/conditions").isMissingNode());
    }

    @Test
    void aGuestRebootKeepsTheVmiUnlessRebootPolicyTerminateWithAlways() {
        cluster.seed(VM);
        put("virtualmachines", "start", "{}");
        awaitStatus("Running");
        String uid = vmi().at("/metadata/uid").asText();
        cluster.kubevirt.guestReboot("ns-a", "alpha");
        assertEquals(uid, vmi().at("/metadata/uid").asText(), "same VMI after a default reboot");
        assertEquals("Running", vmi().at("/status/phase").asText());
        assertEquals(1, cluster.kubevirt.boots.size());

        put("virtualmachines", "stop", "{\"gracePeriod\":0}");
        awaitStatus("Stopped");
        patch("[{\"op\":\"add\",\"path\":\"/spec/template/spec/domain/rebootPolicy\",\"value\":\"Terminate\"}]");
        put("virtualmachines", "start", "{}");
        awaitStatus("Running");
        String second = vmi().at("/metadata/uid").asText();
        cluster.kubevirt.guestReboot("ns-a", "alpha");
        GatewayAwait.until("a new VMI after the Terminate reboot", Duration.ofSeconds(10), () -> {
            JsonNode vmi = vmi();
            return vmi != null && !second.equals(vmi.at("/metadata/uid").asText())
                    && "Running".equals(vmi.at("/status/phase").asText());
        });
        assertNotEquals(second, vmi().at("/metadata/uid").asText());
        assertFalse(vmi().at("/metadata/deletionTimestamp").isTextual());
    }

    /**
     * A {@code /held/} import released at once after its creation (as ReplicaFailoverIT does on a quick machine) still
     * ends Succeeded: the steps before the hold come first. Before the fix, a 35.50% written late overwrote Succeeded.
     */
    @Test
    void aHeldImportReleasedRightAfterItsCreationEndsSucceeded() {
        createDataVolume("held", "http://images.example/held/agent.iso");
        assertEquals(1, cluster.cdi.releaseHeld());
        GatewayAwait.until("the import to end", Duration.ofSeconds(10),
                () -> "Succeeded".equals(dataVolume("held").at("/status/phase").asText()));
        // every earlier step was due 200 ms apart: wait past the last one, and it must still read Succeeded
        sleep(1200);
        assertEquals("Succeeded", dataVolume("held").at("/status/phase").asText(), dataVolume("held").toString());
        assertEquals("100.0%", dataVolume("held").at("/status/progress").asText());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void patch(String jsonPatch) {
        cluster.admin.genericKubernetesResources(KubeVirtResources.VM).inNamespace("ns-a").withName("alpha")
                .patch(PatchContext.of(PatchType.JSON), jsonPatch);
    }

    private JsonNode dataVolume(String name) {
        return KubeVirtResources.tree(cluster.admin.genericKubernetesResources(KubeVirtResources.DATA_VOLUME)
                .inNamespace("ns-a").withName(name).get());
    }

    private void createDataVolume(String name, String url) {
        GenericKubernetesResource dv = new GenericKubernetesResource();
        dv.setApiVersion("cdi.kubevirt.io/v1beta1");
        dv.setKind("DataVolume");
        dv.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(name).withNamespace("ns-a")
                .withAnnotations(Map.of("cdi.kubevirt.io/storage.bind.immediate.requested", "true")).build());
        dv.setAdditionalProperty("spec", Map.of("source", Map.of("http", Map.of("url", url))));
        cluster.admin.genericKubernetesResources(KubeVirtResources.DATA_VOLUME).inNamespace("ns-a").resource(dv).create();
    }

    /** The DataVolume as a SATA CD-ROM of the template (replacing the one attached before, if any). */
    private void attach(String dataVolume) {
        JsonNode disks = vm().at("/spec/template/spec/domain/devices/disks");
        String op = disks.size() > 1 ? "replace" : "add";
        String index = disks.size() > 1 ? "1" : "-";
        patch("[{\"op\":\"" + op + "\",\"path\":\"/spec/template/spec/domain/devices/disks/" + index + "\","
                + "\"value\":{\"name\":\"cd\",\"cdrom\":{\"bus\":\"sata\"}}},"
                + "{\"op\":\"" + op + "\",\"path\":\"/spec/template/spec/volumes/" + index + "\","
                + "\"value\":{\"name\":\"cd\",\"dataVolume\":{\"name\":\"" + dataVolume + "\"}}}]");
    }
}
