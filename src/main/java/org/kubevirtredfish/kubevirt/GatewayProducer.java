package org.kubevirtredfish.kubevirt;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import java.time.Duration;
import java.util.List;
import java.util.logging.Logger;
import org.kubevirtredfish.config.ConfigException;
import org.kubevirtredfish.config.ServiceSettings;
import org.kubevirtredfish.kubevirt.simulator.SimulatedKubeVirt;
import org.kubevirtredfish.kubevirt.simulator.VmSeed;

/** The one gateway of the application, chosen by {@code backend}: the simulator or the cluster. */
@ApplicationScoped
public class GatewayProducer {

    private static final Logger LOG = Logger.getLogger(GatewayProducer.class.getName());

    @Produces
    @ApplicationScoped
    KubeVirtGateway gateway(ServiceSettings settings) {
        return switch (settings.backend()) {
            case SIMULATOR -> simulator(settings);
            case KUBERNETES -> throw new ConfigException("backend kubernetes is not available in this build");
        };
    }

    void close(@Disposes KubeVirtGateway gateway) throws Exception {
        if (gateway instanceof AutoCloseable c) {
            c.close();
        }
    }

    private static KubeVirtGateway simulator(ServiceSettings settings) {
        var configured = settings.file().simulator();
        List<VmSeed> seeds = configured == null || configured.vms() == null ? List.of()
                : configured.vms().stream().map(VmSeed::fromConfig).toList();
        LOG.info(() -> "backend simulator with " + seeds.size() + " demo VMs");
        return new SimulatedKubeVirt(seeds,
                Duration.ofMillis(settings.integer("simulator.transition.millis", 2000)),
                Duration.ofMillis(settings.integer("simulator.import.millis", 3000)));
    }
}
