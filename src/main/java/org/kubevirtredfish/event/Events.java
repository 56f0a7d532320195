package org.kubevirtredfish.event;

import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.logging.Logger;
import org.kubevirtredfish.config.ServiceSettings;
import org.kubevirtredfish.health.ServiceMetrics;
import org.kubevirtredfish.kubevirt.ExposedSystems;
import org.kubevirtredfish.kubevirt.KubeVirtGateway;
import org.kubevirtredfish.kubevirt.fabric8.ImageImportOptions;
import org.kubevirtredfish.kubevirt.fabric8.KubernetesClientFactory;

/**
 * The application's EventService: its subscriptions (kept in Secrets with backend=kubernetes, shared by the replicas;
 * in memory with the simulator) and the source that derives events from the gateway, started with the application.
 */
@ApplicationScoped
public class Events {

    private static final Logger LOG = Logger.getLogger(Events.class.getName());

    @Inject
    ServiceSettings settings;

    @Inject
    KubeVirtGateway gateway;

    @Inject
    ExposedSystems exposed;

    @Inject
    ServiceMetrics metrics;

    private EventSubscriptions subscriptions;
    private EventSource source;
    private KubernetesClient client;

    public Events() {
        // for CDI
    }

    /** These subscriptions, fed by a source the caller starts (tests build resources by hand). */
    public Events(EventSubscriptions subscriptions) {
        this.subscriptions = subscriptions;
    }

    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        subscriptions();
    }

    public synchronized EventSubscriptions subscriptions() {
        if (subscriptions == null) {
            // of several replicas the reconciler's leader delivers (one POST per event and subscriber); a single
            // process, or one without an election, delivers all
            subscriptions = new EventSubscriptions(EventSettings.from(settings), store(),
                    ImageImportOptions.addresses(settings), outcome -> metrics.eventDelivery(outcome.name()),
                    () -> gateway.reconciling().orElse(true));
            source = new EventSource(gateway, exposed, subscriptions::publish);
            source.start();
        }
        return subscriptions;
    }

    private SubscriptionStore store() {
        if (settings.backend() != ServiceSettings.Backend.KUBERNETES) {
            return new MemorySubscriptionStore();
        }
        client = KubernetesClientFactory.create(settings);
        String namespace = settings.string("service.namespace",
                client.getNamespace() == null ? "default" : client.getNamespace());
        LOG.info(() -> "event subscriptions are kept in Secrets labelled " + SecretSubscriptionStore.LABEL
                + " in namespace " + namespace);
        return new SecretSubscriptionStore(client, namespace);
    }

    @PreDestroy
    synchronized void stop() {
        if (source != null) {
            source.close();
        }
        if (subscriptions != null) {
            subscriptions.close();
        }
        if (client != null) {
            client.close();
        }
    }
}
