package org.kubevirtredfish.kubevirt;

import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import java.time.Duration;
import java.util.logging.Logger;
import org.kubevirtredfish.config.ConfigException;
import org.kubevirtredfish.config.ServiceSettings;
import org.kubevirtredfish.kubevirt.fabric8.ClusterSessionRepository;
import org.kubevirtredfish.kubevirt.fabric8.KubernetesClientFactory;
import org.kubevirtredfish.security.InMemorySessionRepository;
import org.kubevirtredfish.security.SessionRepository;

/**
 * Where sessions live, chosen by {@code backend} as the gateway is: the simulator keeps them in memory (one
 * process); on a cluster they are ConfigMaps in the service's namespace ({@code service.namespace}, by default the
 * pod's), shared by every replica. {@code session.last_used_interval} (seconds, default 30) bounds how often a
 * session's last use is written, and so how much later than SessionTimeout an idle session may end.
 */
@ApplicationScoped
public class SessionRepositoryProducer {

    private static final Logger LOG = Logger.getLogger(SessionRepositoryProducer.class.getName());

    private KubernetesClient client;

    @Produces
    @ApplicationScoped
    SessionRepository sessions(ServiceSettings settings) {
        return switch (settings.backend()) {
            case SIMULATOR -> new InMemorySessionRepository();
            case KUBERNETES -> cluster(settings);
        };
    }

    void close(@Disposes SessionRepository repository) {
        if (repository instanceof ClusterSessionRepository c) {
            c.close();
        }
        if (client != null) {
            client.close();
        }
    }

    private SessionRepository cluster(ServiceSettings settings) {
        client = KubernetesClientFactory.create(settings);
        // the namespace of the installation's UUID (ServiceUuid): the pod's, unless service.namespace says otherwise
        String namespace = settings.string("service.namespace",
                client.getNamespace() == null ? "default" : client.getNamespace());
        int interval = settings.integer("session.last_used_interval", 30);
        if (interval < 1 || interval > settings.sessionTimeoutSeconds()) {
            throw new ConfigException("session.last_used_interval must be 1.." + settings.sessionTimeoutSeconds()
                    + " seconds (at most session.timeout)");
        }
        LOG.info(() -> "sessions kept as ConfigMaps in namespace " + namespace + ", last use written every "
                + interval + " s at most");
        return new ClusterSessionRepository(client, namespace, Duration.ofSeconds(interval)).start();
    }
}
