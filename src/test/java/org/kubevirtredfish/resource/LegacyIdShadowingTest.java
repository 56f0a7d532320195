package org.kubevirtredfish.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kubevirtredfish.config.MapConfig;
import org.kubevirtredfish.config.ServiceSettings;
import org.kubevirtredfish.health.RecordingMetrics;
import org.kubevirtredfish.kubevirt.ExposedSystem;
import org.kubevirtredfish.kubevirt.ExposedSystems;
import org.kubevirtredfish.kubevirt.GatewayPolling;
import org.kubevirtredfish.kubevirt.PowerState;
import org.kubevirtredfish.kubevirt.VmId;
import org.kubevirtredfish.kubevirt.simulator.SimulatedKubeVirt;
import org.kubevirtredfish.kubevirt.simulator.VmSeed;
import org.kubevirtredfish.security.Caller;
import org.kubevirtredfish.security.Role;

/**
 * Issue 11, item 8, through the System resource: under {@code system_id_convention: legacy} (the default) a tenant
 * who creates a VM with the name of another tenant's system in its own namespace neither hides that system nor
 * receives its requests. The caller of chassis prod reads and resets its own {@code db}; lab's {@code db} is unchanged.
 * The resolution itself: ExposedSystemsFollowChangesTest#aLegacyNameCreatedInAnotherChassisNeitherHidesNorReplacesTheCallersSystem.
 */
class LegacyIdShadowingTest {

    private static final VmId PROD_DB = new VmId("prod", "db");
    private static final VmId LAB_DB = new VmId("lab", "db");
    private static final String CONFIG = """
            system_id_convention: legacy
            chassis:
              - {name: prod, namespace: prod}
              - {name: lab, namespace: lab}
            """;

    private final SimulatedKubeVirt sim = new SimulatedKubeVirt(List.of(
            new VmSeed(PROD_DB, Map.of(), 4, 16384, List.of(), false),
            new VmSeed(new VmId("prod", "web"), Map.of(), 2, 4096, List.of(), true)),
            Duration.ofMillis(50), Duration.ofMillis(100));
    private final ServiceSettings settings = MapConfig.settings(CONFIG, Map.of());
    private final ExposedSystems exposed = new ExposedSystems(settings, sim);
    private final CallerScope prodAdmin = new Fixture.FixedScope(
            new Caller("prod-admin", Role.Administrator, Set.of("prod"), null), exposed, settings);

    @AfterEach
    void close() {
        sim.close();
    }

    private SystemResource systems() {
        SystemResource r = new SystemResource();
        r.scope = prodAdmin;
        r.gateway = sim;
        r.metrics = new RecordingMetrics();
        r.writes = new SystemWrites();
        r.writes.gateway = sim;
        return r;
    }

    @Test
    void anotherTenantsVmOfTheSameNameNeitherHidesNorTakesTheCallersSystem() throws Exception {
        sim.create(new VmSeed(LAB_DB, Map.of(), 1, 1024, List.of(), false));

        assertEquals(List.of("db", "web"), prodAdmin.systems().stream().map(ExposedSystem::id).sorted().toList());
        Response got = systems().getSystem("db");
        assertEquals(200, got.getStatus());
        JsonNode db = new ObjectMapper().readTree((String) got.getEntity());
        assertEquals("/redfish/v1/Chassis/prod", db.at("/Links/Chassis/0/@odata.id").asText());
        assertEquals("prod", db.at("/Oem/KubeVirt/Namespace").asText());
        assertEquals(16.0, db.at("/MemorySummary/TotalSystemMemoryGiB").asDouble());

        Response reset = systems().resetSystem("db", "{\"ResetType\":\"On\"}", null);
        assertEquals(204, reset.getStatus());
        GatewayPolling.await(sim, PROD_DB, "prod's db on", Duration.ofSeconds(5), v -> v.powerState() == PowerState.On);
        assertEquals(PowerState.Off, sim.find(LAB_DB).orElseThrow().powerState(), "lab's db is not touched");
    }
}
