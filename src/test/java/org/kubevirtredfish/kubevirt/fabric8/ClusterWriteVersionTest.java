package org.kubevirtredfish.kubevirt.fabric8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.kubevirtredfish.kubevirt.BootMode;
import org.kubevirtredfish.kubevirt.BootOverride;
import org.kubevirtredfish.kubevirt.BootOverrideEnabled;
import org.kubevirtredfish.kubevirt.BootSource;
import org.kubevirtredfish.kubevirt.GatewayException;
import org.kubevirtredfish.kubevirt.PowerAction;

/**
 * Two replicas (two gateways, each with its own client) against one API server: the write version that the VM's
 * ETags are made of is the same on both for the same state, and of writers on both that hold the same version
 * exactly one is accepted, whatever else changes the VM meanwhile.
 */
class ClusterWriteVersionTest extends MockClusterTestBase {

    private static void awaitVersion(Fabric8KubeVirtGateway gateway, String version) {
        GatewayAwait.until("write version " + version, Duration.ofSeconds(10),
                () -> version.equals(gateway.writeVersion(ALPHA.id())));
    }

    @Test
    void bothReplicasReadTheSameVersionAndOfTwoSameVersionWritersExactlyOneWins() throws Exception {
        cluster(ALPHA);
        Fabric8KubeVirtGateway a = gateway();
        Fabric8KubeVirtGateway b = gateway();
        String seen = a.writeVersion(ALPHA.id());
        assertEquals(seen, b.writeVersion(ALPHA.id()), "same state, same version on both replicas");
        assertEquals(a.find(ALPHA.id()), b.find(ALPHA.id()), "and the same snapshot to build the representation from");

        for (int round = 0; round < 5; round++) {
            String expected = a.writeVersion(ALPHA.id());
            awaitVersion(b, expected);
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            List<Future<?>> claims = new ArrayList<>();
            for (Fabric8KubeVirtGateway replica : List.of(a, b)) {
                claims.add(pool.submit(() -> {
                    go.await();
                    replica.claimWrite(ALPHA.id(), expected);
                    return null;
                }));
            }
            go.countDown();
            int won = 0;
            int refused = 0;
            for (Future<?> claim : claims) {
                try {
                    claim.get();
                    won++;
                } catch (java.util.concurrent.ExecutionException e) {
                    assertEquals(GatewayException.PreconditionFailed.class, e.getCause().getClass(), e.toString());
                    refused++;
                }
            }
            pool.shutdown();
            assertEquals(1, won, "exactly one of the two same-version writers, round " + round);
            assertEquals(1, refused);
            String after = Long.toString(Long.parseLong(expected) + 1);
            awaitVersion(a, after);
            awaitVersion(b, after);
        }
    }

    @Test
    void aClaimSurvivesOtherChangesOfTheVmButNotAnotherAcceptedWrite() {
        cluster(ALPHA);
        Fabric8KubeVirtGateway a = gateway();
        Fabric8KubeVirtGateway b = gateway();
        String seen = b.writeVersion(ALPHA.id());
        // virt-controller's status updates while A writes (a start): B's copy is stale, its version is not
        a.claimWrite(ALPHA.id(), seen);
        a.power(ALPHA.id(), PowerAction.START);
        String afterA = Long.toString(Long.parseLong(seen) + 1);
        assertThrows(GatewayException.PreconditionFailed.class, () -> b.claimWrite(ALPHA.id(), seen),
                "B's client held the ETag of the state before A's write");
        awaitVersion(b, afterA);
        await(b, ALPHA.id(), "On", vm -> vm.powerState() == org.kubevirtredfish.kubevirt.PowerState.On);
        // status writes moved the resourceVersion since B last looked; the version still matches: accepted
        b.claimWrite(ALPHA.id(), b.writeVersion(ALPHA.id()));
        b.setBootOverride(ALPHA.id(), new BootOverride(BootSource.Cd, BootOverrideEnabled.Once, BootMode.UEFI));
        assertNotEquals(afterA, b.writeVersion(ALPHA.id()));
        awaitVersion(a, b.writeVersion(ALPHA.id()));
    }
}
