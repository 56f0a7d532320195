package org.kubevirtredfish.kubevirt.fabric8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.kubevirtredfish.health.GatewayReadiness;
import org.kubevirtredfish.kubevirt.InformerHealth;
import org.kubevirtredfish.kubevirt.KubernetesApiCall;

/** Informer health and API-call metrics of the fabric8 gateway, with an API server that refuses some lists and watches. */
class Fabric8InformerHealthTest extends MockClusterTestBase {

    private static Predicate<RecordedRequest> get(String pathPart, boolean watch) {
        return r -> "GET".equals(r.getMethod()) && r.getPath().contains(pathPart)
                && r.getPath().contains("watch=true") == watch;
    }

    @Test
    void readinessNamesTheInformerWhoseListOrWatchFailsAndTheApiCallsAreMeasured() {
        cluster(ALPHA);
        cluster.dispatcher.fail(get("/namespaces/ns-b/virtualmachines?", false), 403, Integer.MAX_VALUE);
        cluster.dispatcher.fail(get("/namespaces/ns-b/datavolumes?", true), 403, Integer.MAX_VALUE);
        ApiCallMeter meter = new ApiCallMeter();
        List<KubernetesApiCall> calls = new CopyOnWriteArrayList<>();
        meter.listen(calls::add);
        Fabric8KubeVirtGateway gateway = new Fabric8KubeVirtGateway(cluster.newClient(5, meter),
                new LinkedHashSet<>(List.of("ns-a", "ns-b")), Fabric8Options.defaults(), meter);
        try {
            gateway.start();
            GatewayAwait.until("every informer but the refused ones to sync", Duration.ofSeconds(10),
                    () -> gateway.informers().stream().filter(h -> h.namespace().equals("ns-a"))
                            .allMatch(InformerHealth::healthy)
                            && health(gateway, "datavolumes", "ns-b").synced());
            GatewayAwait.until("the refused list and watch to be measured", Duration.ofSeconds(10),
                    () -> calls.stream().anyMatch(c -> c.outcome().equals("denied")
                            && c.verb().equals("list") && c.resource().equals("virtualmachines")));

            assertFalse(gateway.isReady());
            assertFalse(health(gateway, "virtualmachines", "ns-b").synced());
            assertTrue(health(gateway, "datavolumes", "ns-b").synced());
            assertFalse(health(gateway, "datavolumes", "ns-b").watching());
            assertTrue(health(gateway, "virtualmachines", "ns-a").secondsSinceLastEvent() >= 0,
                    "the seeded VM was delivered");

            Map<String, String> data = GatewayReadiness.notReady(gateway);
            assertEquals("not synced", data.get("virtualmachines in ns-b"), data.toString());
            assertEquals("watch not open", data.get("datavolumes in ns-b"), data.toString());
            assertFalse(data.keySet().stream().anyMatch(k -> k.endsWith(" in ns-a")), data.toString());

            assertTrue(calls.stream().anyMatch(c -> c.verb().equals("list") && c.resource().equals("virtualmachines")
                    && c.outcome().equals("success")), calls.toString());
            assertTrue(calls.stream().allMatch(c -> !c.took().isNegative()), calls.toString());
        } finally {
            gateway.close();
        }
    }

    @Test
    void aPowerActionIsAnUpdateOfTheStartSubresourceAndCallsBeforeTheFirstListenerAreNotLost() {
        cluster(ALPHA);
        ApiCallMeter meter = new ApiCallMeter();
        List<KubernetesApiCall> calls = new CopyOnWriteArrayList<>();
        Fabric8KubeVirtGateway gateway = new Fabric8KubeVirtGateway(cluster.newClient(5, meter),
                new LinkedHashSet<>(List.of("ns-a")), Fabric8Options.defaults(), meter);
        try {
            gateway.start();
            GatewayAwait.ready(gateway);
            meter.listen(calls::add);
            assertTrue(calls.stream().anyMatch(c -> c.verb().equals("list") && c.resource().equals("virtualmachines")
                    && c.outcome().equals("success")), "the informers' first lists: " + calls);
            gateway.power(ALPHA.id(), org.kubevirtredfish.kubevirt.PowerAction.START);
            assertTrue(calls.stream().anyMatch(c -> c.verb().equals("update")
                    && c.resource().equals("virtualmachines/start") && c.outcome().equals("success")), calls.toString());
            assertEquals(List.of(new InformerHealth("virtualmachines", "ns-a", true, true, 0).resource()),
                    gateway.informers().stream().map(InformerHealth::resource).filter(r -> r.equals("virtualmachines"))
                            .toList());
        } finally {
            gateway.close();
        }
    }

    private static InformerHealth health(Fabric8KubeVirtGateway gateway, String resource, String namespace) {
        return gateway.informers().stream().filter(h -> h.resource().equals(resource) && h.namespace().equals(namespace))
                .findFirst().orElseThrow();
    }
}
