package org.kubevirtredfish.kubevirt.fabric8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kubevirtredfish.kubevirt.MediaInsert;
import org.kubevirtredfish.kubevirt.MediaState;
import org.kubevirtredfish.kubevirt.PowerAction;
import org.kubevirtredfish.kubevirt.PowerState;
import org.kubevirtredfish.kubevirt.VmSeed;

/**
 * Two replicas (two gateways, each with its own client) against one API server: only the holder of the Lease
 * reconciles, every replica serves reads and writes, and when the leader dies (its client closed abruptly, the Lease
 * not released) while a power-on is held for a media import, the other one takes the Lease and issues the start
 * exactly once. Short lease durations keep the test quick; the service's defaults are 15 s / 10 s / 2 s.
 */
class ReconcilerElectionTest {

    private static final String LEASE_NAMESPACE = "kubevirt-redfish";
    private static final Duration LEASE = Duration.ofSeconds(3);
    private static final Duration RETRY = Duration.ofMillis(200);
    private static final VmSeed ALPHA = MockClusterTestBase.ALPHA;

    private KubeVirtMockCluster cluster;
    private final ImageServer images = new ImageServer();
    private final List<Fabric8KubeVirtGateway> gateways = new ArrayList<>();

    private record Replica(String name, KubernetesClient client, Fabric8KubeVirtGateway gateway) {
    }

    /** Long enough that a replica stalled by a busy machine does not lose the Lease in the middle of a test. */
    private static final ReconcilerLease.Settings STEADY = new ReconcilerLease.Settings(LEASE_NAMESPACE, "reconciler",
            "x", Duration.ofSeconds(20), Duration.ofSeconds(15), Duration.ofMillis(200));
    /** Short, so that the failover after a kill is quick. */
    private static final ReconcilerLease.Settings QUICK = new ReconcilerLease.Settings(LEASE_NAMESPACE, "reconciler",
            "x", LEASE, Duration.ofSeconds(2), RETRY);

    private Replica replica(String name, ReconcilerLease.Settings lease) {
        KubernetesClient client = cluster.newClient(5);
        Fabric8Options options = Fabric8Options.defaults().withRequestTimeout(Duration.ofSeconds(5));
        Fabric8KubeVirtGateway gateway = new Fabric8KubeVirtGateway(client, Set.of("ns-a"),
                options.withImports(options.imports().withAddresses(ImageServer.POLICY)));
        gateways.add(gateway);
        gateway.start();
        GatewayAwait.ready(gateway);
        gateway.campaign(new ReconcilerLease.Settings(lease.namespace(), lease.name(), name, lease.leaseDuration(),
                lease.renewDeadline(), lease.retryPeriod()));
        return new Replica(name, client, gateway);
    }

    private static boolean leads(Replica r) {
        return r.gateway().reconciling().orElseThrow();
    }

    /** The one that leads once the election settled; asserts that the other one does not. */
    private static Replica leaderOf(Replica a, Replica b) {
        GatewayAwait.until("a leader", Duration.ofSeconds(10), () -> leads(a) || leads(b));
        assertTrue(leads(a) != leads(b), "exactly one leads: " + a.name() + "=" + leads(a) + ", " + b.name() + "="
                + leads(b));
        return leads(a) ? a : b;
    }

    private long startCalls() {
        return cluster.kubevirt.calls.stream().filter(c -> c.startsWith("start ns-a/alpha")).count();
    }

    private String pendingStart() {
        return VmSnapshots.annotation(KubeVirtResources.tree(cluster.admin.genericKubernetesResources(
                KubeVirtResources.VM).inNamespace("ns-a").withName("alpha").get()),
                KubeVirtResources.PENDING_START_ANNOTATION);
    }

    /**
     * An import of about a second (six CDI status steps of 150 ms): it outlives the moment the leader dies, and ends
     * before the Lease expires, so the failover time measured is the election's.
     */
    private void clusterWithSlowImports() {
        cluster = new KubeVirtMockCluster(MockClusterTestBase.TIMINGS, 150);
        cluster.seed(ALPHA);
    }

    @Test
    void onlyTheLeaseHolderReconcilesAndTheOtherServesWrites() {
        clusterWithSlowImports();
        Replica a = replica("replica-a", STEADY);
        Replica b = replica("replica-b", STEADY);
        Replica leader = leaderOf(a, b);
        Replica follower = leader == a ? b : a;

        Lease lease = cluster.admin.leases().inNamespace(LEASE_NAMESPACE).withName("reconciler").get();
        assertNotNull(lease, "the Lease is in the service's namespace");
        assertEquals(leader.name(), lease.getSpec().getHolderIdentity());
        GatewayAwait.until("the follower to know who leads", Duration.ofSeconds(10),
                () -> leader.name().equals(follower.gateway().reconcilerLeader().orElse(null)));

        URI iso = images.url("/isos/agent.x86_64.iso");
        follower.gateway().insertMedia(ALPHA.id(), new MediaInsert(iso, true));
        follower.gateway().power(ALPHA.id(), PowerAction.START);
        assertNotNull(pendingStart(), "the follower held the power-on in the VM");

        MockClusterTestBase.await(follower.gateway(), ALPHA.id(), "On by the held start",
                vm -> vm.powerState() == PowerState.On && vm.media().phase() == MediaState.Phase.READY);
        GatewayAwait.until("the hold to be cleared", Duration.ofSeconds(10), () -> pendingStart() == null);
        assertEquals(1, startCalls(), cluster.kubevirt.calls.toString());
        assertEquals(1, leader.gateway().issuedHeldStarts(), "the leader issued it");
        assertEquals(0, follower.gateway().issuedHeldStarts(), "the follower reconciled nothing");
        assertTrue(leads(leader) && !leads(follower));
    }

    @Test
    void whenTheLeaderIsKilledDuringAHeldImportTheOtherStartsTheVmExactlyOnce() {
        clusterWithSlowImports();
        Replica a = replica("replica-a", QUICK);
        Replica b = replica("replica-b", QUICK);
        Replica leader = leaderOf(a, b);
        Replica survivor = leader == a ? b : a;

        AtomicLong startArrived = new AtomicLong();
        cluster.dispatcher.guard(r -> {
            if ("PUT".equals(r.getMethod()) && r.getPath().endsWith("/virtualmachines/alpha/start")) {
                startArrived.compareAndSet(0, System.nanoTime());
            }
            return null;
        });
        URI iso = images.url("/isos/agent.x86_64.iso");
        survivor.gateway().insertMedia(ALPHA.id(), new MediaInsert(iso, true));
        survivor.gateway().power(ALPHA.id(), PowerAction.START);
        assertNotNull(pendingStart(), "held for the import");
        assertEquals(MediaState.Phase.IMPORTING, survivor.gateway().find(ALPHA.id()).orElseThrow().media().phase());

        long killed = System.nanoTime();
        leader.client().close(); // a kill: no release of the Lease, its informers and renewals just stop

        MockClusterTestBase.await(survivor.gateway(), ALPHA.id(), "On by the held start",
                vm -> vm.powerState() == PowerState.On);
        assertTrue(leads(survivor), "the survivor took the Lease");
        GatewayAwait.until("the hold to be cleared", Duration.ofSeconds(10), () -> pendingStart() == null);
        assertEquals(1, startCalls(), "one start at the API server: " + cluster.kubevirt.calls);
        assertEquals(1, survivor.gateway().issuedHeldStarts());
        assertEquals(0, leader.gateway().issuedHeldStarts(), "the dead leader issued none");
        assertEquals(survivor.name(), cluster.admin.leases().inNamespace(LEASE_NAMESPACE).withName("reconciler").get()
                .getSpec().getHolderIdentity());
        System.out.printf("failover (leader killed -> held start at the API server): %d ms with lease %d ms, "
                + "retry %d ms%n", (startArrived.get() - killed) / 1_000_000, LEASE.toMillis(), RETRY.toMillis());
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
