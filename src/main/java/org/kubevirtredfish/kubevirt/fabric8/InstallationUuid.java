package org.kubevirtredfish.kubevirt.fabric8;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * A random UUID per installation, kept in the cluster: the ConfigMap {@value #NAME} in the service's namespace,
 * created by whichever replica or restart comes first and read by every later one. Creating is race-safe: the API
 * server lets one create of a name succeed and answers 409 AlreadyExists to the others, which then read the
 * winner's value.
 */
public final class InstallationUuid {

    public static final String NAME = "kubevirt-redfish-installation";
    static final String KEY = "uuid";
    private static final Logger LOG = Logger.getLogger(InstallationUuid.class.getName());

    private InstallationUuid() {
    }

    /** @throws KubernetesClientException when the API server cannot be reached or refuses (RBAC) */
    public static UUID readOrCreate(KubernetesClient client, String namespace) {
        for (int attempt = 0; attempt < 3; attempt++) {
            ConfigMap existing = client.configMaps().inNamespace(namespace).withName(NAME).get();
            if (existing != null) {
                return parse(existing, namespace);
            }
            UUID fresh = UUID.randomUUID();
            ConfigMap created = new ConfigMapBuilder()
                    .withNewMetadata().withName(NAME).withNamespace(namespace)
                    .addToLabels("app.kubernetes.io/name", "kubevirt-redfish")
                    .addToLabels("app.kubernetes.io/part-of", "kubevirt-redfish")
                    .endMetadata()
                    .addToData(KEY, fresh.toString())
                    .build();
            try {
                client.configMaps().inNamespace(namespace).resource(created).create();
                LOG.info(() -> "service UUID " + fresh + " created in ConfigMap " + namespace + "/" + NAME);
                return fresh;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
                // another replica created it between our read and our create: read theirs
            }
        }
        throw new IllegalStateException("ConfigMap " + namespace + "/" + NAME + " neither readable nor creatable");
    }

    private static UUID parse(ConfigMap map, String namespace) {
        String value = map.getData() == null ? null : map.getData().get(KEY);
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalStateException("ConfigMap " + namespace + "/" + NAME + " holds no UUID under '" + KEY
                    + "'; delete it to have a new one made", e);
        }
    }
}
