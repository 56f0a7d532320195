package org.kubevirtredfish.kubevirt.fabric8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The service UUID kept in the cluster: stable across restarts, one per cluster, race-safe on first start. */
class InstallationUuidTest {

    private final List<KubeVirtMockCluster> clusters = new java.util.ArrayList<>();

    private KubeVirtMockCluster cluster() {
        KubeVirtMockCluster c = new KubeVirtMockCluster(MockClusterTestBase.TIMINGS, 40);
        clusters.add(c);
        return c;
    }

    @AfterEach
    void close() {
        clusters.forEach(KubeVirtMockCluster::close);
    }

    @Test
    void aRestartReadsTheSameUuidAndAnotherClusterHasItsOwn() {
        KubeVirtMockCluster first = cluster();
        UUID created;
        try (KubernetesClient start = first.newClient(5)) {
            created = InstallationUuid.readOrCreate(start, "kubevirt-redfish");
        }
        try (KubernetesClient restart = first.newClient(5)) {
            assertEquals(created, InstallationUuid.readOrCreate(restart, "kubevirt-redfish"));
            assertEquals(created.toString(), restart.configMaps().inNamespace("kubevirt-redfish")
                    .withName(InstallationUuid.NAME).get().getData().get("uuid"));
        }
        try (KubernetesClient other = cluster().newClient(5)) {
            assertNotEquals(created, InstallationUuid.readOrCreate(other, "kubevirt-redfish"));
        }
    }

    @Test
    void replicasStartingTogetherAgreeOnOneUuid() throws Exception {
        KubeVirtMockCluster c = cluster();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<UUID>> replicas = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                KubernetesClient client = c.newClient(5);
                replicas.add(() -> InstallationUuid.readOrCreate(client, "kubevirt-redfish"));
            }
            Set<UUID> seen = new HashSet<>();
            for (Future<UUID> f : pool.invokeAll(replicas)) {
                seen.add(f.get());
            }
            assertEquals(1, seen.size(), seen.toString());
        } finally {
            pool.shutdownNow();
        }
    }
}
