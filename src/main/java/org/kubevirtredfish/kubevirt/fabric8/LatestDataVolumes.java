package org.kubevirtredfish.kubevirt.fabric8;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The informer's DataVolumes, overlaid with the ones this gateway has just created until the informer has them:
 * a power-on right after InsertMedia must see the new import (not nothing, nor the Failed one it replaced).
 */
final class LatestDataVolumes {

    private final InformerCache cache;
    private final Map<String, GenericKubernetesResource> created = new ConcurrentHashMap<>();

    LatestDataVolumes(InformerCache cache) {
        this.cache = cache;
    }

    void created(GenericKubernetesResource dv) {
        created.put(key(dv.getMetadata().getNamespace(), dv.getMetadata().getName()), dv);
    }

    void deleted(String namespace, String name) {
        created.remove(key(namespace, name));
    }

    Optional<GenericKubernetesResource> get(String namespace, String name) {
        Optional<GenericKubernetesResource> cached = cache.dataVolume(namespace, name);
        String key = key(namespace, name);
        GenericKubernetesResource mine = created.get(key);
        if (mine == null) {
            return cached;
        }
        if (cached.isPresent() && Objects.equals(cached.get().getMetadata().getUid(), mine.getMetadata().getUid())) {
            created.remove(key, mine);
            return cached;
        }
        return Optional.of(mine);
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }
}
