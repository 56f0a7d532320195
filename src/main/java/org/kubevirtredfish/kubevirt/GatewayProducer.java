package org.kubevirtredfish.kubevirt;

import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.kubevirtredfish.config.ConfigFile;
import org.kubevirtredfish.config.ServiceSettings;
import org.kubevirtredfish.kubevirt.fabric8.ApiCallMeter;
import org.kubevirtredfish.kubevirt.fabric8.Fabric8KubeVirtGateway;
import org.kubevirtredfish.kubevirt.fabric8.Fabric8Options;
import org.kubevirtredfish.kubevirt.fabric8.KubernetesClientFactory;
import org.kubevirtredfish.kubevirt.fabric8.ReconcilerLease;
import org.kubevirtredfish.kubevirt.model.KubeVirtTimings;
import org.kubevirtredfish.kubevirt.simulator.SimulatedKubeVirt;
import org.kubevirtredfish.kubevirt.simulator.SimulatorTimings;
import org.kubevirtredfish.kubevirt.simulator.VmSeed;

/** The one gateway of the application, chosen by {@code backend}: the simulator or the cluster. */
@ApplicationScoped
public class GatewayProducer {

    private static final Logger LOG = Logger.getLogger(GatewayProducer.class.getName());

    private KubernetesClient client;

    @Produces
    @ApplicationScoped
    KubeVirtGateway gateway(ServiceSettings settings) {
        return switch (settings.backend()) {
            case SIMULATOR -> simulator(settings);
            case KUBERNETES -> cluster(settings);
        };
    }

    void close(@Disposes KubeVirtGateway gateway) throws Exception {
        if (gateway instanceof AutoCloseable c) {
            c.close();
        }
        if (client != null) {
            client.close();
        }
    }

    /** One client for the application's life, made here and handed to the gateway. */
    private KubeVirtGateway cluster(ServiceSettings settings) {
        Set<String> namespaces = settings.chassis().stream().map(ConfigFile.Chassis::namespace)
                .collect(Collectors.toCollection(TreeSet::new));
        // The image probe sends the Host header itself (it connects to the address it checked); the JDK reads this
        // once, when its HTTP client is first used, which is here. liberty/jvm.options sets it for the image.
        if (System.getProperty("jdk.httpclient.allowRestrictedHeaders") == null) {
            System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
        }
        ApiCallMeter meter = new ApiCallMeter();
        client = KubernetesClientFactory.create(settings, meter);
        Fabric8KubeVirtGateway gateway = new Fabric8KubeVirtGateway(client, namespaces, Fabric8Options.from(settings),
                meter);
        gateway.start();
        gateway.checkPermissionsInBackground();
        if (settings.bool("leader_election.enabled", true)) {
            ReconcilerLease.Settings lease = leaseSettings(settings, client);
            gateway.campaign(lease);
            LOG.info(() -> "reconciler: leader election as " + lease.identity() + " on Lease " + lease.namespace()
                    + "/" + lease.name());
        }
        LOG.info(() -> "backend kubernetes at " + client.getMasterUrl() + ", watching namespaces " + namespaces);
        return gateway;
    }

    /**
     * The Lease lives in the service's own namespace ({@code service.namespace}, else the pod's); the identity is
     * the pod's name (POD_NAME from the downward API, else HOSTNAME, which is the pod name too).
     */
    static ReconcilerLease.Settings leaseSettings(ServiceSettings settings, KubernetesClient client) {
        String namespace = settings.string("service.namespace",
                client.getNamespace() == null ? "default" : client.getNamespace());
        String identity = settings.string("pod.name", System.getenv().getOrDefault("HOSTNAME",
                java.util.UUID.randomUUID().toString()));
        ReconcilerLease.Settings d = ReconcilerLease.Settings.defaults(namespace, identity);
        return new ReconcilerLease.Settings(namespace,
                settings.string("leader_election.lease_name", d.name()), identity,
                Duration.ofSeconds(settings.integer("leader_election.lease_duration",
                        (int) d.leaseDuration().toSeconds())),
                Duration.ofMillis(settings.integer("leader_election.renew_deadline.millis",
                        (int) d.renewDeadline().toMillis())),
                Duration.ofMillis(settings.integer("leader_election.retry_period.millis",
                        (int) d.retryPeriod().toMillis())));
    }

    private static KubeVirtGateway simulator(ServiceSettings settings) {
        var configured = settings.file().simulator();
        List<VmSeed> seeds = configured == null || configured.vms() == null ? List.of()
                : configured.vms().stream().map(VmSeed::fromConfig).toList();
        LOG.info(() -> "backend simulator with " + seeds.size() + " demo VMs");
        return new SimulatedKubeVirt(seeds, simulatorTimings(settings));
    }

    /** A start in {@code transition}; a graceful stop the guest's shutdown plus the pod teardown, a forced one less. */
    static SimulatorTimings simulatorTimings(ServiceSettings settings) {
        int transition = settings.integer("simulator.transition.millis", 2000);
        KubeVirtTimings kubevirt = new KubeVirtTimings(
                Duration.ofMillis(settings.integer("simulator.guest_shutdown.millis", transition)),
                Duration.ofMillis(settings.integer("simulator.pod_teardown.millis", transition / 5)),
                Duration.ofMillis(transition).dividedBy(3));
        return new SimulatorTimings(kubevirt, Duration.ofMillis(settings.integer("simulator.import.millis", 3000)));
    }
}
