package org.kubevirtredfish.kubevirt.fabric8;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * One PersistentVolumeClaim informer per namespace, for the capacities of the VMs' disks (Redfish Drive and Volume
 * {@code CapacityBytes}) without an API call per GET. Optional by design: readiness does not wait for it, and while
 * it cannot list (no {@code list}/{@code watch} on persistentvolumeclaims) every capacity reads null.
 */
final class ClaimCapacities implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ClaimCapacities.class.getName());
    private static final long RESYNC_MILLIS = 0;

    private final KubernetesClient client;
    private final Set<String> namespaces;
    private final Map<String, SharedIndexInformer<PersistentVolumeClaim>> informers = new ConcurrentSkipListMap<>();
    private final AtomicBoolean warned = new AtomicBoolean();

    ClaimCapacities(KubernetesClient client, Set<String> namespaces) {
        this.client = client;
        this.namespaces = Set.copyOf(namespaces);
    }

    void start() {
        for (String ns : namespaces) {
            SharedIndexInformer<PersistentVolumeClaim> informer =
                    client.persistentVolumeClaims().inNamespace(ns).runnableInformer(RESYNC_MILLIS);
            informer.exceptionHandler((started, t) -> {
                if (warned.compareAndSet(false, true)) {
                    LOG.warning(() -> "cannot watch persistentvolumeclaims in namespace " + ns + " (" + t
                            + "); drive capacities read null until it can (grant list and watch on"
                            + " persistentvolumeclaims to the service's ServiceAccount)");
                }
                return true;
            });
            informer.start();
            informers.put(ns, informer);
        }
    }

    /** The capacity in bytes of a bound claim, or null (unknown claim, not bound, not synced or not readable). */
    Long capacity(String namespace, String claim) {
        SharedIndexInformer<PersistentVolumeClaim> informer = informers.get(namespace);
        if (informer == null || claim == null) {
            return null;
        }
        PersistentVolumeClaim pvc = informer.getStore().getByKey(namespace + "/" + claim);
        return pvc == null ? null : HardwareInventory.capacity(KubeVirtResources.MAPPER.valueToTree(pvc));
    }

    @Override
    public void close() {
        informers.values().forEach(SharedIndexInformer::close);
    }
}
