package org.kubevirtredfish.kubevirt.fabric8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kubevirtredfish.config.MapConfig;
import org.kubevirtredfish.kubevirt.ExposedSystem;
import org.kubevirtredfish.kubevirt.ExposedSystems;
import org.kubevirtredfish.kubevirt.KubeVirtGateway;
import org.kubevirtredfish.kubevirt.PowerAction;
import org.kubevirtredfish.kubevirt.PowerState;
import org.kubevirtredfish.kubevirt.VmId;
import org.kubevirtredfish.kubevirt.VmSeed;
import org.kubevirtredfish.kubevirt.simulator.SimulatedKubeVirt;

/**
 * {@code system_id_convention: legacy} with two tenants: user A (chassis a, namespace ns-a) owns VM {@code db};
 * tenant B creates a VM {@code db} in its own namespace ns-b. A must still see and power its own system by the
 * legacy id {@code db}, and B its own; only a caller holding both chassis finds the name ambiguous. On both
 * backends: the simulator, and the fabric8 gateway over the mock cluster with B's VM created after A's.
 */
class LegacySystemIdShadowingTest extends MockClusterTestBase {

    private static final VmSeed A_DB = VmSeed.halted("ns-a", "db", "52:54:00:00:0a:01");
    private static final VmSeed B_DB = VmSeed.halted("ns-b", "db", "52:54:00:00:0b:01");
    private static final String CONFIG = """
            system_id_convention: legacy
            chassis:
              - {name: a, namespace: ns-a, vm_selector: {labels: {redfish-enabled: "true"}}}
              - {name: b, namespace: ns-b, vm_selector: {labels: {redfish-enabled: "true"}}}
            """;

    private SimulatedKubeVirt simulator;

    @AfterEach
    void closeSimulator() {
        if (simulator != null) {
            simulator.close();
        }
    }

    @Test
    void simulator() {
        simulator = new SimulatedKubeVirt(List.of(simulated(A_DB), simulated(B_DB)), Duration.ofMillis(20),
                Duration.ofMillis(20));
        eachTenantKeepsItsOwnSystem(simulator);
    }

    @Test
    void fabric8() {
        cluster(A_DB);
        Fabric8KubeVirtGateway gateway = gateway(Fabric8Options.defaults().withRequestTimeout(Duration.ofSeconds(5)),
                "ns-a", "ns-b");
        ExposedSystems systems = new ExposedSystems(MapConfig.settings(CONFIG, Map.of()), gateway);
        assertEquals(A_DB.id(), systems.find("db", Set.of("a")).orElseThrow().vm());
        cluster.seed(B_DB); // tenant B creates its VM under A's name
        await(gateway, B_DB.id(), "listed", vm -> true);
        eachTenantKeepsItsOwnSystem(gateway);
    }

    private void eachTenantKeepsItsOwnSystem(KubeVirtGateway gateway) {
        ExposedSystems systems = new ExposedSystems(MapConfig.settings(CONFIG, Map.of()), gateway);
        assertEquals(List.of(A_DB.id()), vms(systems.visibleTo(Set.of("a"))));
        assertEquals(List.of(B_DB.id()), vms(systems.visibleTo(Set.of("b"))));
        ExposedSystem own = systems.find("db", Set.of("a")).orElseThrow();
        assertEquals(A_DB.id(), own.vm());
        assertEquals(B_DB.id(), systems.find("db", Set.of("b")).orElseThrow().vm());
        // a caller of both chassis cannot tell the two apart: neither is exposed to it
        assertTrue(systems.find("db", Set.of("a", "b")).isEmpty());
        assertEquals(List.of(), systems.visibleTo(Set.of("a", "b")));

        gateway.power(own.vm(), PowerAction.START);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (gateway.find(A_DB.id()).orElseThrow().powerState() != PowerState.On && System.nanoTime() < deadline) {
            pause();
        }
        assertEquals(PowerState.On, gateway.find(A_DB.id()).orElseThrow().powerState());
        assertEquals(PowerState.Off, gateway.find(B_DB.id()).orElseThrow().powerState(), "B's VM is untouched");
    }

    private static List<VmId> vms(List<ExposedSystem> systems) {
        return systems.stream().map(ExposedSystem::vm).toList();
    }

    private static org.kubevirtredfish.kubevirt.simulator.VmSeed simulated(VmSeed s) {
        return new org.kubevirtredfish.kubevirt.simulator.VmSeed(s.id(), s.labels(), s.cpus(),
                4096 /* the seeds' 4Gi */, s.macs(), s.runStrategy(), s.running());
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
