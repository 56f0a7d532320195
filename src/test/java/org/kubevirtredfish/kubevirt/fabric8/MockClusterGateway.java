package org.kubevirtredfish.kubevirt.fabric8;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.kubevirtredfish.kubevirt.KubeVirtGateway;
import org.kubevirtredfish.kubevirt.VmSeed;

/**
 * A started fabric8 gateway over a mock cluster with seeded VMs, for tests outside this package (the resource tests
 * that run against both backends). Every image URL probes as 1 GiB.
 */
public final class MockClusterGateway implements AutoCloseable {

    private final KubeVirtMockCluster cluster;
    private final Fabric8KubeVirtGateway gateway;

    private MockClusterGateway(List<VmSeed> seeds) {
        cluster = new KubeVirtMockCluster(MockClusterTestBase.TIMINGS, 40);
        seeds.forEach(cluster::seed);
        Set<String> namespaces = new LinkedHashSet<>();
        seeds.forEach(s -> namespaces.add(s.namespace()));
        gateway = new Fabric8KubeVirtGateway(cluster.newClient(5), namespaces,
                Fabric8Options.defaults().withRequestTimeout(Duration.ofSeconds(5)), image -> OptionalLong.of(1L << 30));
        gateway.start();
        GatewayAwait.ready(gateway);
    }

    public static MockClusterGateway start(List<VmSeed> seeds) {
        return new MockClusterGateway(seeds);
    }

    public KubeVirtGateway gateway() {
        return gateway;
    }

    /** A bound PersistentVolumeClaim of that capacity (a Kubernetes quantity). */
    public void boundClaim(String namespace, String name, String capacity) {
        cluster.claim(namespace, name, capacity, true);
    }

    /** Creates a VirtualMachine from its JSON, for a spec the seeds cannot express (CPU topology, instancetype). */
    public void createVm(String json) {
        GenericKubernetesResource vm = Serialization.unmarshal(json, GenericKubernetesResource.class);
        cluster.admin.genericKubernetesResources(KubeVirtResources.VM).inNamespace(vm.getMetadata().getNamespace())
                .resource(vm).create();
    }

    @Override
    public void close() {
        gateway.close();
        cluster.close();
    }
}
