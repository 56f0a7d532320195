package org.kubevirtredfish.kubevirt.fabric8;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.logging.Logger;
import org.kubevirtredfish.kubevirt.GatewayException;
import org.kubevirtredfish.kubevirt.VmId;

/** Creates and deletes media DataVolumes, keeping {@link LatestDataVolumes} up to date. */
final class DataVolumeCalls {

    private static final Logger LOG = Logger.getLogger(DataVolumeCalls.class.getName());
    private static final String WHAT = "cdi.kubevirt.io datavolumes";

    private final KubernetesClient client;
    private final ApiErrors errors;
    private final LatestDataVolumes latest;
    private final int retryAfterSeconds;

    DataVolumeCalls(KubernetesClient client, ApiErrors errors, LatestDataVolumes latest, int retryAfterSeconds) {
        this.client = client;
        this.errors = errors;
        this.latest = latest;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /**
     * Creates {@code dv}. A DataVolume of that name left by an earlier attempt of this VM that is still importing
     * or done is reused; one that failed (as KubeVirt sees it, {@link DataVolumeStatus#kubeVirtError}), is being
     * deleted or belongs to another VM is replaced.
     */
    void create(VmId id, GenericKubernetesResource dv, String vmUid, String url) {
        String name = dv.getMetadata().getName();
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                latest.created(resources(id).resource(dv).create());
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw errors.of(e, "create", WHAT, id);
                }
            }
            GenericKubernetesResource existing = get(id, name);
            if (existing != null && reusable(KubeVirtResources.tree(existing), vmUid, url)) {
                LOG.info(() -> "DataVolume " + id.namespace() + "/" + name + " of an earlier attempt reused");
                latest.created(existing);
                return;
            }
            if (existing != null && existing.getMetadata().getDeletionTimestamp() == null) {
                delete(id, name);
            }
        }
        throw new GatewayException.Unavailable("DataVolume " + id.namespace() + "/" + name
                + " of an earlier import is still being removed", retryAfterSeconds, null);
    }

    private static boolean reusable(JsonNode existing, String vmUid, String url) {
        return existing.at("/metadata/deletionTimestamp").isMissingNode()
                && vmUid != null && vmUid.equals(existing.at("/metadata/ownerReferences/0/uid").asText(null))
                && url.equals(existing.at("/spec/source/http/url").asText(null))
                && DataVolumeStatus.kubeVirtError(existing) == null;
    }

    /** Deletes the DataVolume (and through CDI its PVC); gone already is fine. */
    void delete(VmId id, String name) {
        latest.deleted(id.namespace(), name);
        try {
            resources(id).withName(name).delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw errors.of(e, "delete", WHAT, id);
            }
        }
    }

    /** {@link #delete} for a clean-up after another failure: logs instead of throwing. */
    void deleteQuietly(VmId id, String name) {
        try {
            delete(id, name);
        } catch (RuntimeException e) {
            LOG.warning(() -> "could not remove DataVolume " + id.namespace() + "/" + name + " after a failed insert"
                    + " into " + id + " (its ownerReference lets garbage collection remove it with the VM): "
                    + e.getMessage());
        }
    }

    private GenericKubernetesResource get(VmId id, String name) {
        try {
            return resources(id).withName(name).get();
        } catch (KubernetesClientException e) {
            throw errors.of(e, "get", WHAT, id);
        }
    }

    private NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList,
            Resource<GenericKubernetesResource>> resources(VmId id) {
        return client.genericKubernetesResources(KubeVirtResources.DATA_VOLUME).inNamespace(id.namespace());
    }
}
