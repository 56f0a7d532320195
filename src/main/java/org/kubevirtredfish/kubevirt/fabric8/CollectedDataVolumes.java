package org.kubevirtredfish.kubevirt.fabric8;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import java.util.logging.Logger;
import org.kubevirtredfish.kubevirt.VmId;

/**
 * Tells a media DataVolume that CDI v1.56.0-v1.61.0 garbage-collected after its import from one that is gone for
 * another reason. Their garbage collection deletes only a Succeeded DataVolume and keeps its PVC (same name), handing
 * the DataVolume's owner references to it (CDI v1.61.0 pkg/controller/datavolume/garbagecollect.go, garbageCollect,
 * detachPvcDeleteDv, updatePvcOwnerRefs). Such a PVC keeps the import's pod phase {@code Succeeded} (pkg/controller/
 * common/util.go, IsPVCComplete; copied from PVC' by pkg/controller/populators/populator-base.go, desiredAnnotations)
 * and is no longer controlled by a DataVolume, so KubeVirt attaches it as populated (CDI v1.66.0 staging/.../core/
 * v1beta1/utils.go, IsSucceededOrPendingPopulation, used by KubeVirt v1.9.0 pkg/storage/types/pvc.go,
 * VolumeReadyToAttachToNode) and the VM boots from it. Our DataVolumes opt out of this collection
 * ({@link VirtualMedia#DELETE_AFTER_COMPLETION}); this covers the ones created before.
 */
final class CollectedDataVolumes {

    private static final Logger LOG = Logger.getLogger(CollectedDataVolumes.class.getName());
    static final String POD_PHASE = "cdi.kubevirt.io/storage.pod.phase";
    /** Set by CDI v1.59.0-v1.61.0 on the PVC of a collected DataVolume. */
    static final String GARBAGE_COLLECTED = "cdi.kubevirt.io/garbageCollected";

    private final KubernetesClient client;

    CollectedDataVolumes(KubernetesClient client) {
        this.client = client;
    }

    /** Whether the DataVolume {@code name}, absent from the cluster, was collected after a successful import. */
    boolean collectedAfterImport(VmId id, String name) {
        PersistentVolumeClaim pvc;
        try {
            pvc = client.persistentVolumeClaims().inNamespace(id.namespace()).withName(name).get();
        } catch (KubernetesClientException e) {
            LOG.warning(() -> "could not read PVC " + id.namespace() + "/" + name + " of the missing media DataVolume"
                    + " of " + id + " (HTTP " + e.getCode() + "); the media reads failed");
            return false;
        }
        return pvc != null && isCollectedImport(pvc);
    }

    static boolean isCollectedImport(PersistentVolumeClaim pvc) {
        Map<String, String> annotations = pvc.getMetadata().getAnnotations();
        if (pvc.getMetadata().getDeletionTimestamp() != null || annotations == null) {
            return false;
        }
        boolean controlledByDataVolume = pvc.getMetadata().getOwnerReferences().stream()
                .anyMatch(r -> Boolean.TRUE.equals(r.getController()) && "DataVolume".equals(r.getKind()));
        return !controlledByDataVolume && ("Succeeded".equals(annotations.get(POD_PHASE))
                || "true".equals(annotations.get(GARBAGE_COLLECTED)));
    }
}
