package org.kubevirtredfish.kubevirt.fabric8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.kubevirtredfish.kubevirt.MediaInsert;
import org.kubevirtredfish.kubevirt.MediaState;
import org.kubevirtredfish.kubevirt.PowerAction;
import org.kubevirtredfish.kubevirt.PowerState;
import org.kubevirtredfish.kubevirt.VmId;

/** Reads never reach the API server: they are served from the informers. */
class Fabric8RequestCountTest extends MockClusterTestBase {

    @Test
    void aHundredListsAndFindsAfterSyncMakeNoRequest() {
        cluster(ALPHA, BRAVO);
        Fabric8KubeVirtGateway gateway = gateway();
        // a running VM with media, so that VMI and DataVolume lookups are exercised too
        gateway.insertMedia(ALPHA.id(), new MediaInsert(images.url("/isos/a.iso"), true));
        await(gateway, ALPHA.id(), "READY", vm -> vm.media().phase() == MediaState.Phase.READY);
        gateway.power(ALPHA.id(), PowerAction.START);
        await(gateway, ALPHA.id(), "On", vm -> vm.powerState() == PowerState.On);
        GatewayAwait.until("the simulators to be idle", java.time.Duration.ofSeconds(5), () -> {
            int before = cluster.requestCount();
            gateway.find(ALPHA.id());
            return before == cluster.requestCount() && gateway.find(ALPHA.id()).orElseThrow().nics().get(0)
                    .macAddress() != null;
        });

        int before = cluster.requestCount();
        int serverBefore = cluster.server.getRequestCount();
        for (int i = 0; i < 100; i++) {
            assertEquals(2, gateway.list("ns-a").size());
            assertTrue(gateway.find(ALPHA.id()).isPresent());
            assertTrue(gateway.find(new VmId("ns-a", "ghost")).isEmpty());
        }
        int requests = cluster.requestCount() - before;
        int serverRequests = cluster.server.getRequestCount() - serverBefore;
        System.out.println("requests for 100 x (list + 2 finds): dispatcher " + requests + ", mock server "
                + serverRequests);
        assertEquals(0, requests);
        assertEquals(0, serverRequests);
    }
}
