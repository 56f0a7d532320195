package org.kubevirtredfish.kubevirt.fabric8;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.kubevirtredfish.kubevirt.VmId;

/**
 * The informer's VMs, overlaid with the VMs this gateway has just written until the informer catches up, so a
 * read right after a write (e.g. a power-on right after InsertMedia) sees that write without asking the API
 * server. A written copy is used only while the informer's copy is older.
 */
final class LatestVms {

    private final InformerCache cache;
    private final Map<VmId, GenericKubernetesResource> written = new ConcurrentHashMap<>();

    LatestVms(InformerCache cache) {
        this.cache = cache;
    }

    void wrote(GenericKubernetesResource vm) {
        written.put(new VmId(vm.getMetadata().getNamespace(), vm.getMetadata().getName()), vm);
    }

    Optional<GenericKubernetesResource> get(VmId id) {
        Optional<GenericKubernetesResource> cached = cache.vm(id);
        GenericKubernetesResource mine = written.get(id);
        if (mine == null) {
            return cached;
        }
        if (cached.isEmpty() || !newer(mine, cached.get())) {
            written.remove(id, mine);
            return cached;
        }
        return Optional.of(mine);
    }

    /** resourceVersions are opaque, but etcd revisions compare as numbers; anything else trusts the informer. */
    private static boolean newer(GenericKubernetesResource a, GenericKubernetesResource b) {
        try {
            return Long.parseLong(a.getMetadata().getResourceVersion()) > Long.parseLong(b.getMetadata().getResourceVersion());
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
