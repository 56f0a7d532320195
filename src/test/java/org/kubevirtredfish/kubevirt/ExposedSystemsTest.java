package org.kubevirtredfish.kubevirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kubevirtredfish.config.MapConfig;
import org.kubevirtredfish.kubevirt.simulator.SimulatedKubeVirt;
import org.kubevirtredfish.kubevirt.simulator.VmSeed;

/** Which VMs are systems, under which ids, seen by which chassis. */
class ExposedSystemsTest {

    private static final Map<String, String> ENABLED = Map.of("redfish-enabled", "true");

    private final SimulatedKubeVirt cluster = new SimulatedKubeVirt(List.of(
            seed("prod", "cp-0", ENABLED), seed("prod", "cp-1", ENABLED), seed("prod", "plain", Map.of()),
            seed("lab", "cp-0", ENABLED), seed("lab", "worker", Map.of())),
            Duration.ofMillis(10), Duration.ofMillis(10));

    private static VmSeed seed(String namespace, String name, Map<String, String> labels) {
        return new VmSeed(new VmId(namespace, name), labels, 1, 1024, List.of(), false);
    }

    private ExposedSystems exposed(String convention, Map<String, String> config) {
        String yaml = """
                system_id_convention: %s
                chassis:
                  - name: prod
                    namespace: prod
                    vm_selector: {labels: {redfish-enabled: "true"}}
                  - name: lab
                    namespace: lab
                    vm_selector: {labels: {redfish-enabled: "true"}}
                  - name: lab-worker
                    namespace: lab
                    vm_selector: {names: [worker]}
                """.formatted(convention);
        return new ExposedSystems(MapConfig.settings(yaml, config), cluster);
    }

    private static List<String> ids(List<ExposedSystem> systems) {
        return systems.stream().map(ExposedSystem::id).toList();
    }

    @AfterEach
    void close() {
        cluster.close();
    }

    @Test
    void enhancedIdsAreNamespaceDotName() {
        assertEquals(List.of("lab.cp-0", "lab.worker", "prod.cp-0", "prod.cp-1"), ids(exposed("enhanced", Map.of()).all()));
    }

    @Test
    void legacyIdsThatTwoNamespacesShareAreRefusedNotGuessed() {
        ExposedSystems legacy = exposed("legacy", Map.of());
        assertEquals(List.of("cp-1", "worker"), ids(legacy.all()));
        assertTrue(legacy.find("cp-0", Set.of("prod", "lab")).isEmpty());
    }

    @Test
    void aLegacyIdIsResolvedWithinTheCallersOwnChassis() {
        ExposedSystems legacy = exposed("legacy", Map.of());
        assertEquals(new VmId("prod", "cp-0"), legacy.find("cp-0", Set.of("prod")).orElseThrow().vm());
        assertEquals(new VmId("lab", "cp-0"), legacy.find("cp-0", Set.of("lab")).orElseThrow().vm());
        assertEquals(List.of("cp-0", "cp-1"), ids(legacy.visibleTo(Set.of("prod"))));
        assertEquals(List.of("cp-0", "worker"), ids(legacy.visibleTo(Set.of("lab", "lab-worker"))));
    }

    @Test
    void eachUserSeesItsChassisOnly() {
        ExposedSystems systems = exposed("enhanced", Map.of());
        assertEquals(List.of("prod.cp-0", "prod.cp-1"), ids(systems.visibleTo(Set.of("prod"))));
        assertEquals(List.of("lab.worker"), ids(systems.visibleTo(Set.of("lab-worker"))));
        assertTrue(systems.find("prod.cp-0", Set.of("lab")).isEmpty());
        assertEquals(Set.of("lab-worker"), systems.find("lab.worker", Set.of("lab-worker")).orElseThrow().chassis());
    }

    @Test
    void theSelectorsMustMatchLabelsAndNames() {
        List<String> all = ids(exposed("enhanced", Map.of()).all());
        assertTrue(!all.contains("prod.plain"), all.toString());
    }

    @Test
    void anAllowlistNarrowsTheSelection() {
        ExposedSystems systems = exposed("enhanced", Map.of("allowlist", "prod/cp-1,lab/worker"));
        assertEquals(List.of("lab.worker", "prod.cp-1"), ids(systems.all()));
        assertTrue(systems.find("prod.cp-0", Set.of("prod")).isEmpty());
        assertTrue(systems.find("prod.cp-1", Set.of("prod")).isPresent());
    }

    @Test
    void findingOneSystemAgreesWithTheListForEveryIdAndCaller() {
        ExposedSystems systems = exposed("enhanced", Map.of());
        List<String> candidates = List.of("prod.cp-0", "prod.cp-1", "prod.plain", "lab.cp-0", "lab.worker", "lab.nope",
                "nodot", ".x", "prod.", "other.cp-0");
        for (Set<String> caller : List.of(Set.of("prod"), Set.of("lab"), Set.of("lab-worker"), Set.of("prod", "lab"))) {
            for (String id : candidates) {
                assertEquals(systems.visibleTo(caller).stream().filter(s -> s.id().equals(id)).findFirst(),
                        systems.find(id, caller), id + " for " + caller);
            }
        }
    }
}
