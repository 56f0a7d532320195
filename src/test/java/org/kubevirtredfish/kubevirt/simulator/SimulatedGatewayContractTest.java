package org.kubevirtredfish.kubevirt.simulator;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.kubevirtredfish.kubevirt.KubeVirtGateway;
import org.kubevirtredfish.kubevirt.KubeVirtGatewayContract;
import org.kubevirtredfish.kubevirt.model.KubeVirtTimings;

/** The gateway contract against the simulator: it must behave as the fabric8 gateway does on a cluster. */
class SimulatedGatewayContractTest extends KubeVirtGatewayContract {

    private SimulatedKubeVirt simulator;

    @Override
    protected KubeVirtGateway createGateway(List<org.kubevirtredfish.kubevirt.VmSeed> seeds) {
        // a graceful stop long enough to be seen PoweringOff by a polling client, an import long enough that a held
        // power-on is seen held
        simulator = new SimulatedKubeVirt(seeds.stream().map(SimulatedGatewayContractTest::seed).toList(),
                new SimulatorTimings(new KubeVirtTimings(Duration.ofMillis(400), Duration.ofMillis(10),
                        Duration.ofMillis(10)), Duration.ofMillis(600)));
        return simulator;
    }

    private static VmSeed seed(org.kubevirtredfish.kubevirt.VmSeed s) {
        return new VmSeed(s.id(), s.labels(), s.cpus(), MemoryQuantity.toMiB(s.memory()), s.macs(), s.runStrategy(),
                s.running());
    }

    @AfterEach
    void stop() {
        if (simulator != null) {
            simulator.close();
        }
    }
}
