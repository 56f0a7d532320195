package org.kubevirtredfish.kubevirt.fabric8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.kubevirtredfish.kubevirt.BootMode;
import org.kubevirtredfish.kubevirt.BootOverride;
import org.kubevirtredfish.kubevirt.BootOverrideEnabled;
import org.kubevirtredfish.kubevirt.BootSource;
import org.kubevirtredfish.kubevirt.GatewayException;
import org.kubevirtredfish.kubevirt.PowerAction;
import org.kubevirtredfish.kubevirt.PowerState;
import org.kubevirtredfish.kubevirt.VmSeed;

/** How the gateway behaves when the API server fails, refuses, races or hangs. */
class Fabric8FailureInjectionTest extends MockClusterTestBase {

    private static Predicate<RecordedRequest> put(String pathEnd) {
        return r -> "PUT".equals(r.getMethod()) && r.getPath().endsWith(pathEnd);
    }

    private static Predicate<RecordedRequest> vmPatch() {
        return r -> "PATCH".equals(r.getMethod()) && r.getPath().contains("/virtualmachines/alpha");
    }

    @Test
    void aServerErrorOnASubresourceIsUnavailableWithRetryAfter() {
        cluster(ALPHA);
        Fabric8KubeVirtGateway gateway = gateway();
        cluster.dispatcher.fail(put("/virtualmachines/alpha/start"), 500, 1);
        GatewayException.Unavailable e = assertThrows(GatewayException.Unavailable.class,
                () -> gateway.power(ALPHA.id(), PowerAction.START));
        assertEquals(5, e.retryAfterSeconds());
        gateway.power(ALPHA.id(), PowerAction.START); // the next attempt goes through
        await(gateway, ALPHA.id(), "On", vm -> vm.powerState() == PowerState.On);
    }

    @Test
    void aRefusalIsForbidden() {
        cluster(ALPHA);
        Fabric8KubeVirtGateway gateway = gateway();
        cluster.dispatcher.fail(put("/virtualmachines/alpha/start"), 403, 1);
        GatewayException.Forbidden e = assertThrows(GatewayException.Forbidden.class,
                () -> gateway.power(ALPHA.id(), PowerAction.START));
        assertTrue(e.getMessage().contains("virtualmachines/start"), e.getMessage());
        cluster.dispatcher.fail(vmPatch(), 403, 1);
        assertThrows(GatewayException.Forbidden.class, () -> gateway.setBootOverride(ALPHA.id(),
                new BootOverride(BootSource.Pxe, BootOverrideEnabled.Once, BootMode.UEFI)));
    }

    @Test
    void aConflictOnTheBootPatchIsRetriedOnAFreshRead() {
        cluster(ALPHA);
        Fabric8KubeVirtGateway gateway = gateway();
        int before = cluster.dispatcher.log.size();
        cluster.dispatcher.fail(vmPatch(), 409, 1);
        var vm = gateway.setBootOverride(ALPHA.id(), new BootOverride(BootSource.Pxe, BootOverrideEnabled.Once,
                BootMode.UEFI));
        assertEquals(BootOverrideEnabled.Once, vm.boot().enabled());
        assertEquals(BootSource.Pxe, vm.boot().target());
        List<String> requests = cluster.dispatcher.logSince(before);
        assertEquals(List.of("PATCH", "GET", "PATCH"), requests.stream().filter(r -> r.endsWith("/virtualmachines/alpha"))
                .map(r -> r.split(" ")[0]).toList(), "one failed patch, one fresh read, one patch: " + requests);
    }

    /** Someone changes what the patch replaces (the firmware) just before it: its test fails, the retry rebases. */
    @Test
    void aConcurrentChangeOfWhatThePatchWritesFailsItsTestAndIsRetried() {
        cluster(ALPHA);
        Fabric8KubeVirtGateway gateway = gateway();
        cluster.dispatcher.changeBefore(vmPatch(), "/apis/kubevirt.io/v1/namespaces/ns-a/virtualmachines/alpha",
                "{\"spec\":{\"template\":{\"spec\":{\"domain\":{\"firmware\":{\"serial\":\"SN-changed\"}}}}}}");
        int before = cluster.dispatcher.log.size();
        var vm = gateway.setBootOverride(ALPHA.id(), new BootOverride(BootSource.Hdd, BootOverrideEnabled.Continuous,
                BootMode.UEFI));
        assertEquals(BootOverrideEnabled.Continuous, vm.boot().enabled());
        assertEquals("SN-changed", vm.serial(), "the retry started from the changed VM");
        List<String> requests = cluster.dispatcher.logSince(before);
        assertTrue(requests.contains("  -> 422"), "the first patch failed its test of the firmware: " + requests);
    }

    /** A change of something the patch does not write (labels) does not fail it: one PATCH, no retry. */
    @Test
    void aConcurrentChangeOfSomethingElseDoesNotFailThePatch() {
        cluster(ALPHA);
        observedByVirtController();
        Fabric8KubeVirtGateway gateway = gateway();
        cluster.dispatcher.changeBefore(vmPatch(), "/apis/kubevirt.io/v1/namespaces/ns-a/virtualmachines/alpha",
                "{\"metadata\":{\"labels\":{\"x\":\"y\"}}}");
        int before = cluster.dispatcher.log.size();
        var vm = gateway.setBootOverride(ALPHA.id(), new BootOverride(BootSource.Hdd, BootOverrideEnabled.Continuous,
                BootMode.UEFI));
        assertEquals(BootOverrideEnabled.Continuous, vm.boot().enabled());
        assertEquals("y", vm.labels().get("x"), "the label written meanwhile is kept");
        List<String> requests = cluster.dispatcher.logSince(before);
        assertEquals(1, requests.stream().filter(r -> r.startsWith("PATCH ")).count(), requests.toString());
        assertFalse(requests.contains("  -> 422"), requests.toString());
    }

    /**
     * Issue 8 point 10: virt-controller updates the VM status again and again during a start, and each update
     * changes metadata.resourceVersion. A status update before each of the first five patches made a patch guarded
     * by the resourceVersion lose every one of its four attempts; guarded by what it replaces, it goes through.
     */
    @Test
    void statusUpdatesDuringAStartDoNotFailAPatch() {
        cluster(ALPHA);
        observedByVirtController();
        Fabric8KubeVirtGateway gateway = gateway();
        String vmPath = "/apis/kubevirt.io/v1/namespaces/ns-a/virtualmachines/alpha";
        for (int i = 1; i <= 5; i++) {
            int nth = i;
            cluster.dispatcher.changeBefore(r -> vmPatch().test(r) && patchesSoFar() == nth, vmPath,
                    "{\"status\":{\"printableStatus\":\"Starting\",\"observedGeneration\":" + nth + "}}");
        }
        var vm = gateway.setBootOverride(ALPHA.id(), new BootOverride(BootSource.Pxe, BootOverrideEnabled.Once,
                BootMode.UEFI));
        assertEquals(BootSource.Pxe, vm.boot().target());
        assertEquals(BootOverrideEnabled.Once, vm.boot().enabled());
    }

    /**
     * virt-controller annotates every VM it syncs first of all (KubeVirt v1.9.0 pkg/virt-controller/watch/vm/vm.go,
     * execute: SetLatestApiVersionAnnotation), so a real VM always has annotations.
     */
    private void observedByVirtController() {
        cluster.admin.genericKubernetesResources(KubeVirtResources.VM).inNamespace("ns-a").withName("alpha").patch(
                io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                        io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
                "{\"metadata\":{\"annotations\":{\"kubevirt.io/latest-observed-api-version\":\"v1\","
                        + "\"kubevirt.io/storage-observed-api-version\":\"v1\"}}}");
    }

    private long patchesSoFar() {
        return cluster.dispatcher.log.stream()
                .filter(l -> l.equals("PATCH /apis/kubevirt.io/v1/namespaces/ns-a/virtualmachines/alpha")).count();
    }

    @Test
    void conflictsThatDoNotStopGiveUpAsConflict() {
        cluster(ALPHA);
        Fabric8KubeVirtGateway gateway = gateway();
        cluster.dispatcher.fail(vmPatch(), 409, -1);
        assertThrows(GatewayException.Conflict.class, () -> gateway.setBootOverride(ALPHA.id(),
                new BootOverride(BootSource.Pxe, BootOverrideEnabled.Once, BootMode.UEFI)));
    }

    @Test
    void anApiServerThatDoesNotAnswerInTimeIsUnavailable() {
        cluster(ALPHA);
        Fabric8KubeVirtGateway gateway = gateway(Fabric8Options.defaults().withRequestTimeout(Duration.ofMillis(300)),
                "ns-a");
        cluster.dispatcher.delay(put("/virtualmachines/alpha/start"), 1500, 1);
        long start = System.nanoTime();
        assertThrows(GatewayException.Unavailable.class, () -> gateway.power(ALPHA.id(), PowerAction.START));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 1400, "gave up at the timeout");
    }

    @Test
    void anUnreachableApiServerIsUnavailableWhileReadsStayServedFromTheCache() throws InterruptedException {
        cluster(ALPHA);
        Fabric8KubeVirtGateway gateway = gateway();
        cluster.goAway();
        GatewayException.Unavailable e = assertThrows(GatewayException.Unavailable.class,
                () -> gateway.power(ALPHA.id(), PowerAction.START));
        assertEquals(5, e.retryAfterSeconds());
        assertThrows(GatewayException.Unavailable.class, () -> gateway.setBootOverride(ALPHA.id(),
                new BootOverride(BootSource.Pxe, BootOverrideEnabled.Once, BootMode.UEFI)));
        assertTrue(gateway.find(ALPHA.id()).isPresent(), "reads are served from the cache while the server is away");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (gateway.isReady() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertFalse(gateway.isReady(), "not ready while the API server cannot be reached");
    }

    /**
     * Watches that fail (500, then 410 Gone, as when an API server restarts or compacts) are reopened, after a
     * relist for the 410, and later changes still arrive. (A full restart of the mock server is not possible: its
     * restarted instance refuses new watch connections.)
     */
    @Test
    void informersRecoverFromFailedListsAndDroppedWatches() {
        cluster(ALPHA);
        Predicate<RecordedRequest> vmList = r -> "GET".equals(r.getMethod())
                && r.getPath().startsWith("/apis/kubevirt.io/v1/namespaces/ns-a/virtualmachines?");
        Predicate<RecordedRequest> vmWatch = r -> vmList.test(r) && r.getPath().contains("watch=true");
        cluster.dispatcher.fail(vmList.and(vmWatch.negate()), 503, 1);
        cluster.dispatcher.fail(vmWatch, 500, 1);
        cluster.dispatcher.fail(vmWatch, 410, 1);
        int before = cluster.dispatcher.log.size();
        Fabric8KubeVirtGateway gateway = gateway();
        GatewayAwait.until("the VM watch to be reopened after a 500 and a 410", Duration.ofSeconds(10),
                () -> cluster.dispatcher.logSince(before).stream().filter(r -> vmWatch.test(request(r))).count() >= 3);
        VmSeed late = VmSeed.halted("ns-a", "late", "52:54:00:00:00:09");
        cluster.seed(late);
        await(gateway, late.id(), "seen through the reopened watch", vm -> true);
        gateway.power(ALPHA.id(), PowerAction.START);
        await(gateway, ALPHA.id(), "On", vm -> vm.powerState() == PowerState.On);
    }

    private static RecordedRequest request(String logLine) {
        String[] parts = logLine.trim().split(" ");
        return new RecordedRequest("HTTP/1.1", io.fabric8.mockwebserver.dsl.HttpMethod.valueOf(
                parts[0].equals("->") ? "GET" : parts[0]), parts.length > 1 ? parts[1] : "", null, null);
    }
}
