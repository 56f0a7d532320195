package org.kubevirtredfish.resource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.kubevirtredfish.health.RecordingMetrics;
import java.util.Set;
import org.kubevirtredfish.config.MapConfig;
import org.kubevirtredfish.config.ServiceSettings;
import org.kubevirtredfish.kubevirt.ExposedSystems;
import org.kubevirtredfish.kubevirt.VmId;
import org.kubevirtredfish.kubevirt.simulator.SimulatedKubeVirt;
import org.kubevirtredfish.kubevirt.simulator.VmSeed;
import org.kubevirtredfish.security.Caller;
import org.kubevirtredfish.security.Role;

/** Resource beans built by hand over a fast simulator: two chassis, a caller who sees only "demo". */
final class Fixture implements AutoCloseable {

    static final VmId OFF = new VmId("demo", "cp-0");
    static final VmId RUNNING = new VmId("demo", "cp-1");
    static final VmId HIDDEN = new VmId("lab", "w-0");
    static final String OFF_ID = "demo.cp-0";
    static final String RUNNING_ID = "demo.cp-1";
    static final String HIDDEN_ID = "lab.w-0";

    static final String CONFIG = """
            system_id_convention: enhanced
            chassis:
              - {name: demo, namespace: demo, vm_selector: {labels: {redfish-enabled: "true"}}}
              - {name: lab, namespace: lab}
            """;

    /** A CallerScope whose caller is fixed (no servlet request). */
    static final class FixedScope extends CallerScope {
        private final Caller caller;

        FixedScope(Caller caller, ExposedSystems exposed, ServiceSettings settings) {
            this.caller = caller;
            this.exposed = exposed;
            this.settings = settings;
        }

        @Override
        public Caller caller() {
            return caller;
        }
    }

    final SimulatedKubeVirt sim;
    final ServiceSettings settings;
    final ExposedSystems exposed;
    final CallerScope scope;

    Fixture() {
        this(new Caller("admin", Role.Administrator, Set.of("demo"), null));
    }

    Fixture(Caller caller) {
        this(caller, Duration.ofMillis(100));
    }

    /** Imports that last long enough for a test to act while they run (e.g. see a power-on held for them). */
    static Fixture withSlowImports() {
        return new Fixture(new Caller("admin", Role.Administrator, Set.of("demo"), null), Duration.ofSeconds(1));
    }

    private Fixture(Caller caller, Duration importTime) {
        sim = new SimulatedKubeVirt(List.of(
                new VmSeed(OFF, Map.of("redfish-enabled", "true"), 8, 16384, List.of("02:00:00:00:00:10"), false),
                new VmSeed(RUNNING, Map.of("redfish-enabled", "true"), 2, 4096, List.of(), true),
                new VmSeed(new VmId("demo", "unlabelled"), Map.of(), 2, 4096, List.of(), true),
                new VmSeed(HIDDEN, Map.of(), 4, 8192, List.of("02:00:00:00:00:20"), true)),
                Duration.ofMillis(50), importTime);
        settings = MapConfig.settings(CONFIG, Map.of());
        exposed = new ExposedSystems(settings, sim);
        scope = new FixedScope(caller, exposed, settings);
    }

    final RecordingMetrics metrics = new RecordingMetrics();
    final SystemWrites writes = new SystemWrites();

    SystemResource systems() {
        SystemResource r = new SystemResource();
        r.scope = scope;
        r.gateway = sim;
        r.metrics = metrics;
        r.writes = writes;
        writes.gateway = sim;
        return r;
    }

    VirtualMediaSlot slot() {
        VirtualMediaSlot s = new VirtualMediaSlot();
        s.scope = scope;
        s.gateway = sim;
        s.metrics = metrics;
        s.writes = writes;
        writes.gateway = sim;
        return s;
    }

    @Override
    public void close() {
        sim.close();
    }
}
