package org.kubevirtredfish.kubevirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kubevirtredfish.config.MapConfig;
import org.kubevirtredfish.kubevirt.simulator.SimulatedKubeVirt;
import org.kubevirtredfish.kubevirt.simulator.VmSeed;

/**
 * The exposed systems follow the gateway's changes (VMs created, deleted, relabelled into and out of a selector)
 * without listing per read: the collection and a lookup by id in both conventions agree with the cluster after each
 * change, per caller, and a reader never sees a half-applied change.
 */
class ExposedSystemsFollowChangesTest {

    private static final Map<String, String> ENABLED = Map.of("redfish-enabled", "true");
    private static final Map<String, String> TEAM_A = Map.of("team", "a");
    private static final Map<String, String> TEAM_B = Map.of("team", "b");
    private static final String CHASSIS = """
            chassis:
              - {name: prod, namespace: prod, vm_selector: {labels: {redfish-enabled: "true"}}}
              - {name: lab, namespace: lab, vm_selector: {labels: {redfish-enabled: "true"}}}
              - {name: team-a, namespace: shared, vm_selector: {labels: {team: a}}}
              - {name: team-b, namespace: shared, vm_selector: {labels: {team: b}}}
            """;

    private final SimulatedKubeVirt cluster = new SimulatedKubeVirt(List.of(
            seed("prod", "db", ENABLED), seed("prod", "plain", Map.of()), seed("lab", "web", ENABLED)),
            Duration.ofMillis(10), Duration.ofMillis(10));

    private static VmSeed seed(String namespace, String name, Map<String, String> labels) {
        return new VmSeed(new VmId(namespace, name), labels, 1, 1024, List.of(), false);
    }

    private ExposedSystems exposed(String convention) {
        return exposed(convention, Map.of());
    }

    private ExposedSystems exposed(String convention, Map<String, String> config) {
        return new ExposedSystems(MapConfig.settings("system_id_convention: " + convention + "\n" + CHASSIS, config),
                cluster);
    }

    private static List<String> ids(List<ExposedSystem> systems) {
        return systems.stream().map(ExposedSystem::id).toList();
    }

    private static Optional<VmId> vm(ExposedSystems exposed, String id, Set<String> caller) {
        return exposed.find(id, caller).map(ExposedSystem::vm);
    }

    @AfterEach
    void close() {
        cluster.close();
    }

    @Test
    void aCreatedVmIsListedAndFoundInBothConventions() {
        ExposedSystems enhanced = exposed("enhanced");
        ExposedSystems legacy = exposed("legacy");
        assertEquals(List.of("lab.web", "prod.db"), ids(enhanced.visibleTo(Set.of("prod", "lab"))));

        cluster.create(seed("prod", "api", ENABLED));

        assertEquals(List.of("lab.web", "prod.api", "prod.db"), ids(enhanced.visibleTo(Set.of("prod", "lab"))));
        assertEquals(List.of("api", "db", "web"), ids(legacy.visibleTo(Set.of("prod", "lab"))));
        assertEquals(Optional.of(new VmId("prod", "api")), vm(enhanced, "prod.api", Set.of("prod")));
        assertEquals(Optional.of(new VmId("prod", "api")), vm(legacy, "api", Set.of("prod")));
        assertEquals(Optional.empty(), vm(legacy, "api", Set.of("lab")), "not in the lab caller's chassis");
    }

    @Test
    void aDeletedVmIsNeitherListedNorFound() {
        ExposedSystems enhanced = exposed("enhanced");
        ExposedSystems legacy = exposed("legacy");

        cluster.delete(new VmId("prod", "db"));

        assertEquals(List.of(), ids(enhanced.visibleTo(Set.of("prod"))));
        assertEquals(Optional.empty(), vm(enhanced, "prod.db", Set.of("prod")));
        assertEquals(Optional.empty(), vm(legacy, "db", Set.of("prod")));
        assertEquals(List.of("web"), ids(legacy.all()));
    }

    @Test
    void relabellingMovesAVmIntoAndOutOfItsSelector() {
        ExposedSystems enhanced = exposed("enhanced");
        VmId plain = new VmId("prod", "plain");

        cluster.relabel(plain, ENABLED);
        assertEquals(List.of("prod.db", "prod.plain"), ids(enhanced.visibleTo(Set.of("prod"))));
        assertEquals(Optional.of(plain), vm(enhanced, "prod.plain", Set.of("prod")));

        cluster.relabel(new VmId("prod", "db"), Map.of("redfish-enabled", "false"));
        assertEquals(List.of("prod.plain"), ids(enhanced.visibleTo(Set.of("prod"))));
        assertEquals(Optional.empty(), vm(enhanced, "prod.db", Set.of("prod")));
    }

    @Test
    void relabellingMovesAVmBetweenTwoChassisOfOneNamespace() {
        ExposedSystems legacy = exposed("legacy");
        VmId shared = new VmId("shared", "node");
        cluster.create(seed("shared", "node", TEAM_A));
        assertEquals(Optional.of(shared), vm(legacy, "node", Set.of("team-a")));
        assertEquals(Set.of("team-a"), legacy.find("node", Set.of("team-a")).orElseThrow().chassis());

        cluster.relabel(shared, TEAM_B);

        assertEquals(Optional.empty(), vm(legacy, "node", Set.of("team-a")));
        assertEquals(List.of(), ids(legacy.visibleTo(Set.of("team-a"))));
        assertEquals(Optional.of(shared), vm(legacy, "node", Set.of("team-b")));
        assertEquals(Set.of("team-b"), legacy.find("node", Set.of("team-b")).orElseThrow().chassis());
    }

    @Test
    void aLegacyNameCreatedInAnotherChassisNeitherHidesNorReplacesTheCallersSystem() {
        ExposedSystems legacy = exposed("legacy");
        VmId prodDb = new VmId("prod", "db");
        VmId labDb = new VmId("lab", "db");

        cluster.create(seed("lab", "db", ENABLED));

        assertEquals(Optional.of(prodDb), vm(legacy, "db", Set.of("prod")));
        assertEquals(Optional.of(labDb), vm(legacy, "db", Set.of("lab")));
        assertEquals(Optional.empty(), vm(legacy, "db", Set.of("prod", "lab")), "ambiguous for a caller of both");
        assertEquals(List.of("web"), ids(legacy.visibleTo(Set.of("prod", "lab"))));

        cluster.delete(labDb);

        assertEquals(Optional.of(prodDb), vm(legacy, "db", Set.of("prod", "lab")), "no longer ambiguous");
        assertEquals(List.of("db", "web"), ids(legacy.visibleTo(Set.of("prod", "lab"))));
    }

    @Test
    void theAllowlistStillNarrowsWhatChangesExpose() {
        ExposedSystems enhanced = exposed("enhanced", Map.of("allowlist", "prod/db,prod/api"));
        cluster.create(seed("prod", "api", ENABLED));
        cluster.create(seed("prod", "other", ENABLED));

        assertEquals(List.of("prod.api", "prod.db"), ids(enhanced.visibleTo(Set.of("prod"))));
        assertEquals(Optional.empty(), vm(enhanced, "prod.other", Set.of("prod")));
    }

    @Test
    void aCallersListIsTheSameInstanceUntilTheExposedVmsChange() {
        ExposedSystems enhanced = exposed("enhanced");
        List<ExposedSystem> before = enhanced.visibleTo(Set.of("prod"));
        assertSame(before, enhanced.visibleTo(Set.of("prod")));

        cluster.power(new VmId("prod", "db"), PowerAction.START); // not a change of what is exposed
        assertSame(before, enhanced.visibleTo(Set.of("prod")));

        cluster.relabel(new VmId("lab", "web"), Map.of());
        List<ExposedSystem> after = enhanced.visibleTo(Set.of("prod"));
        assertNotSame(before, after, "a new version: rebuilt");
        assertEquals(before, after, "with the same members: another chassis changed");
    }

    @Test
    void findingOneSystemAgreesWithTheListAfterEveryChange() {
        for (String convention : List.of("enhanced", "legacy")) {
            ExposedSystems exposed = exposed(convention);
            List<Runnable> changes = List.of(
                    () -> cluster.create(seed("lab", "db", ENABLED)),
                    () -> cluster.create(seed("shared", "db", TEAM_A)),
                    () -> cluster.relabel(new VmId("prod", "plain"), ENABLED),
                    () -> cluster.relabel(new VmId("shared", "db"), TEAM_B),
                    () -> cluster.delete(new VmId("prod", "db")),
                    () -> cluster.delete(new VmId("lab", "db")),
                    () -> cluster.delete(new VmId("shared", "db")));
            for (Runnable change : changes) {
                change.run();
                for (Set<String> caller : List.of(Set.of("prod"), Set.of("lab"), Set.of("team-a", "team-b"),
                        Set.of("prod", "lab", "team-a"))) {
                    for (String name : List.of("db", "plain", "web", "nope")) {
                        for (String id : List.of(name, "prod." + name, "lab." + name, "shared." + name)) {
                            assertEquals(exposed.visibleTo(caller).stream().filter(s -> s.id().equals(id)).findFirst(),
                                    exposed.find(id, caller), convention + " " + id + " for " + caller);
                        }
                    }
                }
            }
            cluster.create(seed("prod", "db", ENABLED)); // as it was, for the next convention
        }
    }

    /**
     * A VM moved back and forth between two chassis while readers run: a caller of both always sees it exactly once,
     * in one chassis, and a caller of one sees it in that chassis or not at all; never both nor a list out of order.
     */
    @Test
    void readersNeverSeeAHalfAppliedChange() throws InterruptedException {
        ExposedSystems legacy = exposed("legacy");
        VmId moving = new VmId("shared", "node");
        cluster.create(seed("shared", "node", TEAM_A));
        cluster.create(seed("shared", "fixed", TEAM_A));
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<String> torn = new AtomicReference<>();
        List<Thread> readers = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            Thread reader = new Thread(() -> {
                while (!done.get() && torn.get() == null) {
                    List<ExposedSystem> both = legacy.visibleTo(Set.of("team-a", "team-b"));
                    List<ExposedSystem> nodes = both.stream().filter(s -> s.vm().equals(moving)).toList();
                    if (!ids(both).equals(ids(both).stream().sorted().toList())) {
                        torn.set("out of order: " + ids(both));
                    } else if (nodes.size() != 1 || nodes.get(0).chassis().size() != 1) {
                        torn.set("the moving VM as " + nodes);
                    }
                    Optional<ExposedSystem> found = legacy.find("node", Set.of("team-a", "team-b"));
                    if (found.isEmpty() || found.get().chassis().size() != 1) {
                        torn.set("found as " + found);
                    }
                }
            });
            reader.start();
            readers.add(reader);
        }
        for (int i = 0; i < 2_000 && torn.get() == null; i++) {
            cluster.relabel(moving, i % 2 == 0 ? TEAM_B : TEAM_A);
        }
        done.set(true);
        for (Thread reader : readers) {
            reader.join();
        }
        assertEquals(null, torn.get());
        assertEquals(Set.of("team-a"), legacy.find("node", Set.of("team-a", "team-b")).orElseThrow().chassis());
        assertTrue(legacy.find("fixed", Set.of("team-a")).isPresent());
    }

    /** The simulator's reads and writes without its change events: a gateway that tells nobody. */
    private static final class Silent implements KubeVirtGateway {
        private final KubeVirtGateway inner;

        Silent(KubeVirtGateway inner) {
            this.inner = inner;
        }

        @Override
        public List<VirtualMachine> list(String namespace) {
            return inner.list(namespace);
        }

        @Override
        public Optional<VirtualMachine> find(VmId id) {
            return inner.find(id);
        }

        @Override
        public void power(VmId id, PowerAction action) {
            inner.power(id, action);
        }

        @Override
        public VirtualMachine setBootOverride(VmId id, BootOverride override) {
            return inner.setBootOverride(id, override);
        }

        @Override
        public void insertMedia(VmId id, MediaInsert media) {
            inner.insertMedia(id, media);
        }

        @Override
        public void ejectMedia(VmId id) {
            inner.ejectMedia(id);
        }

        @Override
        public Firmware firmware(VmId id) {
            return inner.firmware(id);
        }

        @Override
        public Firmware setSecureBoot(VmId id, boolean enabled) {
            return inner.setSecureBoot(id, enabled);
        }

        @Override
        public String writeVersion(VmId id) {
            return inner.writeVersion(id);
        }

        @Override
        public void claimWrite(VmId id, String expected) {
            inner.claimWrite(id, expected);
        }

        @Override
        public void onMediaImport(MediaImportListener listener) {
            inner.onMediaImport(listener);
        }

        @Override
        public boolean isReady() {
            return inner.isReady();
        }
    }

    @Test
    void aGatewayThatReportsNoChangesIsListedOnEveryRead() {
        ExposedSystems legacy = new ExposedSystems(MapConfig.settings("system_id_convention: legacy\n" + CHASSIS,
                Map.of()), new Silent(cluster));
        assertEquals(List.of("db"), ids(legacy.visibleTo(Set.of("prod"))));

        cluster.create(seed("prod", "api", ENABLED));
        cluster.relabel(new VmId("prod", "db"), Map.of());

        assertEquals(List.of("api"), ids(legacy.visibleTo(Set.of("prod"))));
        assertEquals(Optional.of(new VmId("prod", "api")), vm(legacy, "api", Set.of("prod")));
        assertEquals(Optional.empty(), vm(legacy, "db", Set.of("prod")));
    }
}
