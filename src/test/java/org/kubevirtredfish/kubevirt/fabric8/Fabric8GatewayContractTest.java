package org.kubevirtredfish.kubevirt.fabric8;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.kubevirtredfish.kubevirt.KubeVirtGateway;
import org.kubevirtredfish.kubevirt.KubeVirtGatewayContract;
import org.kubevirtredfish.kubevirt.VmSeed;

/** The gateway contract against the mock API server with simulated virt-controller and CDI. */
class Fabric8GatewayContractTest extends KubeVirtGatewayContract {

    private KubeVirtMockCluster cluster;
    private Fabric8KubeVirtGateway fabric8;

    @Override
    protected KubeVirtGateway createGateway(List<VmSeed> seeds) {
        cluster = new KubeVirtMockCluster(MockClusterTestBase.TIMINGS, 60);
        seeds.forEach(cluster::seed);
        Set<String> namespaces = new LinkedHashSet<>();
        seeds.forEach(s -> namespaces.add(s.namespace()));
        // The contract's image URLs are not served here: the size probe answers 1 GiB for any of them.
        fabric8 = new Fabric8KubeVirtGateway(cluster.newClient(5), namespaces,
                Fabric8Options.defaults().withRequestTimeout(Duration.ofSeconds(5)),
                image -> java.util.OptionalLong.of(1L << 30));
        fabric8.start();
        GatewayAwait.ready(fabric8);
        return fabric8;
    }

    @AfterEach
    void stop() {
        if (fabric8 != null) {
            fabric8.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }
}
