package org.kubevirtredfish.bench;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntConsumer;
import org.kubevirtredfish.config.MapConfig;
import org.kubevirtredfish.config.ServiceSettings;
import org.kubevirtredfish.kubevirt.ExposedSystems;
import org.kubevirtredfish.kubevirt.VmId;
import org.kubevirtredfish.kubevirt.simulator.SimulatedKubeVirt;
import org.kubevirtredfish.kubevirt.simulator.VmSeed;
import org.kubevirtredfish.resource.CallerScope;
import org.kubevirtredfish.resource.ResourcesByHand;
import org.kubevirtredfish.security.Caller;
import org.kubevirtredfish.security.Role;

/**
 * Prints (asserts nothing) the CPU time of one thread per GET of the Systems collection (payload and ETag, as the
 * resource builds them) and per member lookup (CallerScope.system: the id resolved and the VM read), at 10, 1,000
 * and 10,000 exposed VMs, with enhanced and legacy ids, over the simulator. The caller holds both chassis; half of
 * the VMs are in each. The last column relabels one VM in or out of its chassis before each GET: the cost of a GET
 * that follows a change of the exposed VMs (the event applied, the caller's list and payload rebuilt). Not part of
 * the build: run with {@code bench/system-index.sh}.
 */
public final class SystemCollectionBench {

    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) {
        int[] sizes = args.length > 0 ? java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray()
                : new int[] {10, 1_000, 10_000};
        System.out.printf("%-9s %-8s %22s %22s %26s%n", "VMs", "ids", "GET Systems (us CPU)", "member lookup (us CPU)",
                "relabel + GET (us CPU)");
        for (int n : sizes) {
            for (String convention : List.of("enhanced", "legacy")) {
                run(n, convention);
            }
        }
    }

    private static void run(int n, String convention) {
        List<VmSeed> seeds = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String ns = i % 2 == 0 ? "prod" : "lab";
            seeds.add(new VmSeed(new VmId(ns, String.format("vm-%05d", i)), Map.of("redfish-enabled", "true"), 2,
                    4096, List.of(), false));
        }
        try (SimulatedKubeVirt sim = new SimulatedKubeVirt(seeds, Duration.ofSeconds(1), Duration.ofSeconds(1))) {
            ServiceSettings settings = MapConfig.settings("""
                    system_id_convention: %s
                    chassis:
                      - {name: prod, namespace: prod, vm_selector: {labels: {redfish-enabled: "true"}}}
                      - {name: lab, namespace: lab, vm_selector: {labels: {redfish-enabled: "true"}}}
                    """.formatted(convention), Map.of());
            ExposedSystems exposed = new ExposedSystems(settings, sim);
            CallerScope scope = ResourcesByHand.scope(new Caller("admin", Role.Administrator, Set.of("prod", "lab"),
                    null), exposed, settings);
            List<String> ids = seeds.stream().map(s -> "enhanced".equals(convention)
                    ? s.id().namespace() + "." + s.id().name() : s.id().name()).toList();
            double collection = perOp(n, i -> {
                Response r = ResourcesByHand.systems(scope);
                if (r.getStatus() != 200 || r.getHeaderString(HttpHeaders.ETAG) == null) {
                    throw new IllegalStateException("GET Systems answered " + r.getStatus());
                }
            });
            double member = perOp(n, i -> scope.system(ids.get(i % ids.size()), "ComputerSystem"));
            VmId toggled = seeds.get(0).id();
            double changed = perOp(n, i -> {
                sim.relabel(toggled, i % 2 == 0 ? Map.of() : Map.of("redfish-enabled", "true"));
                ResourcesByHand.systems(scope);
            });
            System.out.printf("%-9d %-8s %22.1f %22.1f %26.1f%n", n, convention, collection, member, changed);
        }
    }

    /** Microseconds of this thread's CPU per call, after a warm-up; at least 200 ms of CPU measured. */
    private static double perOp(int n, IntConsumer op) {
        long warmUntil = CPU.getCurrentThreadCpuTime() + 1_000_000_000L;
        int i = 0;
        while (CPU.getCurrentThreadCpuTime() < warmUntil) {
            op.accept(i++);
        }
        long start = CPU.getCurrentThreadCpuTime();
        int calls = 0;
        while (CPU.getCurrentThreadCpuTime() - start < 500_000_000L || calls < 5) {
            for (int k = 0; k < 16; k++) {
                op.accept(i++);
            }
            calls += 16;
        }
        return (CPU.getCurrentThreadCpuTime() - start) / 1e3 / calls;
    }

    private SystemCollectionBench() {
    }
}
