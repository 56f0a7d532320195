package org.kubevirtredfish.kubevirt.fabric8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;
import org.kubevirtredfish.kubevirt.BootOverride;
import org.kubevirtredfish.kubevirt.BootOverrideEnabled;
import org.kubevirtredfish.kubevirt.BootSource;
import org.kubevirtredfish.kubevirt.Firmware;
import org.kubevirtredfish.kubevirt.GatewayException;
import org.kubevirtredfish.kubevirt.GuestReboot;
import org.kubevirtredfish.kubevirt.KubeVirtGateway;
import org.kubevirtredfish.kubevirt.MediaImportListener;
import org.kubevirtredfish.kubevirt.MediaInsert;
import org.kubevirtredfish.kubevirt.MediaState;
import org.kubevirtredfish.kubevirt.PowerAction;
import org.kubevirtredfish.kubevirt.PowerState;
import org.kubevirtredfish.kubevirt.VirtualMachine;
import org.kubevirtredfish.kubevirt.VmId;
import org.kubevirtredfish.kubevirt.fabric8.ApiCalls.Target;

/**
 * The gateway over a real cluster. Reads ({@link #list}, {@link #find}) are served from informers only; power goes
 * through KubeVirt's lifecycle api; boot override and virtual media are JSON patches of the VM guarded by tests of
 * the values they replace ({@link VmPatcher}). A power-on that cannot be issued yet (media importing, old instance
 * still going away) is held in a VM annotation and issued by the {@link InstanceReconciler}. The caller owns the client: construct, {@link #start()} once, {@link #close()} at shutdown
 * (which stops the informers but leaves the client open).
 */
public final class Fabric8KubeVirtGateway implements KubeVirtGateway, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Fabric8KubeVirtGateway.class.getName());
    private static final String STOP_FORCED = "{\"gracePeriod\":0}";
    private static final String RESTART_FORCED = "{\"gracePeriodSeconds\":0}";

    private final Fabric8Options options;
    private final ApiErrors errors;
    private final InformerCache cache;
    private final LatestVms vms;
    private final VmPatcher patcher;
    private final WriteClaims writeClaims;
    private final ApiCalls api;
    private final InstanceReconciler reconciler;
    private final ApiReachability reachability;
    private final LatestDataVolumes dataVolumes;
    private final DataVolumeCalls dataVolumeCalls;
    private final ImageProbe probe;
    private final Preferences preferences;
    private final ClaimCapacities claims;
    private final KubernetesClient client;
    private final Set<String> namespaces;
    private final ClusterPermissions permissions = new ClusterPermissions();
    /** Media changes of one VM run one at a time; different VMs in parallel. */
    private final Map<VmId, ReentrantLock> mediaLocks = new ConcurrentHashMap<>();
    private final PowerLocks powerLocks = new PowerLocks();
    private ApiCallMeter meter = new ApiCallMeter();
    private final List<org.kubevirtredfish.kubevirt.VmChangeListener> changeListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    private ReconcilerLease lease;

    public Fabric8KubeVirtGateway(KubernetesClient client, Set<String> namespaces, Fabric8Options options) {
        this(client, namespaces, options, new HttpImageProbe(options.imports()));
    }

    /** With the meter that {@code client} was built with, for {@link #onApiCall}. */
    public Fabric8KubeVirtGateway(KubernetesClient client, Set<String> namespaces, Fabric8Options options,
            ApiCallMeter meter) {
        this(client, namespaces, options, new HttpImageProbe(options.imports()));
        this.meter = meter;
    }

    Fabric8KubeVirtGateway(KubernetesClient client, Set<String> namespaces, Fabric8Options options, ImageProbe probe) {
        this.options = options;
        this.probe = probe;
        this.client = client;
        this.namespaces = Set.copyOf(namespaces);
        this.preferences = new Preferences(client);
        this.claims = new ClaimCapacities(client, namespaces);
        this.errors = new ApiErrors(options.retryAfterSeconds(), permissions);
        this.cache = new InformerCache(client, namespaces, this::changed);
        this.vms = new LatestVms(cache);
        this.dataVolumes = new LatestDataVolumes(cache);
        this.dataVolumeCalls = new DataVolumeCalls(client, errors, dataVolumes, options.retryAfterSeconds());
        this.api = new ApiCalls(client, options.requestTimeout(), errors, permissions);
        this.patcher = new VmPatcher(client, api, errors, options.conflictRetries(), vms::wrote);
        this.writeClaims = new WriteClaims(api, errors, patcher::read, vms::wrote, 10);
        this.reachability = new ApiReachability(client, java.time.Duration.ofSeconds(5));
        this.reconciler = new InstanceReconciler(cache, vms, dataVolumes, patcher, api, powerLocks,
                options.imports().downloadTimeout(), new CollectedDataVolumes(client));
    }

    /** Starts the informers; {@link #isReady()} turns true once every one of them has synced. */
    public void start() {
        cache.start();
        claims.start();
    }

    /**
     * Asks the API server (SelfSubjectAccessReview) which permissions this service uses its ServiceAccount lacks in
     * each chassis namespace, and logs each with what it costs; {@link #missingPermissions()} lists them, and denials
     * met later are added.
     */
    public void checkPermissions() {
        permissions.check(client, new java.util.TreeSet<>(namespaces));
    }

    /**
     * {@link #checkPermissions()} without holding up the caller (an API server that does not answer yet must not
     * delay the start); {@link #isReady()} waits for it, so that readiness data is complete once ready.
     */
    public void checkPermissionsInBackground() {
        permissions.checkInBackground(client, new java.util.TreeSet<>(namespaces));
    }

    @Override
    public List<String> missingPermissions() {
        return permissions.missing();
    }

    /**
     * From now on this gateway reconciles only while it holds the Lease of {@code settings}: one of several replicas.
     * Without this call it reconciles always (one replica, tests). Call after {@link #start()}.
     */
    public synchronized void campaign(ReconcilerLease.Settings settings) {
        if (lease != null) {
            throw new IllegalStateException("already campaigning");
        }
        if (!ReconcilerLease.permitted(client, settings)) {
            LOG.warning(() -> "the ServiceAccount may not get, create and patch Lease " + settings.namespace() + "/"
                    + settings.name() + " (Role kubevirt-redfish-leader-election in deploy/base/rbac.yaml): this"
                    + " replica reconciles without leader election; run exactly one replica");
            return;
        }
        reconciler.follow();
        lease = new ReconcilerLease(client, settings, new ReconcilerLease.Listener() {
            @Override
            public void startedLeading() {
                reconciler.lead(knownVms());
            }

            @Override
            public void stoppedLeading() {
                reconciler.follow();
            }
        });
        lease.start();
    }

    private List<VmId> knownVms() {
        return namespaces.stream().flatMap(ns -> cache.vms(ns).stream()).map(Fabric8KubeVirtGateway::id).toList();
    }

    @Override
    public Optional<Boolean> reconciling() {
        return Optional.of(reconciler.active());
    }

    @Override
    public Optional<String> reconcilerLeader() {
        ReconcilerLease l = lease;
        return l == null ? Optional.empty() : Optional.ofNullable(l.leader());
    }

    /** Held power-ons this gateway's reconciler issued (a test's view of who reconciled). */
    int issuedHeldStarts() {
        return reconciler.issuedStarts();
    }

    @Override
    public void close() {
        ReconcilerLease l = lease;
        if (l != null) {
            l.close();
        }
        reconciler.close();
        cache.close();
        claims.close();
    }

    /** Every VM, VMI and DataVolume event of the informers, on their threads: the stores already have it. */
    private void changed(VmId id) {
        reconciler.enqueue(id);
        for (org.kubevirtredfish.kubevirt.VmChangeListener listener : changeListeners) {
            try {
                listener.changed(id);
            } catch (RuntimeException e) {
                LOG.log(java.util.logging.Level.WARNING, "a listener of VM changes failed for " + id, e);
            }
        }
    }

    @Override
    public Optional<Map<String, String>> labels(VmId id) {
        return vms.get(id).map(r -> r.getMetadata().getLabels() == null ? Map.of()
                : Map.copyOf(r.getMetadata().getLabels()));
    }

    @Override
    public boolean onChange(org.kubevirtredfish.kubevirt.VmChangeListener listener) {
        changeListeners.add(listener);
        return true;
    }

    @Override
    public void onMediaImport(MediaImportListener listener) {
        reconciler.onMediaImport(listener);
    }

    @Override
    public List<org.kubevirtredfish.kubevirt.InformerHealth> informers() {
        return cache.health();
    }

    @Override
    public java.util.Optional<String> unreachable() {
        return reachability.reachable() ? java.util.Optional.empty()
                : java.util.Optional.of("the Kubernetes API server does not answer");
    }

    /** Calls are measured only when the client was built with the meter (KubernetesClientFactory). */
    @Override
    public void onApiCall(org.kubevirtredfish.kubevirt.KubernetesApiCall.Listener listener) {
        meter.listen(listener);
    }

    /**
     * Synced, every watch open, and the permission check (if one was started) done: false while the API server
     * cannot be reached.
     */
    @Override
    public boolean isReady() {
        return cache.hasSynced() && reachability.reachable() && !permissions.checking();
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

    /** How long a stop on a follower waits for the leader to finish issuing a held start (one API call, normally). */
    static final Duration START_ISSUING_WAIT = Duration.ofSeconds(10);
    private volatile Duration startIssuingWait = START_ISSUING_WAIT;

    /** Another wait than {@link #START_ISSUING_WAIT}, for tests of its running out. */
    void startIssuingWait(Duration wait) {
        this.startIssuingWait = wait;
    }

    private static VmId id(GenericKubernetesResource r) {
        return new VmId(r.getMetadata().getNamespace(), r.getMetadata().getName());
    }

    private VirtualMachine snapshot(GenericKubernetesResource vm) {
        VmId id = id(vm);
        JsonNode tree = KubeVirtResources.tree(vm);
        JsonNode vmi = KubeVirtResources.tree(cache.vmi(id).orElse(null));
        return VmSnapshots.of(tree, vmi,
                name -> KubeVirtResources.tree(dataVolumes.get(id.namespace(), name).orElse(null)),
                claim -> claims.capacity(id.namespace(), claim),
                options.imports().downloadTimeout(), preferences.defaults(tree, vmi, false));
    }

    @Override
    public String writeVersion(VmId id) {
        return WriteClaims.version(require(id));
    }

    @Override
    public void claimWrite(VmId id, String expected) {
        writeClaims.claim(id, require(id), expected);
    }

    private GenericKubernetesResource require(VmId id) {
        return vms.get(id).orElseThrow(() -> new GatewayException.NotFound(id));
    }

    private String instanceUid(VmId id) {
        return cache.vmi(id).map(r -> r.getMetadata().getUid()).orElse(null);
    }

    @Override
    public void power(VmId id, PowerAction action) {
        powerLocks.with(id, () -> powerLocked(id, action));
    }

    private void powerLocked(VmId id, PowerAction action) {
        GenericKubernetesResource vm = require(id);
        switch (action) {
            case START -> startOrHold(id, vm);
            case START_AFTER_STOP -> {
                refuseFailedMedia(id, vm);
                hold(id, vm, instanceUid(id), "its previous instance is gone");
            }
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

    private void refuseFailedMedia(VmId id, GenericKubernetesResource vm) {
        MediaState media = snapshot(vm).media();
        if (media.phase() == MediaState.Phase.FAILED) {
            throw new GatewayException.Conflict("virtual media of " + id + " failed to import (" + media.message()
                    + "); insert it again or eject it before powering on");
        }
    }

    /** The VMI, when it exists and is not in a final phase (Succeeded/Failed). */
    private Optional<GenericKubernetesResource> liveInstance(VmId id) {
        return cache.vmi(id).filter(InstanceReconciler::live);
    }

    /** Whether this gateway's cache holds a live VMI of the VM (tests wait for its informer with it). */
    boolean hasLiveInstance(VmId id) {
        return liveInstance(id).isPresent();
    }

    private boolean instanceGoingAway(VmId id) {
        return liveInstance(id).map(i -> i.getMetadata().getDeletionTimestamp() != null).orElse(false);
    }

    /**
     * Never boots a VM whose inserted media is not there (held while it imports, refused when it failed), and never
     * asks for a start while the old instance still shuts down (held until it is gone).
     */
    private void startOrHold(VmId id, GenericKubernetesResource vm) {
        refuseFailedMedia(id, vm);
        if (importing(vm)) {
            hold(id, vm, null, "its virtual media is imported");
        } else if (instanceGoingAway(id)) {
            hold(id, vm, instanceUid(id), "its previous instance is gone");
        } else {
            start(id, vm);
        }
    }

    /**
     * KubeVirt v1.9.0 pkg/virt-api/rest/lifecycle.go, StartVMRequestHandler, answers 409 when a VMI exists that is
     * not final ("VM is already running") and when runStrategy is Always or Once ("... does not support manual start
     * requests"); for a VM set to run (Always, or Once that has not run to completion) that means it is starting or
     * running already: success. An instance that is still going away holds the start instead.
     */
    private void start(VmId id, GenericKubernetesResource vm) {
        try {
            api.put(id, Target.VM, "start", "{}");
        } catch (GatewayException.Conflict e) {
            String message = String.valueOf(e.getMessage());
            if (instanceGoingAway(id)) {
                hold(id, require(id), instanceUid(id), "its previous instance is gone");
            } else if (LifecycleConflicts.startMeansAlreadyStarting(message, !noFinalInstance(id))) {
                LOG.fine(() -> "start of " + id + ": already starting or running (" + message + ")");
            } else {
                throw e;
            }
        }
    }

    private boolean noFinalInstance(VmId id) {
        return cache.vmi(id).map(InstanceReconciler::live).orElse(true);
    }

    /**
     * Records the power-on in the VM (it reads PoweringOn from now on); the reconciler issues it when the media
     * import has Succeeded and no instance is going away. A power-on that is already held stays as it is.
     *
     * @param awaitedUid the instance that must be gone first, or null
     */
    private void hold(VmId id, GenericKubernetesResource vm, String awaitedUid, String until) {
        if (VmSnapshots.annotation(KubeVirtResources.tree(vm), KubeVirtResources.PENDING_START_ANNOTATION) != null) {
            return;
        }
        HeldStart held = HeldStart.create(awaitedUid);
        patcher.patch(id, vm, t -> VirtualMedia.annotations(t).put(KubeVirtResources.PENDING_START_ANNOTATION,
                held.token()));
        LOG.info(() -> "power-on of " + id + " held until " + until);
        reconciler.enqueue(id);
    }

    /**
     * Drops a held power-on, then stops; a VM that reads Off is stopped already (no call). KubeVirt v1.9.0
     * pkg/virt-api/rest/lifecycle.go, StopVMRequestHandler, answers 409 "VM is not running" when there is no live
     * VMI (runStrategy Halted, Manual, RerunOnFailure): that is where a stop leads, so a success too; and 409 "Halted
     * only supports manual stop requests with a shorter graceperiod" to a second stop of a VM whose instance is
     * already shutting down: a success as well.
     */
    private void stop(VmId id, GenericKubernetesResource vm, String body) {
        if (VmSnapshots.annotation(KubeVirtResources.tree(vm), KubeVirtResources.PENDING_START_ANNOTATION) != null) {
            vm = patcher.patch(id, vm, t -> InstanceReconciler.clearPendingStart(t, null));
        }
        if (VmSnapshots.annotation(KubeVirtResources.tree(vm), KubeVirtResources.START_ISSUING_ANNOTATION) != null) {
            vm = afterStartIssued(id, vm);
        }
        if (snapshot(vm).powerState() == PowerState.Off) {
            return;
        }
        try {
            api.put(id, Target.VM, "stop", body);
        } catch (GatewayException.Conflict e) {
            String message = String.valueOf(e.getMessage());
            boolean notRunning = LifecycleConflicts.stopMeansNotRunning(message);
            // the instance may finish going away between virt-api's answer and this check: Off counts too
            PowerState now = snapshot(require(id)).powerState();
            boolean stopping = LifecycleConflicts.stopNeedsShorterGracePeriod(message)
                    && (instanceGoingAway(id) || now == PowerState.PoweringOff || now == PowerState.Off);
            if (!notRunning && !stopping) {
                throw e;
            }
            LOG.fine(() -> "stop of " + id + ": " + message);
        }
    }

    /**
     * The leader (another replica) is issuing the held start: the stop must come after it, or the VM would boot after
     * the client was told it is off. Waits, up to {@link #START_ISSUING_WAIT}, for the leader's marker to go and
     * returns the VM as the API server has it then. On the leader itself no start is in flight (it issues under the
     * same power lock), so a marker there is left over from an earlier leader: a start not yet asked for is dropped.
     */
    private GenericKubernetesResource afterStartIssued(VmId id, GenericKubernetesResource vm) {
        if (reconciler.active()) {
            String token = VmSnapshots.annotation(KubeVirtResources.tree(vm),
                    KubeVirtResources.START_ISSUING_ANNOTATION);
            return patcher.patch(id, vm, t -> InstanceReconciler.clearStartIssuing(t, token));
        }
        Duration wait = startIssuingWait;
        long deadline = System.nanoTime() + wait.toNanos();
        while (VmSnapshots.annotation(KubeVirtResources.tree(vm), KubeVirtResources.START_ISSUING_ANNOTATION) != null) {
            if (System.nanoTime() > deadline) {
                throw new GatewayException.Unavailable("the held power-on of " + id + " is being issued by the"
                        + " reconciling replica, which did not finish within " + wait.toSeconds()
                        + " s; retry the stop", (int) wait.toSeconds(), null);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GatewayException.Unavailable("interrupted while waiting for a held power-on of " + id, 1, e);
            }
            vm = require(id);
        }
        LOG.fine(() -> "stop of " + id + " waited for the leader's held start");
        return patcher.read(id);
    }

    /**
     * A restart of a VM with no live instance is a power-on, of one whose instance is going away a held power-on.
     * KubeVirt v1.9.0 pkg/virt-api/rest/lifecycle.go, RestartVMRequestHandler, refuses runStrategy Halted and Once
     * ("does not support manual restart requests"); a Halted VM we started runs as Always (StartVMRequestHandler
     * patches runStrategy Halted to Always), so this only meets a VM whose strategy someone else set: it is stopped
     * and the power-on held until that instance is gone, as for a restart while media imports.
     */
    private void restart(VmId id, GenericKubernetesResource vm, String restartBody, String stopBody) {
        Optional<GenericKubernetesResource> instance = liveInstance(id);
        if (instance.isEmpty()) {
            startOrHold(id, vm);
        } else if (instanceGoingAway(id)) {
            refuseFailedMedia(id, vm);
            hold(id, vm, instanceUid(id), "its previous instance is gone");
        } else if (importing(vm)) {
            stopThenHold(id, vm, stopBody, instance.get());
        } else {
            try {
                api.put(id, Target.VM, "restart", restartBody);
            } catch (GatewayException.Conflict e) {
                String message = String.valueOf(e.getMessage());
                if (LifecycleConflicts.restartRefusedForRunStrategy(message)) {
                    refuseFailedMedia(id, vm);
                    stopThenHold(id, require(id), stopBody, instance.get());
                } else if (LifecycleConflicts.restartMeansNotRunning(message)) {
                    startOrHold(id, require(id));
                } else {
                    throw e;
                }
            }
        }
    }

    private void stopThenHold(VmId id, GenericKubernetesResource vm, String stopBody,
            GenericKubernetesResource instance) {
        stop(id, vm, stopBody);
        hold(id, require(id), instance.getMetadata().getUid(), "its previous instance is gone");
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
        JsonNode vmi = KubeVirtResources.tree(cache.vmi(id).orElse(null));
        FirmwareDefaults firmware = preferences.defaults(KubeVirtResources.tree(vm), vmi, true);
        BootOverrideRecord before = BootOrderEdit.record(KubeVirtResources.tree(vm));
        VirtualMachine after = snapshot(patcher.patch(id, vm, t -> BootOrderEdit.set(t, override, instanceUid,
                firmware)));
        warnOfGuestReboot(after, before, BootedInstance.of(vmi));
        return after;
    }

    @Override
    public Firmware firmware(VmId id) {
        JsonNode vm = KubeVirtResources.tree(require(id));
        JsonNode vmi = KubeVirtResources.tree(cache.vmi(id).orElse(null));
        return firmware(vm, vmi, preferences.defaults(vm, vmi, true));
    }

    private static Firmware firmware(JsonNode vm, JsonNode vmi, FirmwareDefaults defaults) {
        JsonNode domain = vm.at("/spec/template/spec/domain");
        String security = defaults.launchSecurity(domain);
        JsonNode instance = FirmwareDefaults.instanceDomain(vmi);
        return new Firmware(defaults.mode(domain), defaults.secureBoot(domain), defaults.smm(domain),
                instance == null ? null : FirmwareDefaults.instanceMode(instance),
                instance != null && FirmwareDefaults.instanceSecureBoot(instance),
                security == null ? null : "the virtual machine uses " + security + " launch security");
    }

    @Override
    public Firmware setSecureBoot(VmId id, boolean enabled) {
        GenericKubernetesResource vm = require(id);
        JsonNode vmi = KubeVirtResources.tree(cache.vmi(id).orElse(null));
        FirmwareDefaults defaults = preferences.defaults(KubeVirtResources.tree(vm), vmi, true);
        Firmware before = firmware(KubeVirtResources.tree(vm), vmi, defaults);
        if (before.secureBootLocked() != null && before.secureBoot() != enabled) {
            throw new GatewayException.Conflict(before.secureBootLocked());
        }
        GenericKubernetesResource after = patcher.patch(id, vm,
                t -> defaults.setSecureBoot((ObjectNode) t.at("/spec/template/spec/domain"), enabled));
        return firmware(KubeVirtResources.tree(after), vmi, defaults);
    }

    /** Once per Once override (not again when the same one is set again): what a reboot from the guest does. */
    private static void warnOfGuestReboot(VirtualMachine vm, BootOverrideRecord before, BootedInstance instance) {
        boolean once = vm.boot().enabled() == BootOverrideEnabled.Once && vm.boot().target() != BootSource.None;
        boolean sameAsBefore = before != null && before.enabled() == BootOverrideEnabled.Once
                && before.target() == vm.boot().target() && !before.usedUp(instance);
        if (once && !sameAsBefore && vm.guestReboot() != GuestReboot.NewInstance) {
            LOG.warning(() -> "boot override Once to " + vm.boot().target() + " set on " + vm.id() + ": "
                    + vm.guestReboot().afterOnceBoot(vm.boot().target()));
        }
    }

    @Override
    public void insertMedia(VmId id, MediaInsert media) {
        withMediaLock(id, () -> insertLocked(id, media.image()));
    }

    /**
     * Probes the image, creates its DataVolume, then points the VM's CD-ROM at it. The same image again is a no-op
     * unless its import failed (then it is imported anew); another image while one is inserted is a Conflict. A
     * refused image leaves the cluster untouched; a failed VM patch removes the DataVolume it created.
     */
    private void insertLocked(VmId id, URI image) {
        GenericKubernetesResource vm = require(id);
        MediaState state = snapshot(vm).media();
        boolean retry = false;
        if (state.inserted()) {
            if (!image.toString().equals(state.image())) {
                throw new GatewayException.Conflict("virtual machine " + id + " has other media inserted; eject it"
                        + " first");
            }
            if (state.phase() != MediaState.Phase.FAILED) {
                return;
            }
            retry = true;
        }
        String storage = ImageSizing.storageRequest(image, probe.size(image), options);
        String dvName = VirtualMedia.dataVolumeName(id.name(), image);
        if (retry) {
            LOG.info(() -> "virtual media of " + id + " failed to import (" + state.message() + "): importing again");
            dataVolumeCalls.delete(id, VirtualMedia.attachedDataVolume(KubeVirtResources.tree(vm)));
        }
        dataVolumeCalls.create(id, VirtualMedia.dataVolume(vm, dvName, image, storage, options),
                vm.getMetadata().getUid(), image.toString());
        try {
            attach(id, vm, dvName, image);
        } catch (RuntimeException e) {
            if (!retry && !patchLandedAnyway(id, dvName)) {
                dataVolumeCalls.deleteQuietly(id, dvName);
            }
            throw e;
        }
        LOG.info(() -> "virtual media inserted into " + id + ": DataVolume " + dvName + " (" + storage
                + ") imports an image from " + ImageProbe.origin(image));
    }

    /** A patch that timed out may still have been applied: then the DataVolume is in use and stays. */
    private boolean patchLandedAnyway(VmId id, String dvName) {
        try {
            return dvName.equals(VirtualMedia.attachedDataVolume(KubeVirtResources.tree(patcher.read(id))));
        } catch (RuntimeException unknown) {
            return false;
        }
    }

    private void attach(VmId id, GenericKubernetesResource vm, String dvName, URI image) {
        BootedInstance instance = BootedInstance.of(KubeVirtResources.tree(cache.vmi(id).orElse(null)));
        patcher.patch(id, vm, t -> {
            String attached = VirtualMedia.attachedDataVolume(t);
            if (attached != null && !attached.equals(dvName)) {
                throw new GatewayException.Conflict("virtual machine " + id + " got other media meanwhile");
            }
            VirtualMedia.attach(t, dvName, image);
            BootOrderEdit.reapply(t, instance);
        });
    }

    @Override
    public void ejectMedia(VmId id) {
        withMediaLock(id, () -> ejectLocked(id));
    }

    /** Detaches first, then deletes: a DataVolume is never removed while the VM still names it. */
    private void ejectLocked(VmId id) {
        GenericKubernetesResource vm = require(id);
        String dvName = VirtualMedia.attachedDataVolume(KubeVirtResources.tree(vm));
        if (dvName == null && VmSnapshots.annotation(KubeVirtResources.tree(vm),
                KubeVirtResources.MEDIA_IMAGE_ANNOTATION) == null) {
            return;
        }
        patcher.patch(id, vm, VirtualMedia::detach);
        if (dvName != null) {
            dataVolumeCalls.delete(id, dvName);
        }
        if (dvName != null && dvName.equals(VmSnapshots.annotation(KubeVirtResources.tree(vm),
                KubeVirtResources.MEDIA_COLLECTED_ANNOTATION))) {
            // CDI handed the PVC to the VM when it collected the DataVolume; this service may not delete PVCs.
            LOG.warning(() -> "PVC " + id.namespace() + "/" + dvName + " of the collected media DataVolume of " + id
                    + " stays until the VM is deleted; delete it before inserting the same image again");
        }
        LOG.info(() -> "virtual media ejected from " + id);
    }

    private void withMediaLock(VmId id, Runnable change) {
        ReentrantLock lock = mediaLocks.computeIfAbsent(id, k -> new ReentrantLock());
        try {
            if (!lock.tryLock(options.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                throw new GatewayException.Conflict("another virtual media change of " + id + " is in progress");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayException.Conflict("interrupted while waiting for another media change of " + id);
        }
        try {
            change.run();
        } finally {
            lock.unlock();
        }
    }
}
