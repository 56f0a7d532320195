package org.kubevirtredfish.kubevirt.fabric8;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Logger;
import org.kubevirtredfish.kubevirt.InformerHealth;
import org.kubevirtredfish.kubevirt.VmId;

/**
 * One informer per namespace for each of VirtualMachines, VirtualMachineInstances and DataVolumes: every read of
 * the gateway is served from their stores, without a request to the API server. Each change is reported as the
 * VM it concerns (a VMI has its VM's name; a DataVolume carries the {@value KubeVirtResources#VM_LABEL} label).
 */
final class InformerCache implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(InformerCache.class.getName());
    /** Resyncs replay the store (no API request) so that a reconciliation that failed is tried again. */
    private static final long RESYNC_MILLIS = 30_000;

    private final KubernetesClient client;
    private final Set<String> namespaces;
    private final Consumer<VmId> onChange;
    private final Map<String, SharedIndexInformer<GenericKubernetesResource>> vms = new ConcurrentSkipListMap<>();
    private final Map<String, SharedIndexInformer<GenericKubernetesResource>> vmis = new ConcurrentSkipListMap<>();
    private final Map<String, SharedIndexInformer<GenericKubernetesResource>> dataVolumes = new ConcurrentSkipListMap<>();
    /** "plural namespace" -> System.nanoTime() of the informer's last event or resync. */
    private final Map<String, Long> lastEvent = new ConcurrentSkipListMap<>();

    InformerCache(KubernetesClient client, Set<String> namespaces, Consumer<VmId> onChange) {
        this.client = client;
        this.namespaces = Set.copyOf(namespaces);
        this.onChange = onChange;
    }

    private volatile boolean started;

    void start() {
        for (String ns : namespaces) {
            vms.put(ns, inform(ns, KubeVirtResources.VM, r -> r.getMetadata().getName()));
            vmis.put(ns, inform(ns, KubeVirtResources.VMI, r -> r.getMetadata().getName()));
            dataVolumes.put(ns, inform(ns, KubeVirtResources.DATA_VOLUME,
                    r -> r.getMetadata().getLabels() == null ? null
                            : r.getMetadata().getLabels().get(KubeVirtResources.VM_LABEL)));
        }
        started = true;
    }

    private SharedIndexInformer<GenericKubernetesResource> inform(String ns, ResourceDefinitionContext type,
            Function<GenericKubernetesResource, String> vmName) {
        SharedIndexInformer<GenericKubernetesResource> informer =
                client.genericKubernetesResources(type).inNamespace(ns).runnableInformer(RESYNC_MILLIS);
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(GenericKubernetesResource r) {
                changed(r);
            }

            @Override
            public void onUpdate(GenericKubernetesResource old, GenericKubernetesResource r) {
                changed(r);
            }

            @Override
            public void onDelete(GenericKubernetesResource r, boolean finalStateUnknown) {
                changed(r);
            }

            private void changed(GenericKubernetesResource r) {
                lastEvent.put(type.getPlural() + " " + ns, System.nanoTime());
                String name = vmName.apply(r);
                if (name != null) {
                    onChange.accept(new VmId(ns, name));
                }
            }
        });
        // Keep retrying after a failed list or watch (API server restart, RBAC fixed later) instead of stopping.
        informer.exceptionHandler((started, t) -> {
            LOG.warning(() -> "informer for " + type.getPlural() + " in namespace " + ns + " failed ("
                    + t + "); retrying" + (started ? "" : ": not synced yet, gateway not ready"));
            return true;
        });
        informer.start();
        return informer;
    }

    boolean hasSynced() {
        return started && all().stream().allMatch(SharedIndexInformer::hasSynced);
    }

    /** Every informer's state, in the order VMs, VMIs, DataVolumes, then by namespace. */
    List<InformerHealth> health() {
        List<InformerHealth> all = new ArrayList<>();
        health(all, KubeVirtResources.VM.getPlural(), vms);
        health(all, KubeVirtResources.VMI.getPlural(), vmis);
        health(all, KubeVirtResources.DATA_VOLUME.getPlural(), dataVolumes);
        return all;
    }

    private void health(List<InformerHealth> out, String plural,
            Map<String, SharedIndexInformer<GenericKubernetesResource>> informers) {
        for (String ns : namespaces) {
            SharedIndexInformer<GenericKubernetesResource> informer = informers.get(ns);
            Long last = lastEvent.get(plural + " " + ns);
            out.add(new InformerHealth(plural, ns, informer != null && informer.hasSynced(),
                    informer != null && informer.isWatching(),
                    last == null ? -1 : (System.nanoTime() - last) / 1e9));
        }
    }

    private List<SharedIndexInformer<GenericKubernetesResource>> all() {
        List<SharedIndexInformer<GenericKubernetesResource>> all = new ArrayList<>(vms.values());
        all.addAll(vmis.values());
        all.addAll(dataVolumes.values());
        return all;
    }

    List<GenericKubernetesResource> vms(String namespace) {
        SharedIndexInformer<GenericKubernetesResource> informer = vms.get(namespace);
        if (informer == null) {
            return List.of();
        }
        List<GenericKubernetesResource> list = new ArrayList<>(informer.getStore().list());
        list.sort(Comparator.comparing(r -> r.getMetadata().getName()));
        return list;
    }

    Optional<GenericKubernetesResource> vm(VmId id) {
        return get(vms, id.namespace(), id.name());
    }

    Optional<GenericKubernetesResource> vmi(VmId id) {
        return get(vmis, id.namespace(), id.name());
    }

    Optional<GenericKubernetesResource> dataVolume(String namespace, String name) {
        return get(dataVolumes, namespace, name);
    }

    private static Optional<GenericKubernetesResource> get(Map<String, SharedIndexInformer<GenericKubernetesResource>> m,
            String namespace, String name) {
        SharedIndexInformer<GenericKubernetesResource> informer = m.get(namespace);
        return informer == null || name == null ? Optional.empty()
                : Optional.ofNullable(informer.getStore().getByKey(namespace + "/" + name));
    }

    @Override
    public void close() {
        all().forEach(SharedIndexInformer::close);
    }
}
