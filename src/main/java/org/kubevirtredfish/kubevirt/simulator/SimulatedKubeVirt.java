package org.kubevirtredfish.kubevirt.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.kubevirtredfish.kubevirt.BootMode;
import org.kubevirtredfish.kubevirt.BootOverride;
import org.kubevirtredfish.kubevirt.BootOverrideEnabled;
import org.kubevirtredfish.kubevirt.BootSource;
import org.kubevirtredfish.kubevirt.Firmware;
import org.kubevirtredfish.kubevirt.GatewayException;
import org.kubevirtredfish.kubevirt.KubeVirtGateway;
import org.kubevirtredfish.kubevirt.MediaImportListener;
import org.kubevirtredfish.kubevirt.MediaInsert;
import org.kubevirtredfish.kubevirt.MediaState;
import org.kubevirtredfish.kubevirt.PowerAction;
import org.kubevirtredfish.kubevirt.PowerState;
import org.kubevirtredfish.kubevirt.VirtualMachine;
import org.kubevirtredfish.kubevirt.VmChangeListener;
import org.kubevirtredfish.kubevirt.VmId;
import org.kubevirtredfish.kubevirt.model.DataVolumeStatus;
import org.kubevirtredfish.kubevirt.model.PrintableStatusRules;
import org.kubevirtredfish.kubevirt.model.RunStrategy;
import org.kubevirtredfish.kubevirt.model.StartSequence;
import org.kubevirtredfish.kubevirt.model.StateChangeRequest;
import org.kubevirtredfish.kubevirt.model.VmiPhase;

/**
 * The in-memory KubeVirt: per VM what a cluster holds ({@link SimulatedVm}), virt-api's answers ({@link VirtApi}), a
 * virt-controller and a CDI that move it on a clock ({@link SimulatorTimings}), all by the rules of the
 * {@code model} package; and on top the same gateway rules as the fabric8 gateway (S1-S5 of issue 8): a power-on is
 * held while the old instance terminates or the media imports and issued once both are done; a stop of a VM that
 * reads Off succeeds and drops a held power-on; an importer error reads FAILED at once and drops the held power-on;
 * a Once override is used by the next new instance. Images on a host under {@code .invalid} or under the path
 * {@code /fail/} fail to import (DNS failure, HTTP 404).
 */
public final class SimulatedKubeVirt implements KubeVirtGateway, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SimulatedKubeVirt.class.getName());
    /** Importer restarts replayed after the first failure (kubelet backs off; CDI keeps counting). */
    private static final int REPLAYED_RESTARTS = 3;

    private final Map<VmId, SimulatedVm> vms = new TreeMap<>();
    private final ScheduledExecutorService clock;
    private final SimulatorTimings timings;
    private final List<MediaImportListener> importListeners = new CopyOnWriteArrayList<>();
    private final List<VmChangeListener> changeListeners = new CopyOnWriteArrayList<>();
    /** VMs changed under this gateway's lock whose listeners have not been told yet; guarded by this. */
    private final Set<VmId> untold = new LinkedHashSet<>();
    /** Held while listeners are told ({@link #tellChanges}); never taken under this gateway's lock. */
    private final Object telling = new Object();

    public SimulatedKubeVirt(List<VmSeed> seeds, Duration transition, Duration importTime) {
        this(seeds, SimulatorTimings.of(transition, importTime));
    }

    public SimulatedKubeVirt(List<VmSeed> seeds, SimulatorTimings timings) {
        this.timings = timings;
        this.clock = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kubevirt-simulator");
            t.setDaemon(true);
            return t;
        });
        synchronized (this) {
            seeds.forEach(this::add);
        }
    }

    private void add(VmSeed seed) {
        SimulatedVm vm = new SimulatedVm(seed);
        vms.put(seed.id(), vm);
        if (PrintableStatusRules.isSetToStart(vm.view())) {
            vm.instance = vm.newInstance();
            vm.instance.phase = VmiPhase.Running;
        }
    }

    /** A VM created in the cluster (as by {@code kubectl create}); a VM of that id is replaced. */
    public void create(VmSeed seed) {
        changing(() -> {
            add(seed);
            changed(seed.id());
        });
    }

    /** The VM deleted from the cluster, with its instance; nothing when there is none. */
    public void delete(VmId id) {
        changing(() -> {
            vms.remove(id);
            changed(id);
        });
    }

    /** The VM's labels replaced (as by {@code kubectl label --overwrite}, removals included). */
    public void relabel(VmId id, Map<String, String> labels) {
        changing(() -> {
            get(id).labels = Map.copyOf(labels);
            changed(id);
        });
    }

    /** Notes under the lock that a VM changed; its listeners are told once the lock is released. */
    private void changed(VmId id) {
        untold.add(id);
    }

    /** A change made under this gateway's lock; its listeners are told after it, outside the lock. */
    private <T> T changingWith(Supplier<T> change) {
        try {
            synchronized (this) {
                return change.get();
            }
        } finally {
            tellChanges();
        }
    }

    private void changing(Runnable change) {
        changingWith(() -> {
            change.run();
            return null;
        });
    }

    /**
     * Outside the lock, so that a listener can read the gateway back (and the lock order stays one way: telling, then
     * this). One delivery at a time: another thread's delivery may take this caller's change along, and the caller
     * then waits for it to end, so that a change's listeners have been told when its call returns.
     */
    private void tellChanges() {
        synchronized (telling) {
            List<VmId> ids;
            synchronized (this) {
                if (untold.isEmpty()) {
                    return;
                }
                ids = List.copyOf(untold);
                untold.clear();
            }
            for (VmId id : ids) {
                for (VmChangeListener listener : changeListeners) {
                    try {
                        listener.changed(id);
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "a listener of VM changes failed for " + id, e);
                    }
                }
            }
        }
    }

    @Override
    public boolean onChange(VmChangeListener listener) {
        changeListeners.add(listener);
        return true;
    }

    @Override
    public synchronized List<VirtualMachine> list(String namespace) {
        return vms.values().stream()
                .filter(vm -> vm.seed.id().namespace().equals(namespace))
                .map(SimulatedVm::snapshot)
                .sorted(Comparator.comparing(VirtualMachine::id))
                .toList();
    }

    @Override
    public synchronized Optional<VirtualMachine> find(VmId id) {
        return Optional.ofNullable(vms.get(id)).map(SimulatedVm::snapshot);
    }

    @Override
    public void power(VmId id, PowerAction action) {
        changing(() -> powerLocked(get(id), action));
    }

    private void powerLocked(SimulatedVm vm, PowerAction action) {
        try {
            switch (action) {
                case START -> startOrHold(vm);
                case START_AFTER_STOP -> {
                    refuseFailedMedia(vm);
                    hold(vm);
                }
                case STOP -> stop(vm, false);
                case FORCE_STOP -> stop(vm, true);
                case RESTART -> restart(vm, false);
                case FORCE_RESTART -> restart(vm, true);
                case PAUSE -> VirtApi.pause(vm);
                case UNPAUSE -> VirtApi.unpause(vm);
            }
        } finally {
            sync(vm);
        }
    }

    /**
     * Never boots a VM whose inserted media is not there (held while it imports, refused when it failed), nor asks
     * virt-api to start while the old instance still terminates (held until it is gone, S3).
     */
    private void startOrHold(SimulatedVm vm) {
        if (vm.heldStart) {
            return; // a second On while held
        }
        refuseFailedMedia(vm);
        SimulatedInstance vmi = vm.liveInstance();
        if (vm.media().phase() == MediaState.Phase.IMPORTING || (vmi != null && vmi.deleting)) {
            hold(vm);
        } else {
            start(vm);
        }
    }

    /**
     * virt-api answers 409 to a start of a VM that has a live VMI ("VM is already running") or runs Always/Once
     * ("does not support manual start requests"): it is starting or running already, a success; an instance that
     * is going away holds the start instead.
     */
    private void start(SimulatedVm vm) {
        try {
            VirtApi.start(vm);
        } catch (GatewayException.Conflict e) {
            SimulatedInstance vmi = vm.liveInstance();
            if (vmi != null && vmi.deleting) {
                hold(vm);
            } else if (vmi == null && !VmStatus.setToRun(vm.runStrategy)) {
                throw e;
            }
        }
    }

    private static void refuseFailedMedia(SimulatedVm vm) {
        MediaState media = vm.media();
        if (media.phase() == MediaState.Phase.FAILED) {
            throw new GatewayException.Conflict("virtual media of " + vm.seed.id() + " failed to import ("
                    + media.message() + "); insert it again or eject it before powering on");
        }
    }

    /** Holds a power-on; it waits for the VM's current live instance, if any, to be gone. */
    private static void hold(SimulatedVm vm) {
        if (!vm.heldStart) {
            vm.heldStart = true;
            SimulatedInstance vmi = vm.liveInstance();
            vm.heldFor = vmi == null ? null : vmi.uid;
            LOG.info(() -> "power-on of " + vm.seed.id() + " held until no instance is going away and its media is"
                    + " imported");
        }
    }

    /**
     * Drops a held power-on, then stops; a VM that reads Off is stopped already (S2). virt-api's 409 "VM is not
     * running", and "... shorter graceperiod" to a second stop of an instance already going away, are successes.
     */
    private void stop(SimulatedVm vm, boolean forced) {
        vm.heldStart = false;
        if (VmStatus.powerState(vm) == PowerState.Off) {
            return;
        }
        try {
            VirtApi.stop(vm, forced);
        } catch (GatewayException.Conflict e) {
            SimulatedInstance vmi = vm.liveInstance();
            boolean notRunning = e.getMessage().endsWith("VM is not running");
            boolean stopping = e.getMessage().contains("shorter graceperiod") && vmi != null && vmi.deleting;
            if (!notRunning && !stopping) {
                throw e;
            }
        }
    }

    /**
     * A restart of a VM without a live instance is a power-on, of one whose instance is going away a held power-on
     * (S3); while the media imports, or when virt-api refuses restarts for the run strategy (Halted, Once), the
     * instance is stopped and the power-on held until it is gone.
     */
    private void restart(SimulatedVm vm, boolean forced) {
        SimulatedInstance vmi = vm.liveInstance();
        if (vmi == null) {
            startOrHold(vm);
        } else if (vmi.deleting) {
            refuseFailedMedia(vm);
            hold(vm);
        } else if (vm.media().phase() == MediaState.Phase.IMPORTING) {
            stop(vm, forced);
            hold(vm);
        } else {
            try {
                VirtApi.restart(vm, forced);
            } catch (GatewayException.Conflict e) {
                if (!e.getMessage().endsWith("does not support manual restart requests")) {
                    throw e;
                }
                refuseFailedMedia(vm);
                stop(vm, forced);
                hold(vm);
            }
        }
    }

    @Override
    public VirtualMachine setBootOverride(VmId id, BootOverride override) {
        return changingWith(() -> {
            SimulatedVm vm = get(id);
            if (override.target() != BootSource.None && !vm.bootableSources().contains(override.target())) {
                throw new GatewayException.BadRequest("the virtual machine has no device for " + override.target(),
                        "BootSourceOverrideTarget", override.target().name());
            }
            vm.boot = override;
            changed(id);
            return vm.snapshot();
        });
    }

    @Override
    public synchronized Firmware firmware(VmId id) {
        return get(id).firmware();
    }

    /** As the fabric8 gateway writes it: {@code efi.secureBoot}, and SMM on with secure boot on. */
    @Override
    public Firmware setSecureBoot(VmId id, boolean enabled) {
        return changingWith(() -> {
            SimulatedVm vm = get(id);
            if (enabled && vm.boot.mode() != BootMode.UEFI) {
                throw new GatewayException.Conflict("secure boot needs UEFI; the virtual machine boots Legacy (BIOS)");
            }
            vm.secureBoot = enabled;
            vm.smm |= enabled;
            changed(id);
            return vm.firmware();
        });
    }

    /** The same image again is a no-op unless its import failed (then a new DataVolume imports it again). */
    @Override
    public void insertMedia(VmId id, MediaInsert media) {
        changing(() -> insertLocked(get(id), media));
    }

    private void insertLocked(SimulatedVm vm, MediaInsert media) {
        MediaState current = vm.media();
        if (current.inserted() && current.phase() != MediaState.Phase.FAILED) {
            if (media.image().toString().equals(current.image())) {
                return;
            }
            throw new GatewayException.Conflict("another image is inserted; eject it first");
        }
        SimulatedDataVolume dv = new SimulatedDataVolume(vm.seed.id().name() + "-virtual-media", media.image(),
                media.writeProtected());
        vm.dataVolume = dv;
        importLater(vm, dv);
        sync(vm);
    }

    @Override
    public void ejectMedia(VmId id) {
        changing(() -> {
            SimulatedVm vm = get(id);
            vm.dataVolume = null;
            sync(vm); // a held power-on no longer waits for anything: it boots, as KubeVirt would, without the CD
        });
    }

    @Override
    public void onMediaImport(MediaImportListener listener) {
        importListeners.add(listener);
    }

    @Override
    public boolean isReady() {
        return !clock.isShutdown();
    }

    /** One process, in memory: the write versions live here, as the VMs do. */
    private final Map<VmId, Long> writeVersions = new java.util.HashMap<>();

    @Override
    public synchronized String writeVersion(VmId id) {
        return Long.toString(writeVersions.getOrDefault(id, 0L));
    }

    @Override
    public synchronized void claimWrite(VmId id, String expected) {
        String current = writeVersion(id);
        if (expected != null && !expected.equals(current)) {
            throw new GatewayException.PreconditionFailed("virtual machine " + id + " was written meanwhile");
        }
        writeVersions.merge(id, 1L, Long::sum);
    }

    @Override
    public void close() {
        clock.shutdownNow();
    }

    // ------------------------------------------------------------ the held power-on and virt-controller

    /** After every change: the gateway's reconciler, then virt-controller. */
    private void sync(SimulatedVm vm) {
        reconcileInstance(vm);
        if (vm.heldStart) {
            releaseHeldStart(vm);
            reconcileInstance(vm);
        }
        advanceInstance(vm);
        changed(vm.seed.id());
    }

    /** A held power-on is issued once no instance is going away and the media is not importing; dropped if it failed. */
    private void releaseHeldStart(SimulatedVm vm) {
        if (!vm.heldStart) {
            return;
        }
        MediaState media = vm.media();
        SimulatedInstance vmi = vm.liveInstance();
        boolean awaited = vmi != null && (vmi.deleting || vmi.uid.equals(vm.heldFor));
        if (media.phase() == MediaState.Phase.IMPORTING || awaited) {
            return;
        }
        vm.heldStart = false;
        if (media.phase() == MediaState.Phase.FAILED) {
            LOG.warning(() -> "virtual media import for " + vm.seed.id() + " failed (" + media.message()
                    + "): the held power-on is dropped, the VM stays off");
        } else if (vmi == null) {
            start(vm);
            LOG.info(() -> "held power-on of " + vm.seed.id() + " issued");
        }
    }

    /**
     * KubeVirt v1.9.0 pkg/virt-controller/watch/vm/vm.go (syncRunStrategy with isSetToStart, and the
     * stateChangeRequests): a Stop request for the live VMI, or a VM no longer set to start, deletes the VMI; a VM
     * set to start, or with a Start request first, without a live VMI gets a new one.
     */
    private void reconcileInstance(SimulatedVm vm) {
        SimulatedInstance vmi = vm.liveInstance();
        StateChangeRequest first = vm.requests.isEmpty() ? null : vm.requests.get(0);
        if (first != null && first.action() == StateChangeRequest.Action.Stop) {
            if (vmi != null && vmi.uid.equals(first.uid())) {
                if (!vmi.deleting) {
                    delete(vm, vmi);
                }
                rescheduleDeletion(vm, vmi);
                return;
            }
            vm.requests = vm.requests.subList(1, vm.requests.size());
            first = vm.requests.isEmpty() ? null : vm.requests.get(0);
        }
        if (vmi != null) {
            if (!vmi.deleting && !PrintableStatusRules.isSetToStart(vm.view())) {
                delete(vm, vmi);
            }
            rescheduleDeletion(vm, vmi);
            return;
        }
        boolean startRequested = first != null && first.action() == StateChangeRequest.Action.Start;
        if (startRequested || (PrintableStatusRules.isSetToStart(vm.view()) && vm.requests.isEmpty())) {
            if (startRequested) {
                vm.requests = vm.requests.subList(1, vm.requests.size());
            }
            createInstance(vm);
        }
    }

    /** A new VMI (new uid) boots the device decided now; a Once override is used by it. */
    private void createInstance(SimulatedVm vm) {
        SimulatedInstance vmi = vm.newInstance();
        vm.instance = vmi;
        if (vm.boot.enabled() == BootOverrideEnabled.Once) {
            vm.boot = BootOverride.none(vm.boot.mode());
        }
        LOG.fine(() -> vm.seed.id() + ": instance " + vmi.uid + " boots from " + vmi.bootDevice);
    }

    /**
     * The start's phases ({@link StartSequence#PHASES}), one status step apart; a VMI stays Pending while its
     * DataVolumes are not ready for the pod ({@link StartSequence#podCanStart}).
     */
    private void advanceInstance(SimulatedVm vm) {
        SimulatedInstance vmi = vm.liveInstance();
        if (vmi == null || vmi.deleting || vmi.phase == VmiPhase.Running || vmi.stepScheduled
                || (vmi.phase == VmiPhase.Pending && !StartSequence.podCanStart(vm.view()))) {
            return;
        }
        vmi.stepScheduled = true;
        later(timings.kubevirt().statusStep(), vm, () -> {
            vmi.stepScheduled = false;
            int next = StartSequence.PHASES.indexOf(vmi.phase) + 1;
            if (vm.instance == vmi && vmi.live() && !vmi.deleting && next > 0 && next < StartSequence.PHASES.size()) {
                vmi.phase = StartSequence.PHASES.get(next);
            }
        });
    }

    /** The VMI gets its deletionTimestamp: it is gone when its grace period (and the pod teardown) ends. */
    private void delete(SimulatedVm vm, SimulatedInstance vmi) {
        vmi.deleting = true;
        vmi.deletionGrace = vmi.gracePeriodSeconds;
        vmi.deletionDue = System.nanoTime() + timings.stop(vmi.gracePeriodSeconds).toNanos();
        scheduleDeletion(vm, vmi);
    }

    /** A grace period shortened during the deletion (a forced stop) brings its end forward. */
    private void rescheduleDeletion(SimulatedVm vm, SimulatedInstance vmi) {
        if (vmi.deleting && !java.util.Objects.equals(vmi.deletionGrace, vmi.gracePeriodSeconds)) {
            vmi.deletionGrace = vmi.gracePeriodSeconds;
            vmi.deletionDue = Math.min(vmi.deletionDue,
                    System.nanoTime() + timings.stop(vmi.gracePeriodSeconds).toNanos());
            scheduleDeletion(vm, vmi);
        }
    }

    private void scheduleDeletion(SimulatedVm vm, SimulatedInstance vmi) {
        later(Duration.ofNanos(Math.max(0, vmi.deletionDue - System.nanoTime())), vm, () -> {
            if (vm.instance == vmi && vmi.deleting && System.nanoTime() - vmi.deletionDue >= 0) {
                gone(vm, vmi);
            }
        });
    }

    /**
     * The VMI object goes. Under RerunOnFailure a stopped VMI is left Succeeded instead, so that it is not rerun
     * (isSetToStart: RerunOnFailure restarts only a VMI that is missing or not Succeeded).
     */
    private static void gone(SimulatedVm vm, SimulatedInstance vmi) {
        if (vm.runStrategy == RunStrategy.RerunOnFailure) {
            vmi.phase = VmiPhase.Succeeded;
        } else {
            vm.instance = null;
        }
    }

    // ------------------------------------------------------------ CDI

    /**
     * CDI's statuses for this import ({@link org.kubevirtredfish.kubevirt.model.CdiImport#statuses}) spread over the
     * import time; a failing import ends with the importer's first failure, then a few restarts, importTime apart.
     */
    private void importLater(SimulatedVm vm, SimulatedDataVolume dv) {
        List<DataVolumeStatus> statuses = dv.statuses();
        Duration step = timings.importTime().dividedBy(statuses.size() - 1);
        for (int i = 1; i < statuses.size(); i++) {
            DataVolumeStatus status = statuses.get(i);
            cdiStep(vm, dv, step.multipliedBy(i), () -> dv.status = status);
        }
        if (!"Succeeded".equals(statuses.get(statuses.size() - 1).phase())) {
            for (int restart = 2; restart <= 1 + REPLAYED_RESTARTS; restart++) {
                int count = restart;
                cdiStep(vm, dv, timings.importTime().multipliedBy(restart), () -> dv.status = dv.retry(count));
            }
        }
    }

    private void cdiStep(SimulatedVm vm, SimulatedDataVolume dv, Duration delay, Runnable step) {
        later(delay, vm, () -> {
            if (vm.dataVolume == dv) {
                step.run();
                reportImportEnd(vm, dv);
            }
        });
    }

    /** Once per DataVolume, when it is READY or FAILED. */
    private void reportImportEnd(SimulatedVm vm, SimulatedDataVolume dv) {
        MediaState.Phase phase = dv.media().phase();
        if (!dv.endReported && (phase == MediaState.Phase.READY || phase == MediaState.Phase.FAILED)) {
            dv.endReported = true;
            Duration took = Duration.between(dv.created, Instant.now());
            importListeners.forEach(l -> l.imported(vm.seed.id(), took, phase == MediaState.Phase.READY));
        }
    }

    /** A step of the cluster, run later under this gateway's lock, followed by a {@link #sync}. */
    private void later(Duration delay, SimulatedVm vm, Runnable step) {
        if (clock.isShutdown()) {
            return;
        }
        clock.schedule(() -> changing(() -> {
            step.run();
            sync(vm);
        }), delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private SimulatedVm get(VmId id) {
        SimulatedVm vm = vms.get(id);
        if (vm == null) {
            throw new GatewayException.NotFound(id);
        }
        return vm;
    }
}
