package org.kubevirtredfish.kubevirt.fabric8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.kubevirtredfish.config.MapConfig;
import org.kubevirtredfish.kubevirt.ExposedSystem;
import org.kubevirtredfish.kubevirt.ExposedSystems;
import org.kubevirtredfish.kubevirt.VmId;
import org.kubevirtredfish.kubevirt.VmSeed;

/**
 * Over the mock API server: the exposed systems follow the informers' events (a VM created, relabelled out of and
 * back into its chassis selector, deleted), in the collection and in lookups by legacy and enhanced id, without
 * another ExposedSystems being built.
 */
class Fabric8ExposedSystemsTest extends MockClusterTestBase {

    private static final String CHASSIS = """
            chassis:
              - {name: a, namespace: ns-a, vm_selector: {labels: {redfish-enabled: "true"}}}
              - {name: b, namespace: ns-b, vm_selector: {labels: {redfish-enabled: "true"}}}
            """;
    private static final VmSeed B_DB = VmSeed.halted("ns-b", "db", "52:54:00:00:0b:01");
    private static final VmSeed A_DB = VmSeed.halted("ns-a", "db", "52:54:00:00:0a:01");

    private KubernetesClient admin;

    private void relabel(VmId id, String value) {
        admin.genericKubernetesResources(KubeVirtResources.VM).inNamespace(id.namespace()).withName(id.name())
                .edit(vm -> {
                    Map<String, String> labels = new HashMap<>(vm.getMetadata().getLabels());
                    labels.put("redfish-enabled", value);
                    vm.getMetadata().setLabels(labels);
                    return vm;
                });
    }

    private static <T> void awaitEquals(T expected, Supplier<T> actual, String what) {
        try {
            GatewayAwait.until(what + " to be " + expected, Duration.ofSeconds(10),
                    () -> expected.equals(actual.get()));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; last " + actual.get(), e);
        }
    }

    private static List<String> ids(List<ExposedSystem> systems) {
        return systems.stream().map(ExposedSystem::id).toList();
    }

    @Test
    void theCollectionAndLookupsFollowInformerEvents() {
        cluster(ALPHA);
        admin = cluster.newClient(5);
        Fabric8KubeVirtGateway gateway = gateway(Fabric8Options.defaults().withRequestTimeout(Duration.ofSeconds(5)),
                "ns-a", "ns-b");
        ExposedSystems legacy = new ExposedSystems(MapConfig.settings("system_id_convention: legacy\n" + CHASSIS,
                Map.of()), gateway);
        ExposedSystems enhanced = new ExposedSystems(MapConfig.settings("system_id_convention: enhanced\n" + CHASSIS,
                Map.of()), gateway);
        assertEquals(List.of("alpha"), ids(legacy.visibleTo(Set.of("a", "b"))));

        cluster.seed(A_DB);
        cluster.seed(B_DB);
        awaitEquals(List.of("alpha"), () -> ids(legacy.visibleTo(Set.of("a", "b"))), "db ambiguous for a and b");
        awaitEquals(List.of("alpha", "db"), () -> ids(legacy.visibleTo(Set.of("a"))), "a's systems");
        awaitEquals(List.of("ns-a.alpha", "ns-a.db", "ns-b.db"), () -> ids(enhanced.all()), "every system");
        assertEquals(Optional.of(A_DB.id()), legacy.find("db", Set.of("a")).map(ExposedSystem::vm));
        assertEquals(Optional.of(B_DB.id()), legacy.find("db", Set.of("b")).map(ExposedSystem::vm));

        relabel(B_DB.id(), "false");
        awaitEquals(Optional.of(A_DB.id()), () -> legacy.find("db", Set.of("a", "b")).map(ExposedSystem::vm),
                "db of a caller of both once b's is relabelled out");
        assertEquals(List.of("alpha", "db"), ids(legacy.visibleTo(Set.of("a", "b"))));
        assertEquals(Optional.empty(), enhanced.find("ns-b.db", Set.of("b")));

        relabel(B_DB.id(), "true");
        awaitEquals(List.of("ns-a.alpha", "ns-a.db", "ns-b.db"), () -> ids(enhanced.all()), "b's db back");

        admin.genericKubernetesResources(KubeVirtResources.VM).inNamespace("ns-a").withName("db").delete();
        awaitEquals(List.of("ns-a.alpha", "ns-b.db"), () -> ids(enhanced.all()), "a's db deleted");
        assertEquals(Optional.empty(), enhanced.find("ns-a.db", Set.of("a")));
        assertEquals(Optional.of(B_DB.id()), legacy.find("db", Set.of("a", "b")).map(ExposedSystem::vm));
        assertEquals(List.of("alpha", "db"), ids(legacy.visibleTo(Set.of("a", "b"))));
        // served from the index: without a change in between, a read is the list the last one built
        assertSame(legacy.visibleTo(Set.of("a", "b")), legacy.visibleTo(Set.of("a", "b")));
    }
}
