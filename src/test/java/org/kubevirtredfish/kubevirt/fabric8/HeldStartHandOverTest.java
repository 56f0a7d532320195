package org.kubevirtredfish.kubevirt.fabric8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.kubevirtredfish.kubevirt.GatewayException;
import org.kubevirtredfish.kubevirt.PowerAction;
import org.kubevirtredfish.kubevirt.PowerState;
import org.kubevirtredfish.message.BaseMessage;
import org.kubevirtredfish.resource.GatewayExceptionMapper;

/**
 * The hand-over between the leader issuing a held start and a stop on another replica: the leader turns the hold into
 * the start-issuing marker in one guarded patch before its start call, a stop elsewhere waits for the marker to go and
 * then stops, and a marker left by a leader that died is finished (or dropped) by the next one. Without it a stop on
 * a follower dropped the hold while the leader, working from its read a moment before, issued the start: the VM booted
 * after the installer had been told it was off (ReplicaFailoverIT, 1 of 40 soft power-offs through the proxy).
 */
class HeldStartHandOverTest extends MockClusterTestBase {

    private static final String TOKEN = "1764547200000-4b1b2ad6-7a0e-4c63-9d38-0d7f1e8a2c11";
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aStopOnAFollowerWaitsForTheLeadersHeldStartAndThenStops() throws Exception {
        cluster(ALPHA);
        Fabric8KubeVirtGateway follower = follower();
        // the leader has claimed the hold and is about to call start
        annotate(KubeVirtResources.START_ISSUING_ANNOTATION, TOKEN);
        await(follower, ALPHA.id(), "PoweringOn (a start is being issued)",
                vm -> vm.powerState() == PowerState.PoweringOn);

        AtomicLong stopReturned = new AtomicLong();
        CompletableFuture<Void> stop = CompletableFuture.runAsync(() -> {
            follower.power(ALPHA.id(), PowerAction.STOP);
            stopReturned.set(System.nanoTime());
        });
        Thread.sleep(400);
        assertFalse(stop.isDone(), "the stop waits while the leader issues the start");

        assertEquals(202, putStart(), "the leader's start");
        annotate(KubeVirtResources.START_ISSUING_ANNOTATION, null);
        long unmarked = System.nanoTime();
        stop.get(java.util.concurrent.TimeUnit.SECONDS.toMillis(15), java.util.concurrent.TimeUnit.MILLISECONDS);
        assertTrue(stopReturned.get() >= unmarked, "the stop went on only once the start was issued");

        await(follower, ALPHA.id(), "Off: the stop came after the start", vm -> vm.powerState() == PowerState.Off);
        Thread.sleep(300);
        assertEquals("Halted", vm().at("/spec/runStrategy").asText(), vm().toString());
        assertNull(cluster.admin.genericKubernetesResources(KubeVirtResources.VMI).inNamespace("ns-a")
                .withName("alpha").get(), "no instance is left running");
    }

    /**
     * A leader that does not finish issuing (here: no leader process runs; the Lease names one): the follower's stop
     * gives up after its wait with a Redfish 503 that says when to retry, and changes nothing, so that the stop cannot
     * come before a start still being issued.
     */
    @Test
    void aStopOnAFollowerWhoseWaitForTheLeaderRunsOutIsUnavailableAndChangesNothing() {
        cluster(ALPHA);
        Fabric8KubeVirtGateway follower = follower();
        follower.startIssuingWait(Duration.ofSeconds(1));
        annotate(KubeVirtResources.START_ISSUING_ANNOTATION, TOKEN);
        await(follower, ALPHA.id(), "PoweringOn (a start is being issued)",
                vm -> vm.powerState() == PowerState.PoweringOn);
        JsonNode before = vm();
        List<String> callsBefore = List.copyOf(cluster.kubevirt.calls);

        GatewayException.Unavailable refused = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> assertThrows(GatewayException.Unavailable.class,
                        () -> follower.power(ALPHA.id(), PowerAction.STOP)));

        Response answer = new GatewayExceptionMapper().toResponse(refused);
        assertEquals(503, answer.getStatus());
        assertEquals("1", String.valueOf(answer.getHeaders().getFirst("Retry-After")));
        String body = String.valueOf(answer.getEntity());
        assertTrue(body.contains("\"" + BaseMessage.ServiceTemporarilyUnavailable.messageId() + "\""), body);
        JsonNode after = vm();
        assertEquals(before.path("spec"), after.path("spec"), "the VM is not stopped");
        assertEquals(before.path("metadata").path("annotations"), after.path("metadata").path("annotations"),
                "the marker stays for the leader");
        assertEquals(callsBefore, List.copyOf(cluster.kubevirt.calls), "no lifecycle call");
        assertEquals(PowerState.PoweringOn, follower.find(ALPHA.id()).orElseThrow().powerState());
    }

    /**
     * A marker left by a leader that died, found by a stop on the new leader before its reconciler has finished it:
     * the stop clears it and the owed start is not issued. virt-api refuses the reconciler's start (500) so that it
     * cannot finish the marker first, whenever it runs; a faulted call reaches no simulated virt-api, so a start
     * would be counted only if it had been issued.
     */
    @Test
    void aStopOnTheLeaderClearsAMarkerLeftByADeadLeaderWithoutStarting() {
        cluster(ALPHA);
        Fabric8KubeVirtGateway leader = gateway();
        assertTrue(leader.reconciling().orElse(true), "a lone replica reconciles");
        cluster.dispatcher.fail(r -> "PUT".equals(r.getMethod())
                && r.getPath().startsWith("/apis/subresources.kubevirt.io/v1/namespaces/ns-a/virtualmachines/alpha/start"),
                500, -1);
        annotate(KubeVirtResources.START_ISSUING_ANNOTATION, TOKEN);
        await(leader, ALPHA.id(), "PoweringOn (an owed start)", vm -> vm.powerState() == PowerState.PoweringOn);
        GatewayAwait.until("the reconciler to have tried the owed start", Duration.ofSeconds(10),
                () -> cluster.dispatcher.log.stream().anyMatch(l -> l.startsWith("PUT ") && l.endsWith("/alpha/start")));

        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> leader.power(ALPHA.id(), PowerAction.STOP));

        assertNull(marker(), "the stop cleared the dead leader's marker");
        await(leader, ALPHA.id(), "Off", vm -> vm.powerState() == PowerState.Off);
        assertEquals("Halted", vm().at("/spec/runStrategy").asText(), vm().toString());
        assertEquals(0, startCalls(), cluster.kubevirt.calls.toString());
    }

    @Test
    void aStartClaimedByALeaderThatDiedIsIssuedOnceByTheNext() {
        cluster(ALPHA);
        Fabric8KubeVirtGateway leader = gateway();
        annotate(KubeVirtResources.START_ISSUING_ANNOTATION, TOKEN);
        await(leader, ALPHA.id(), "On by the owed start", vm -> vm.powerState() == PowerState.On);
        GatewayAwait.until("the marker to be removed", Duration.ofSeconds(10), () -> marker() == null);
        assertEquals(1, startCalls(), cluster.kubevirt.calls.toString());
    }

    @Test
    void aMarkerLeftAfterTheStartWasIssuedIsRemovedWithoutASecondStart() throws Exception {
        cluster(ALPHA);
        assertEquals(202, putStart(), "the earlier leader's start");
        Fabric8KubeVirtGateway leader = gateway();
        annotate(KubeVirtResources.START_ISSUING_ANNOTATION, TOKEN);
        GatewayAwait.until("the marker to be removed", Duration.ofSeconds(10), () -> marker() == null);
        await(leader, ALPHA.id(), "On", vm -> vm.powerState() == PowerState.On);
        Thread.sleep(300);
        assertEquals(1, startCalls(), cluster.kubevirt.calls.toString());
    }

    @Test
    void aClaimTakesOnlyTheHoldItRead() {
        ObjectNode vm = KubeVirtResources.MAPPER.createObjectNode();
        ObjectNode annotations = vm.putObject("metadata").putObject("annotations");
        annotations.put(KubeVirtResources.PENDING_START_ANNOTATION, "2-other");
        InstanceReconciler.claim(vm, TOKEN);
        assertEquals("2-other", annotations.path(KubeVirtResources.PENDING_START_ANNOTATION).asText());
        assertTrue(annotations.path(KubeVirtResources.START_ISSUING_ANNOTATION).isMissingNode());

        annotations.put(KubeVirtResources.PENDING_START_ANNOTATION, TOKEN);
        ObjectNode before = vm.deepCopy();
        InstanceReconciler.claim(vm, TOKEN);
        assertEquals(TOKEN, annotations.path(KubeVirtResources.START_ISSUING_ANNOTATION).asText());
        assertTrue(annotations.path(KubeVirtResources.PENDING_START_ANNOTATION).isMissingNode());
        // one patch, and the removal of the hold is guarded by its value: a stop that dropped it makes the claim fail
        String ops = VmPatcher.diff(before, vm).toString();
        assertTrue(ops.contains("\"op\":\"test\",\"path\":\"/metadata/annotations/redfish.kubevirt.io~1pending-start\","
                + "\"value\":\"" + TOKEN + "\""), ops);
    }

    /** A replica that does not lead: another identity holds a long Lease. */
    private Fabric8KubeVirtGateway follower() {
        cluster.admin.leases().inNamespace("kubevirt-redfish").resource(new LeaseBuilder().withNewMetadata()
                .withName("reconciler").withNamespace("kubevirt-redfish").endMetadata().withNewSpec()
                .withHolderIdentity("the-leader").withLeaseDurationSeconds(600).withAcquireTime(ZonedDateTime.now())
                .withRenewTime(ZonedDateTime.now()).withLeaseTransitions(0).endSpec().build()).create();
        Fabric8KubeVirtGateway gateway = gateway();
        gateway.campaign(new ReconcilerLease.Settings("kubevirt-redfish", "reconciler", "follower",
                Duration.ofSeconds(20), Duration.ofSeconds(15), Duration.ofMillis(200)));
        GatewayAwait.until("the follower to see the leader", Duration.ofSeconds(10),
                () -> "the-leader".equals(gateway.reconcilerLeader().orElse(null)));
        assertFalse(gateway.reconciling().orElseThrow());
        return gateway;
    }

    private long startCalls() {
        return cluster.kubevirt.calls.stream().filter(c -> c.startsWith("start ns-a/alpha")).count();
    }

    private JsonNode vm() {
        GenericKubernetesResource vm = cluster.admin.genericKubernetesResources(KubeVirtResources.VM)
                .inNamespace("ns-a").withName("alpha").get();
        return KubeVirtResources.tree(vm);
    }

    private String marker() {
        return VmSnapshots.annotation(vm(), KubeVirtResources.START_ISSUING_ANNOTATION);
    }

    private void annotate(String key, String value) {
        String path = "/metadata/annotations/" + key.replace("/", "~1");
        String patch = value == null ? "[{\"op\":\"remove\",\"path\":\"" + path + "\"}]"
                : "[{\"op\":\"add\",\"path\":\"" + path + "\",\"value\":\"" + value + "\"}]";
        cluster.admin.genericKubernetesResources(KubeVirtResources.VM).inNamespace("ns-a").withName("alpha")
                .patch(PatchContext.of(PatchType.JSON), patch);
    }

    /** The start subresource, as a leader calls it. */
    private int putStart() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(cluster.masterUrl()
                + "apis/subresources.kubevirt.io/v1/namespaces/ns-a/virtualmachines/alpha/start"))
                .PUT(HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode();
    }
}
