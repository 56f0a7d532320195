package org.kubevirtredfish.kubevirt.fabric8;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Logger;
import org.kubevirtredfish.kubevirt.BootOverride;
import org.kubevirtredfish.kubevirt.BootOverrideEnabled;
import org.kubevirtredfish.kubevirt.BootSource;
import org.kubevirtredfish.kubevirt.GatewayException;
import org.kubevirtredfish.kubevirt.KubeVirtGateway;
import org.kubevirtredfish.kubevirt.MediaInsert;
import org.kubevirtredfish.kubevirt.MediaState;
import org.kubevirtredfish.kubevirt.PowerAction;
import org.kubevirtredfish.kubevirt.VirtualMachine;
import org.kubevirtredfish.kubevirt.VmId;
import org.kubevirtredfish.kubevirt.fabric8.ApiCalls.Target;

/**
 * The gateway over a real cluster. Reads ({@link #list}, {@link #find}) are served from informers only; power goes
 * through KubeVirt's lifecycle api; boot override and virtual media are JSON patches of the VM guarded by
 * its resourceVersion. The caller owns the client: construct, {@link #start()} once, {@link #close()} at shutdown
 * (which stops the informers but leaves the client open).
 */
public final class Fabric8KubeVirtGateway implements KubeVirtGateway, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Fabric8KubeVirtGateway.class.getName());
    private static final String STOP_FORCED = "{\"gracePeriod\":0}";
    private static final String RESTART_FORCED = "{\"gracePeriodSeconds\":0}";

    private final KubernetesClient client;
    private final Fabric8Options options;
    private final ApiErrors errors;
    private final InformerCache cache;
    private final LatestVms vms;
    private final VmPatcher patcher;
    private final ApiCalls api;
    private final InstanceReconciler reconciler;

    public Fabric8KubeVirtGateway(KubernetesClient client, Set<String> namespaces, Fabric8Options options) {
        this.client = client;
        this.options = options;
        this.errors = new ApiErrors(options.retryAfterSeconds());
        this.cache = new InformerCache(client, namespaces, this::changed);
        this.vms = new LatestVms(cache);
        this.api = new ApiCalls(client, options.requestTimeout(), errors);
        this.patcher = new VmPatcher(client, api, errors, options.conflictRetries(), vms::wrote);
        this.reconciler = new InstanceReconciler(cache, vms, patcher, api);
    }

    /** Starts the informers; {@link #isReady()} turns true once every one of them has synced. */
    public void start() {
        cache.start();
    }

    @Override
    public void close() {
        reconciler.close();
        cache.close();
    }

    private void changed(VmId id) {
        reconciler.enqueue(id);
    }

    @Override
    public boolean isReady() {
        return cache.hasSynced();
    }

    @Override
    public List<VirtualMachine> list(String namespace) {
        return cache.vms(namespace).stream()
                .map(r -> snapshot(vms.get(id(r)).orElse(r)))
                .toList();
    }

    @Override
    public Optional<VirtualMachine> find(VmId id) {
        return vms.get(id).map(this::snapshot);
    }

    private static VmId id(GenericKubernetesResource r) {
        return new VmId(r.getMetadata().getNamespace(), r.getMetadata().getName());
    }

    private VirtualMachine snapshot(GenericKubernetesResource vm) {
        VmId id = id(vm);
        return VmSnapshots.of(KubeVirtResources.tree(vm), KubeVirtResources.tree(cache.vmi(id).orElse(null)),
                name -> KubeVirtResources.tree(cache.dataVolume(id.namespace(), name).orElse(null)));
    }

    private GenericKubernetesResource require(VmId id) {
        return vms.get(id).orElseThrow(() -> new GatewayException.NotFound(id));
    }

    private String instanceUid(VmId id) {
        return cache.vmi(id).map(r -> r.getMetadata().getUid()).orElse(null);
    }

    @Override
    public void power(VmId id, PowerAction action) {
        GenericKubernetesResource vm = require(id);
        switch (action) {
            case START -> startOrHold(id, vm);
            case STOP -> stop(id, vm, "{}");
            case FORCE_STOP -> stop(id, vm, STOP_FORCED);
            case RESTART -> restart(id, vm, "{}", "{}");
            case FORCE_RESTART -> restart(id, vm, RESTART_FORCED, STOP_FORCED);
            case PAUSE -> api.put(id, Target.VMI, "pause", "{}");
            case UNPAUSE -> api.put(id, Target.VMI, "unpause", "{}");
        }
    }

    private boolean importing(GenericKubernetesResource vm) {
        return snapshot(vm).media().phase() == MediaState.Phase.IMPORTING;
    }

    private void startOrHold(VmId id, GenericKubernetesResource vm) {
        if (importing(vm)) {
            hold(id, vm);
        } else {
            api.put(id, Target.VM, "start", "{}");
        }
    }

    /** Records the power-on in the VM; the reconciler issues it when the import has Succeeded. */
    private void hold(VmId id, GenericKubernetesResource vm) {
        String token = UUID.randomUUID().toString();
        patcher.patch(id, vm, t -> VirtualMedia.annotations(t).put(KubeVirtResources.PENDING_START_ANNOTATION, token));
        LOG.info(() -> "power-on of " + id + " held until its virtual media is imported");
        reconciler.enqueue(id);
    }

    private void stop(VmId id, GenericKubernetesResource vm, String body) {
        if (VmSnapshots.annotation(KubeVirtResources.tree(vm), KubeVirtResources.PENDING_START_ANNOTATION) != null) {
            vm = patcher.patch(id, vm, t -> InstanceReconciler.clearPendingStart(t, null));
        }
        try {
            api.put(id, Target.VM, "stop", body);
        } catch (GatewayException.Conflict e) {
            // KubeVirt refuses to stop a VM that does not run; if we see it stopped too, it is where it should be.
            String printable = KubeVirtResources.text(KubeVirtResources.tree(vm), "/status/printableStatus");
            if (cache.vmi(id).isPresent() || !"Stopped".equals(printable)) {
                throw e;
            }
        }
    }

    private void restart(VmId id, GenericKubernetesResource vm, String restartBody, String stopBody) {
        if (importing(vm)) {
            api.put(id, Target.VM, "stop", stopBody);
            hold(id, vm);
        } else {
            api.put(id, Target.VM, "restart", restartBody);
        }
    }

    @Override
    public VirtualMachine setBootOverride(VmId id, BootOverride override) {
        GenericKubernetesResource vm = require(id);
        boolean enabling = override.enabled() != BootOverrideEnabled.Disabled && override.target() != BootSource.None;
        if (enabling && !VmSnapshots.bootableSources(KubeVirtResources.tree(vm).at("/spec/template/spec/domain"))
                .contains(override.target())) {
            throw new GatewayException.BadRequest("virtual machine " + id + " has no device to boot from "
                    + override.target(), "Boot/BootSourceOverrideTarget", override.target().name());
        }
        String instanceUid = instanceUid(id);
        return snapshot(patcher.patch(id, vm, t -> BootOrderEdit.set(t, override, instanceUid)));
    }

    @Override
    public void insertMedia(VmId id, MediaInsert media) {
        GenericKubernetesResource vm = require(id);
        String image = media.image().toString();
        MediaState state = snapshot(vm).media();
        if (state.inserted()) {
            if (image.equals(state.image())) {
                return;
            }
            throw new GatewayException.Conflict("virtual machine " + id + " has media " + state.image()
                    + " inserted; eject it first");
        }
        String dvName = VirtualMedia.dataVolumeName(id.name(), media.image());
        createDataVolume(id, VirtualMedia.dataVolume(vm, dvName, media.image(), options));
        String instanceUid = instanceUid(id);
        patcher.patch(id, vm, t -> {
            String attached = VirtualMedia.attachedDataVolume(t);
            if (attached != null && !attached.equals(dvName)) {
                throw new GatewayException.Conflict("virtual machine " + id + " got other media meanwhile");
            }
            VirtualMedia.attach(t, dvName, media.image());
            BootOrderEdit.reapply(t, instanceUid);
        });
        LOG.info(() -> "virtual media inserted into " + id + ": DataVolume " + dvName + " imports " + image);
    }

    private void createDataVolume(VmId id, GenericKubernetesResource dv) {
        try {
            client.genericKubernetesResources(KubeVirtResources.DATA_VOLUME).inNamespace(id.namespace())
                    .resource(dv).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) { // 409: the same URL's DataVolume exists already (an earlier attempt): reuse it
                throw errors.of(e, "create", "cdi.kubevirt.io datavolumes", id);
            }
        }
    }

    @Override
    public void ejectMedia(VmId id) {
        GenericKubernetesResource vm = require(id);
        String dvName = VirtualMedia.attachedDataVolume(KubeVirtResources.tree(vm));
        if (dvName == null && VmSnapshots.annotation(KubeVirtResources.tree(vm),
                KubeVirtResources.MEDIA_IMAGE_ANNOTATION) == null) {
            return;
        }
        patcher.patch(id, vm, VirtualMedia::detach);
        if (dvName != null) {
            try {
                client.genericKubernetesResources(KubeVirtResources.DATA_VOLUME).inNamespace(id.namespace())
                        .withName(dvName).delete();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    throw errors.of(e, "delete", "cdi.kubevirt.io datavolumes", id);
                }
            }
        }
        LOG.info(() -> "virtual media ejected from " + id);
    }
}
