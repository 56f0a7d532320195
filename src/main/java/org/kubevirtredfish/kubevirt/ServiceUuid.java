package org.kubevirtredfish.kubevirt;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;
import java.util.logging.Logger;
import org.kubevirtredfish.config.ServiceSettings;
import org.kubevirtredfish.kubevirt.fabric8.InstallationUuid;
import org.kubevirtredfish.kubevirt.fabric8.KubernetesClientFactory;

/**
 * The service root's {@code UUID}: {@code service.uuid} when set; with backend=kubernetes a random value kept in
 * the cluster ({@link InstallationUuid}), the same across restarts and replicas and different for every
 * installation; with the simulator a random value per start. Nothing about the configuration (chassis names,
 * namespaces) can be read back from it.
 */
@ApplicationScoped
public class ServiceUuid {

    private static final Logger LOG = Logger.getLogger(ServiceUuid.class.getName());

    @Inject
    ServiceSettings settings;

    private String value;

    /** @throws GatewayException.Unavailable while the cluster cannot be asked (the next call asks again) */
    public synchronized String value() {
        if (value == null) {
            value = resolve();
        }
        return value;
    }

    private String resolve() {
        String configured = settings.string("service.uuid", null);
        if (configured != null && !configured.isBlank()) {
            return configured.strip();
        }
        if (settings.backend() != ServiceSettings.Backend.KUBERNETES) {
            return UUID.randomUUID().toString();
        }
        try (KubernetesClient client = KubernetesClientFactory.create(settings)) {
            String namespace = settings.string("service.namespace",
                    client.getNamespace() == null ? "default" : client.getNamespace());
            return InstallationUuid.readOrCreate(client, namespace).toString();
        } catch (KubernetesClientException e) {
            LOG.warning(() -> "service UUID not read from ConfigMap " + InstallationUuid.NAME + " (HTTP " + e.getCode()
                    + "); see deploy/base/rbac.yaml, Role kubevirt-redfish-installation");
            if (e.getCode() == 403) {
                throw new GatewayException.Forbidden("ConfigMap " + InstallationUuid.NAME + ": " + e.getMessage(), e);
            }
            throw new GatewayException.Unavailable("the service UUID could not be read from the cluster", 5, e);
        }
    }
}
