package org.kubevirtredfish.kubevirt.fabric8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.kubevirtredfish.kubevirt.GatewayException;
import org.kubevirtredfish.kubevirt.MediaImportListener;
import org.kubevirtredfish.kubevirt.MediaState;
import org.kubevirtredfish.kubevirt.PowerStateMapper;
import org.kubevirtredfish.kubevirt.VmId;

/**
 * Reacts to informer changes of a VM, its VMI or its media DataVolume, on one background thread (never on the
 * informers' threads, never with sleeps):
 * <ul>
 * <li>a Once boot override whose boot has happened (a VMI with a new uid exists) gets its previous device order
 *     back and reads Disabled;</li>
 * <li>a held power-on (for a media import, for the old instance of a restart or of a shutdown in progress to go)
 *     is issued once the DataVolume has Succeeded and no instance is going away (a VMI delete event brings the VM
 *     back here), and dropped as soon as the media reads FAILED: a DataVolumeError as KubeVirt sees it, or an import
 *     not finished within the download timeout (a check is scheduled for that moment, since no informer event marks
 *     it);</li>
 * <li>a media DataVolume garbage-collected by CDI after its import is recorded on the VM.</li>
 * </ul>
 * A failed attempt is retried on the next change or informer resync.
 *
 * <p>With several replicas only the holder of the {@link ReconcilerLease} reconciles ({@link #follow()} /
 * {@link #lead}); everything it acts on is in the cluster (the pending-start annotation with when the hold began and
 * which instance it waits for, the Once override's record annotation, the DataVolume's creation time for the import
 * deadline), so a new leader picks every pending hold up from one pass over all VMs.
 */
final class InstanceReconciler implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(InstanceReconciler.class.getName());

    private final InformerCache cache;
    private final LatestVms vms;
    private final VmPatcher patcher;
    private final ApiCalls api;
    private final PowerLocks powerLocks;
    private final LatestDataVolumes dataVolumes;
    private final Duration downloadTimeout;
    private final CollectedDataVolumes collected;
    /** Missing media DataVolumes ("ns/name") whose PVC showed no collected import: not asked again. */
    private final Set<String> notCollected = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "kubevirt-redfish-reconciler");
        t.setDaemon(true);
        return t;
    });
    private final Set<VmId> queued = ConcurrentHashMap.newKeySet();
    /** Pending-start tokens already started, so a lagging informer copy does not start twice. */
    private final Map<VmId, String> startedTokens = new ConcurrentHashMap<>();
    /** DataVolumes whose end has been reported to the import listeners (by uid). */
    private final Set<String> reportedImports = ConcurrentHashMap.newKeySet();
    private final List<MediaImportListener> importListeners = new CopyOnWriteArrayList<>();
    /** Imports that ended before this service started are not reported: their duration is unknown. */
    private final Instant startedAt = Instant.now();
    /** The import deadline a re-check is scheduled for, per VM, so progress events do not pile up timers. */
    private final Map<VmId, Instant> scheduledChecks = new ConcurrentHashMap<>();
    /** False on a replica that does not hold the lease: it reconciles nothing. */
    private volatile boolean active = true;
    /** Held power-ons this replica issued, for tests and the failover measurement. */
    private final java.util.concurrent.atomic.AtomicInteger issuedStarts = new java.util.concurrent.atomic.AtomicInteger();

    InstanceReconciler(InformerCache cache, LatestVms vms, LatestDataVolumes dataVolumes, VmPatcher patcher,
            ApiCalls api, PowerLocks powerLocks, Duration downloadTimeout, CollectedDataVolumes collected) {
        this.cache = cache;
        this.collected = collected;
        this.dataVolumes = dataVolumes;
        this.downloadTimeout = downloadTimeout;
        this.vms = vms;
        this.patcher = patcher;
        this.api = api;
        this.powerLocks = powerLocks;
    }

    void enqueue(VmId id) {
        if (!executor.isShutdown() && queued.add(id)) {
            executor.execute(() -> {
                queued.remove(id);
                reconcile(id);
            });
        }
    }

    /** Stops reconciling at once: queued work and rechecks find it inactive and do nothing. */
    void follow() {
        active = false;
    }

    /** Reconciles from now on, starting with every VM known (so every pending hold is picked up). */
    void lead(java.util.Collection<VmId> every) {
        active = true;
        every.forEach(this::enqueue);
    }

    boolean active() {
        return active;
    }

    int issuedStarts() {
        return issuedStarts.get();
    }

    private void reconcile(VmId id) {
        if (!active) {
            return;
        }
        try {
            GenericKubernetesResource vm = vms.get(id).orElse(null);
            if (vm == null) {
                startedTokens.remove(id);
                return;
            }
            BootedInstance instance = BootedInstance.of(KubeVirtResources.tree(cache.vmi(id).orElse(null)));
            BootOverrideRecord rec = BootOrderEdit.record(KubeVirtResources.tree(vm));
            if (rec != null && rec.usedUp(instance)) {
                vm = patcher.patch(id, vm, tree -> BootOrderEdit.endUsedUpOnce(tree, instance));
                LOG.info(() -> "boot override Once of " + id + " used by instance " + instance.uid() + ": restored");
            }
            vm = recordCollectedImport(id, vm);
            reportImportEnd(id, vm);
            releaseHeldStart(id, vm);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "reconciling " + id + " failed; will retry on the next change: " + e.getMessage());
        }
    }

    /**
     * A media DataVolume that is gone but whose PVC shows it was garbage-collected after its import is recorded on
     * the VM, so the media reads ready (from the informers, without asking for the PVC again).
     */
    private GenericKubernetesResource recordCollectedImport(VmId id, GenericKubernetesResource vm) {
        JsonNode tree = KubeVirtResources.tree(vm);
        String name = VirtualMedia.attachedDataVolume(tree);
        if (name == null || !cache.hasSynced() || dataVolumes.get(id.namespace(), name).isPresent()
                || name.equals(VmSnapshots.annotation(tree, KubeVirtResources.MEDIA_COLLECTED_ANNOTATION))
                || notCollected.contains(id.namespace() + "/" + name)) {
            return vm;
        }
        if (!collected.collectedAfterImport(id, name)) {
            notCollected.add(id.namespace() + "/" + name);
            return vm;
        }
        LOG.info(() -> "media DataVolume " + id.namespace() + "/" + name + " of " + id + " was garbage-collected by"
                + " CDI after its import; the VM uses its PVC");
        return patcher.patch(id, vm, t -> VirtualMedia.annotations(t).put(KubeVirtResources.MEDIA_COLLECTED_ANNOTATION,
                name));
    }

    void onMediaImport(MediaImportListener listener) {
        importListeners.add(listener);
    }

    /** Once per DataVolume created while this service runs: how long its import took, and how it ended. */
    private void reportImportEnd(VmId id, GenericKubernetesResource vm) {
        JsonNode tree = KubeVirtResources.tree(vm);
        String name = VirtualMedia.attachedDataVolume(tree);
        GenericKubernetesResource dv = name == null ? null : dataVolumes.get(id.namespace(), name).orElse(null);
        if (dv == null || dv.getMetadata().getUid() == null || dv.getMetadata().getCreationTimestamp() == null) {
            return;
        }
        MediaState media = VirtualMedia.state(tree, n -> KubeVirtResources.tree(
                dataVolumes.get(id.namespace(), n).orElse(null)), downloadTimeout, Instant.now());
        Instant created = Instant.parse(dv.getMetadata().getCreationTimestamp());
        boolean ended = media.phase() == MediaState.Phase.READY || media.phase() == MediaState.Phase.FAILED;
        if (ended && !created.isBefore(startedAt.minusSeconds(1)) && reportedImports.add(dv.getMetadata().getUid())) {
            Duration took = Duration.between(created, Instant.now());
            importListeners.forEach(l -> l.imported(id, took, media.phase() == MediaState.Phase.READY));
        }
    }

    private void releaseHeldStart(VmId id, GenericKubernetesResource cached) {
        JsonNode tree = KubeVirtResources.tree(cached);
        if (VmSnapshots.annotation(tree, KubeVirtResources.PENDING_START_ANNOTATION) == null
                && VmSnapshots.annotation(tree, KubeVirtResources.START_ISSUING_ANNOTATION) == null) {
            return;
        }
        // Under the VM's power lock and on the API server's copy: a stop that has just dropped the hold must win over
        // the informer's older copy that still shows it.
        powerLocks.with(id, () -> releaseHeldStartLocked(id, patcher.read(id)));
    }

    private void releaseHeldStartLocked(VmId id, GenericKubernetesResource vm) {
        JsonNode tree = KubeVirtResources.tree(vm);
        String issuing = VmSnapshots.annotation(tree, KubeVirtResources.START_ISSUING_ANNOTATION);
        if (issuing != null) {
            // a leader claimed this hold and died (or its last patch failed) before it was done
            finishIssuing(id, vm, issuing);
            return;
        }
        String token = VmSnapshots.annotation(tree, KubeVirtResources.PENDING_START_ANNOTATION);
        if (token == null) {
            return;
        }
        java.util.function.Function<String, JsonNode> dv = name -> KubeVirtResources.tree(
                dataVolumes.get(id.namespace(), name).orElse(null));
        MediaState media = VirtualMedia.state(tree, dv, downloadTimeout, Instant.now());
        if (media.phase() == MediaState.Phase.IMPORTING) {
            recheckAtDeadline(id, VirtualMedia.importDeadline(dv.apply(VirtualMedia.attachedDataVolume(tree)),
                    downloadTimeout));
            return;
        }
        if (media.phase() == MediaState.Phase.FAILED) {
            LOG.warning(() -> "virtual media import for " + id + " failed (" + media.message()
                    + "): the held power-on is dropped, the VM stays off");
        } else if (!token.equals(startedTokens.get(id))) {
            Release release = release(id, vm, HeldStart.parse(token));
            if (release == Release.WAIT) {
                return;
            }
            if (release == Release.START) {
                startClaimed(id, vm, token);
                return;
            }
        }
        patcher.patch(id, vm, t -> clearPendingStart(t, token));
    }

    private enum Release {
        /** An instance is still going away, or this replica does not lead. */
        WAIT,
        /** Nothing to start: an instance started meanwhile, or the start was asked for before. */
        DONE,
        START
    }

    /**
     * Whether the held start is due: not while an instance is in the way (one that is still going away, or the one the
     * hold waits for: its deletion event brings us back); a new instance that started after the hold began (by us
     * before a restart of this service, by a second On, or by virt-controller for a VM set to run) ends the hold
     * without a start.
     */
    private Release release(VmId id, GenericKubernetesResource vm, HeldStart held) {
        Optional<GenericKubernetesResource> instance = cache.vmi(id).filter(InstanceReconciler::live);
        if (instance.isPresent()) {
            if (goingAway(instance.get(), held)) {
                return Release.WAIT;
            }
            LOG.info(() -> "held power-on of " + id + ": instance " + instance.get().getMetadata().getUid()
                    + " started meanwhile");
            return Release.DONE;
        }
        if (StartIssued.already(KubeVirtResources.tree(vm))) {
            LOG.info(() -> "held power-on of " + id + " was issued before (by an earlier leader)");
            return Release.DONE;
        }
        return active ? Release.START : Release.WAIT;
    }

    /**
     * Turns the hold into the start-issuing marker in one patch guarded by the hold's token, then starts. A stop on
     * another replica that dropped the hold a moment earlier makes the claim find no hold, and nothing starts; a stop
     * that comes after the claim sees the marker and waits for the start to be issued, then stops the VM.
     */
    private void startClaimed(VmId id, GenericKubernetesResource vm, String token) {
        GenericKubernetesResource claimed = patcher.patch(id, vm, t -> claim(t, token));
        if (!token.equals(VmSnapshots.annotation(KubeVirtResources.tree(claimed),
                KubeVirtResources.START_ISSUING_ANNOTATION))) {
            LOG.info(() -> "held power-on of " + id + " was dropped meanwhile (a stop): not issued");
            return;
        }
        issueStart(id);
        startedTokens.put(id, token);
        patcher.patch(id, claimed, t -> clearStartIssuing(t, token));
    }

    /**
     * A marker this replica did not clear: the start is owed unless it was asked for already or an instance runs (a
     * leader that died after its start). Removed afterwards in either case.
     */
    private void finishIssuing(VmId id, GenericKubernetesResource vm, String token) {
        boolean started = cache.vmi(id).filter(InstanceReconciler::live).isPresent()
                || StartIssued.already(KubeVirtResources.tree(vm)) || token.equals(startedTokens.get(id));
        if (!started) {
            if (!active) {
                return;
            }
            LOG.info(() -> "held power-on of " + id + " was claimed by an earlier leader that did not issue it");
            issueStart(id);
            startedTokens.put(id, token);
        }
        patcher.patch(id, vm, t -> clearStartIssuing(t, token));
    }

    private void issueStart(VmId id) {
        try {
            api.put(id, ApiCalls.Target.VM, "start", "{}");
            issuedStarts.incrementAndGet();
            LOG.info(() -> "held power-on of " + id + " issued");
        } catch (GatewayException.Conflict refused) {
            if (LifecycleConflicts.startMeansAlreadyStarting(refused.getMessage(), cache.vmi(id).isPresent())) {
                LOG.fine(() -> "held start of " + id + ": already starting (" + refused.getMessage() + ")");
            } else {
                LOG.warning(() -> "held power-on of " + id + " refused by KubeVirt, dropped: " + refused.getMessage());
            }
        }
    }

    static void claim(ObjectNode vm, String token) {
        ObjectNode annotations = VirtualMedia.annotations(vm);
        if (token.equals(annotations.path(KubeVirtResources.PENDING_START_ANNOTATION).asText(null))) {
            annotations.remove(KubeVirtResources.PENDING_START_ANNOTATION);
            annotations.put(KubeVirtResources.START_ISSUING_ANNOTATION, token);
        }
    }

    static void clearStartIssuing(ObjectNode vm, String token) {
        ObjectNode annotations = VirtualMedia.annotations(vm);
        if (token == null || token.equals(annotations.path(KubeVirtResources.START_ISSUING_ANNOTATION).asText(null))) {
            annotations.remove(KubeVirtResources.START_ISSUING_ANNOTATION);
        }
    }

    /** Not in a final phase (KubeVirt v1.9.0 api/core/v1/types.go, IsFinal): a final VMI does not block a start. */
    static boolean live(GenericKubernetesResource instance) {
        PowerStateMapper.Instance i = VmSnapshots.instance(KubeVirtResources.tree(instance));
        return !i.isFinal();
    }

    private static boolean goingAway(GenericKubernetesResource instance, HeldStart held) {
        if (instance.getMetadata().getDeletionTimestamp() != null) {
            return true;
        }
        if (held == null) {
            return false;
        }
        if (held.awaitedUid() != null) {
            return held.awaitedUid().equals(instance.getMetadata().getUid());
        }
        String created = instance.getMetadata().getCreationTimestamp();
        try {
            return !held.startedSince(created == null ? null : Instant.parse(created));
        } catch (RuntimeException unreadable) {
            return true;
        }
    }

    private void recheckAtDeadline(VmId id, Instant deadline) {
        if (deadline != null && !executor.isShutdown() && !deadline.equals(scheduledChecks.put(id, deadline))) {
            long millis = Math.max(0, Duration.between(Instant.now(), deadline).toMillis()) + 10;
            executor.schedule(() -> enqueue(id), millis, TimeUnit.MILLISECONDS);
        }
    }

    static void clearPendingStart(ObjectNode vm, String token) {
        ObjectNode annotations = VirtualMedia.annotations(vm);
        if (token == null || token.equals(annotations.path(KubeVirtResources.PENDING_START_ANNOTATION).asText(null))) {
            annotations.remove(KubeVirtResources.PENDING_START_ANNOTATION);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
