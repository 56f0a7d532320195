package org.kubevirtredfish.kubevirt.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.kubevirtredfish.kubevirt.BootOverride;
import org.kubevirtredfish.kubevirt.BootOverrideEnabled;
import org.kubevirtredfish.kubevirt.BootSource;
import org.kubevirtredfish.kubevirt.GatewayException;
import org.kubevirtredfish.kubevirt.KubeVirtGateway;
import org.kubevirtredfish.kubevirt.MediaImportListener;
import org.kubevirtredfish.kubevirt.MediaInsert;
import org.kubevirtredfish.kubevirt.MediaState;
import org.kubevirtredfish.kubevirt.PowerAction;
import org.kubevirtredfish.kubevirt.PowerState;
import org.kubevirtredfish.kubevirt.VirtualMachine;
import org.kubevirtredfish.kubevirt.VmId;

/**
 * The in-memory KubeVirt: per VM what a cluster holds ({@link SimulatedVm}), virt-api's lifecycle answers
 * ({@link VirtApi}), a virt-controller and a CDI that move it on a clock ({@link SimulatorTimings}), and on top the
 * same gateway rules as the fabric8 gateway (S1-S5 of issue 8): a power-on is held while the old instance terminates
 * or the media imports and issued once both are done; a stop of a VM that reads Off succeeds; an importer error reads
 * FAILED at once and drops the held power-on; a Once override is used by the next new instance.
 * Images on a host under {@code .invalid} or under the path {@code /fail/} fail to import, as CDI's importer does on
 * an unresolvable host or an HTTP error.
 */
public final class SimulatedKubeVirt implements KubeVirtGateway, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SimulatedKubeVirt.class.getName());
    /** Importer restarts replayed after the first failure (kubelet backs off; CDI keeps counting). */
    private static final int REPLAYED_RESTARTS = 3;

    private final Map<VmId, SimulatedVm> vms = new TreeMap<>();
    private final ScheduledExecutorService clock;
    private final SimulatorTimings timings;
    private final VirtApi virtApi;
    private final List<MediaImportListener> importListeners = new CopyOnWriteArrayList<>();

    public SimulatedKubeVirt(List<VmSeed> seeds, Duration transition, Duration importTime) {
        this(seeds, SimulatorTimings.of(transition, importTime));
    }

    public SimulatedKubeVirt(List<VmSeed> seeds, SimulatorTimings timings) {
        this.timings = timings;
        this.virtApi = new VirtApi(timings);
        this.clock = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kubevirt-simulator");
            t.setDaemon(true);
            return t;
        });
        synchronized (this) {
            for (VmSeed seed : seeds) {
                SimulatedVm vm = new SimulatedVm(seed);
                vms.put(seed.id(), vm);
                if (seed.running()) {
                    SimulatedInstance vmi = new SimulatedInstance(vm.firstBootDevice());
                    vmi.phase = SimulatedInstance.Phase.Running;
                    vm.instance = vmi;
                }
            }
        }
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
    public synchronized void power(VmId id, PowerAction action) {
        SimulatedVm vm = get(id);
        switch (action) {
            case START -> startOrHold(vm);
            case STOP -> stop(vm, false);
            case FORCE_STOP -> stop(vm, true);
            case RESTART -> restart(vm, false);
            case FORCE_RESTART -> restart(vm, true);
            case PAUSE -> virtApi.pause(vm);
            case UNPAUSE -> virtApi.unpause(vm);
        }
        sync(vm);
    }

    /**
     * Never boots a VM whose inserted media is not there, nor asks virt-api to start while the old instance is still
     * terminating (it would answer 409 "VM is already running"): both are held (S3). A failed import refuses it.
     */
    private void startOrHold(SimulatedVm vm) {
        if (vm.heldStart) {
            return; // a second On while held
        }
        MediaState media = vm.media();
        if (media.phase() == MediaState.Phase.FAILED) {
            throw new GatewayException.Conflict("virtual media of " + vm.seed.id() + " failed to import ("
                    + media.message() + "); insert it again or eject it before powering on");
        }
        SimulatedInstance vmi = vm.liveInstance();
        if (media.phase() == MediaState.Phase.IMPORTING || (vmi != null && vmi.markedForDeletion)) {
            hold(vm);
        } else if (vmi == null) {
            virtApi.start(vm);
        }
        // else: an instance runs already; there is nothing to start
    }

    private void hold(SimulatedVm vm) {
        vm.heldStart = true;
        LOG.info(() -> "power-on of " + vm.seed.id() + " held until its old instance is gone and its media imported");
    }

    /** S2: a VM that reads Off needs no stop; virt-api's "not running" to a stop means it is where it should be. */
    private void stop(SimulatedVm vm, boolean forced) {
        vm.heldStart = false;
        if (VmStatus.powerState(vm) == PowerState.Off) {
            return;
        }
        SimulatedInstance vmi = vm.liveInstance();
        if (vmi != null && vmi.markedForDeletion && !forced) {
            return; // already going down with at least the grace period a graceful stop asks for
        }
        try {
            virtApi.stop(vm, forced);
        } catch (GatewayException.Conflict notRunning) {
            if (vm.liveInstance() != null) {
                throw notRunning;
            }
        }
        scheduleDeletion(vm);
    }

    /**
     * A restart of a VM without an instance is a power-on, as on a real server; during the old instance's termination
     * it is a held power-on (a forced one also shortens the termination); while the media imports the instance stops
     * and the power-on waits for the image.
     */
    private void restart(SimulatedVm vm, boolean forced) {
        SimulatedInstance vmi = vm.liveInstance();
        if (vmi == null) {
            startOrHold(vm);
        } else if (vmi.markedForDeletion) {
            if (forced && !vmi.forcedGrace) {
                virtApi.stop(vm, true);
                scheduleDeletion(vm);
            }
            hold(vm);
        } else if (vm.media().phase() == MediaState.Phase.IMPORTING) {
            stop(vm, forced);
            hold(vm);
        } else {
            virtApi.restart(vm, forced);
            scheduleDeletion(vm);
        }
    }

    @Override
    public synchronized VirtualMachine setBootOverride(VmId id, BootOverride override) {
        SimulatedVm vm = get(id);
        if (override.target() != BootSource.None && !vm.bootableSources().contains(override.target())) {
            throw new GatewayException.BadRequest("the virtual machine has no device for " + override.target(),
                    "BootSourceOverrideTarget", override.target().name());
        }
        vm.boot = override;
        return vm.snapshot();
    }

    /** The same image again is a no-op unless its import failed (then a new DataVolume imports it again). */
    @Override
    public synchronized void insertMedia(VmId id, MediaInsert media) {
        SimulatedVm vm = get(id);
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
    }

    @Override
    public synchronized void ejectMedia(VmId id) {
        SimulatedVm vm = get(id);
        vm.dataVolume = null;
        sync(vm); // a held power-on no longer waits for anything: it boots, as KubeVirt would, without the CD
    }

    @Override
    public void onMediaImport(MediaImportListener listener) {
        importListeners.add(listener);
    }

    @Override
    public boolean isReady() {
        return !clock.isShutdown();
    }

    @Override
    public void close() {
        clock.shutdownNow();
    }

    // ------------------------------------------------------------ virt-controller and the held power-on

    /**
     * After every change: what virt-controller does (KubeVirt v1.9.0 pkg/virt-controller/watch/vm/vm.go: a VM set to
     * run, or with a start request, and no live instance gets a new one once its DataVolumes are ready, startVMI /
     * handleDataVolumes) and what the gateway's reconciler does with a held power-on.
     */
    private void sync(SimulatedVm vm) {
        releaseHeldStart(vm);
        if (vm.liveInstance() == null && (RunStrategy.setToRun(vm.effectiveRunStrategy()) || vm.startRequested)
                && dataVolumesReady(vm)) {
            vm.startRequested = false;
            createInstance(vm);
        }
    }

    private void releaseHeldStart(SimulatedVm vm) {
        if (!vm.heldStart) {
            return;
        }
        MediaState media = vm.media();
        SimulatedInstance vmi = vm.liveInstance();
        if (media.phase() == MediaState.Phase.IMPORTING || (vmi != null && vmi.markedForDeletion)) {
            return;
        }
        vm.heldStart = false;
        if (media.phase() == MediaState.Phase.FAILED) {
            LOG.warning(() -> "virtual media import for " + vm.seed.id() + " failed (" + media.message()
                    + "): the held power-on is dropped, the VM stays off");
        } else if (vmi == null && !RunStrategy.setToRun(vm.effectiveRunStrategy()) && !vm.startRequested) {
            virtApi.start(vm);
            LOG.info(() -> "held power-on of " + vm.seed.id() + " issued");
        }
    }

    private static boolean dataVolumesReady(SimulatedVm vm) {
        return vm.dataVolume == null || "Succeeded".equals(vm.dataVolume.phase);
    }

    /** A new VMI (new uid) boots the device decided now; a Once override is used by it. */
    private void createInstance(SimulatedVm vm) {
        SimulatedInstance vmi = new SimulatedInstance(vm.firstBootDevice());
        vm.instance = vmi;
        if (vm.boot.enabled() == BootOverrideEnabled.Once) {
            vm.boot = BootOverride.none(vm.boot.mode());
        }
        LOG.fine(() -> vm.seed.id() + ": instance " + vmi.uid + " boots from " + vmi.bootDevice);
        later(timings.start(), vm, () -> {
            if (vm.instance == vmi && vmi.phase == SimulatedInstance.Phase.Scheduling) {
                vmi.phase = SimulatedInstance.Phase.Running;
            }
        });
    }

    /** The instance marked for deletion is gone when its grace period ends (a shorter one reschedules it). */
    private void scheduleDeletion(SimulatedVm vm) {
        SimulatedInstance vmi = vm.liveInstance();
        if (vmi == null || !vmi.markedForDeletion) {
            return;
        }
        later(VirtApi.untilDeleted(vmi), vm, () -> {
            if (vm.instance == vmi && System.nanoTime() - vmi.deletionDue >= 0) {
                vm.instance = null;
            }
        });
    }

    // ------------------------------------------------------------ CDI

    /**
     * The import's steps, a quarter of the import time apart: ImportScheduled (PVC bound), ImportInProgress (importer
     * running), then Succeeded; or, for a failing image, the importer's first failure: condition Running=False reason
     * Error with its termination message, restart count 1, phase unchanged; later restarts only count up.
     */
    private void importLater(SimulatedVm vm, SimulatedDataVolume dv) {
        Duration step = timings.importTime().dividedBy(4);
        boolean failing = SimulatedDataVolume.failing(dv.image);
        cdiStep(vm, dv, step, () -> {
            dv.phase = "ImportScheduled";
            dv.bound = new SimulatedDataVolume.Condition("True", "Bound", "PVC " + dv.name + " Bound");
        });
        cdiStep(vm, dv, step.multipliedBy(2), () -> {
            dv.phase = "ImportInProgress";
            dv.progress = "0.00%";
            dv.running = new SimulatedDataVolume.Condition("True", "Pod is running", "");
        });
        if (failing) {
            for (int restart = 1; restart <= 1 + REPLAYED_RESTARTS; restart++) {
                int count = restart;
                cdiStep(vm, dv, step.multipliedBy(2L + restart), () -> {
                    dv.running = new SimulatedDataVolume.Condition("False", "Error",
                            SimulatedDataVolume.importerFailure(dv.image));
                    dv.restartCount = count;
                });
            }
        } else {
            cdiStep(vm, dv, step.multipliedBy(3), () -> dv.progress = "47.25%");
            cdiStep(vm, dv, timings.importTime(), () -> {
                dv.phase = "Succeeded";
                dv.progress = "100.0%";
                dv.running = new SimulatedDataVolume.Condition("False", "Completed", "Import Complete");
            });
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
        clock.schedule(() -> {
            synchronized (this) {
                step.run();
                sync(vm);
            }
        }, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private SimulatedVm get(VmId id) {
        SimulatedVm vm = vms.get(id);
        if (vm == null) {
            throw new GatewayException.NotFound(id);
        }
        return vm;
    }
}
