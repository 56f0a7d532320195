package org.kubevirtredfish.kubevirt.fabric8;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.kubevirtredfish.kubevirt.VirtualMachine;
import org.kubevirtredfish.kubevirt.VmId;
import org.kubevirtredfish.kubevirt.VmSeed;
import org.kubevirtredfish.kubevirt.model.KubeVirtTimings;

/** A mock cluster with seeded VMs and gateways over it, torn down after each test. */
abstract class MockClusterTestBase {

    static final VmSeed ALPHA = VmSeed.halted("ns-a", "alpha", "52:54:00:00:00:01");
    static final VmSeed BRAVO = VmSeed.notRunning("ns-a", "bravo", "52:54:00:00:00:02");

    /** Short but non-zero: a graceful stop takes 75 ms, a forced one 15 ms, a start 5 status steps of 15 ms. */
    static final KubeVirtTimings TIMINGS = new KubeVirtTimings(Duration.ofMillis(60), Duration.ofMillis(15),
            Duration.ofMillis(15));

    KubeVirtMockCluster cluster;
    /** Serves the size probe of InsertMedia; see {@link ImageServer} for what each path answers. */
    final ImageServer images = new ImageServer();
    private final List<Fabric8KubeVirtGateway> gateways = new ArrayList<>();

    KubeVirtMockCluster cluster(VmSeed... seeds) {
        return cluster(TIMINGS, seeds);
    }

    KubeVirtMockCluster cluster(KubeVirtTimings timings, VmSeed... seeds) {
        cluster = new KubeVirtMockCluster(timings, 40);
        for (VmSeed seed : seeds) {
            cluster.seed(seed);
        }
        return cluster;
    }

    Fabric8KubeVirtGateway gateway(Fabric8Options options, String... namespaces) {
        Fabric8KubeVirtGateway gateway = new Fabric8KubeVirtGateway(
                cluster.newClient((int) Math.max(1, options.requestTimeout().toSeconds())),
                new LinkedHashSet<>(List.of(namespaces)),
                options.withImports(options.imports().withAddresses(ImageServer.POLICY)));
        gateways.add(gateway);
        gateway.start();
        GatewayAwait.ready(gateway);
        return gateway;
    }

    Fabric8KubeVirtGateway gateway() {
        return gateway(Fabric8Options.defaults().withRequestTimeout(Duration.ofSeconds(5)), "ns-a");
    }

    static VirtualMachine await(Fabric8KubeVirtGateway gateway, VmId id, String what, Predicate<VirtualMachine> condition) {
        VirtualMachine[] last = {null};
        try {
            GatewayAwait.until(id + " " + what, Duration.ofSeconds(10), () -> {
                last[0] = gateway.find(id).orElse(null);
                return last[0] != null && condition.test(last[0]);
            });
        } catch (AssertionError e) {
            fail(e.getMessage() + "; last seen " + last[0]);
        }
        return last[0];
    }

    static Set<String> set(String... s) {
        return Set.of(s);
    }

    @AfterEach
    void tearDown() {
        gateways.forEach(Fabric8KubeVirtGateway::close);
        if (cluster != null) {
            cluster.close();
        }
        images.close();
    }
}
