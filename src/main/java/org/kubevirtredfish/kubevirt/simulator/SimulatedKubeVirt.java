package org.kubevirtredfish.kubevirt.simulator;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
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
import org.kubevirtredfish.kubevirt.VirtualMachine;
import org.kubevirtredfish.kubevirt.VmId;

/**
 * The in-memory KubeVirt. Transitions take {@code transition} (a graceful shutdown one and a half times as
 * long, a forced one none), every boot creates a new instance whose boot device follows the override, and an
 * image "imports" in {@code importTime}; images on a host under {@code .invalid} or under the path {@code /fail/}
 * fail to import, as an unresolvable host or a broken image would. As on a cluster, a power-on waits for an import
 * that runs and is refused after one that failed.
 */
public final class SimulatedKubeVirt implements KubeVirtGateway, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SimulatedKubeVirt.class.getName());

    private final Map<VmId, SimulatedVm> vms = new TreeMap<>();
    private final ScheduledExecutorService clock;
    private final Duration transition;
    private final Duration importTime;
    private final List<MediaImportListener> importListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public SimulatedKubeVirt(List<VmSeed> seeds, Duration transition, Duration importTime) {
        this.transition = transition;
        this.importTime = importTime;
        this.clock = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kubevirt-simulator");
            t.setDaemon(true);
            return t;
        });
        for (VmSeed seed : seeds) {
            SimulatedVm vm = new SimulatedVm(seed);
            if (seed.running()) {
                boot(vm);
            }
            vms.put(seed.id(), vm);
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
            case START -> {
                if (vm.media.phase() == MediaState.Phase.FAILED) {
                    throw new GatewayException.Conflict("the virtual media failed to import; insert it again or eject it");
                }
                if (vm.instanceId == null && !vm.startPending && !"Starting".equals(vm.status)) {
                    cancelTransition(vm);
                    requestStart(vm);
                }
            }
            case STOP -> {
                if (vm.instanceId != null || vm.startPending || "Starting".equals(vm.status)) {
                    cancelTransition(vm);
                    vm.startPending = false;
                    vm.status = "Stopping";
                    transitionLater(vm, transition.multipliedBy(3).dividedBy(2), () -> halt(vm));
                }
            }
            case FORCE_STOP -> {
                cancelTransition(vm);
                vm.startPending = false;
                halt(vm);
            }
            case RESTART -> {
                cancelTransition(vm);
                vm.status = "Stopping";
                transitionLater(vm, transition, () -> {
                    halt(vm);
                    requestStart(vm);
                });
            }
            case FORCE_RESTART -> {
                cancelTransition(vm);
                halt(vm);
                requestStart(vm);
            }
            case PAUSE -> {
                requireRunning(vm, action);
                vm.status = "Paused";
            }
            case UNPAUSE -> {
                if (!"Paused".equals(vm.status)) {
                    throw new GatewayException.Conflict("the virtual machine is not paused");
                }
                vm.status = "Running";
            }
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

    @Override
    public synchronized void insertMedia(VmId id, MediaInsert media) {
        SimulatedVm vm = get(id);
        String image = media.image().toString();
        if (vm.media.inserted() && vm.media.phase() != MediaState.Phase.FAILED) {
            if (image.equals(vm.media.image())) {
                return;
            }
            throw new GatewayException.Conflict("another image is inserted; eject it first");
        }
        vm.importTicket++;
        vm.media = new MediaState(MediaState.Phase.IMPORTING, image, imageName(image), media.writeProtected(),
                "0%", "Import in progress");
        importLater(vm, media);
    }

    @Override
    public synchronized void ejectMedia(VmId id) {
        SimulatedVm vm = get(id);
        vm.importTicket++;
        if (vm.media.inserted()) {
            vm.media = MediaState.empty();
        }
        if (vm.startPending) {
            // the held power-on no longer waits for anything: boot as KubeVirt would, without the CD
            vm.startPending = false;
            requestStart(vm);
        }
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

    private void requestStart(SimulatedVm vm) {
        if (vm.media.phase() == MediaState.Phase.IMPORTING) {
            vm.startPending = true;
            vm.status = "Provisioning";
            return;
        }
        vm.status = "Starting";
        transitionLater(vm, transition, () -> boot(vm));
    }

    private void finishImport(SimulatedVm vm, MediaInsert media) {
        boolean failed = failing(media.image());
        importListeners.forEach(l -> l.imported(vm.seed.id(), importTime, !failed));
        String host = media.image().getHost() == null ? "" : media.image().getHost();
        if (failed) {
            vm.media = new MediaState(MediaState.Phase.FAILED, vm.media.image(), vm.media.imageName(),
                    vm.media.writeProtected(), null, "Unable to connect to http data source: no such host " + host);
            if (vm.startPending) {
                vm.startPending = false;
                vm.status = "Stopped";
                LOG.warning(() -> vm.seed.id() + ": media import failed, the held power-on is dropped");
            }
        } else {
            vm.media = new MediaState(MediaState.Phase.READY, vm.media.image(), vm.media.imageName(),
                    vm.media.writeProtected(), "100%", "Import complete");
            if (vm.startPending) {
                vm.startPending = false;
                requestStart(vm);
            }
        }
    }

    /** A new instance boots: its boot device is decided now, and a Once override is used up. */
    private void boot(SimulatedVm vm) {
        vm.instanceId = UUID.randomUUID().toString();
        vm.instanceBootDevice = vm.firstBootDevice();
        vm.status = "Running";
        if (vm.boot.enabled() == BootOverrideEnabled.Once) {
            vm.boot = BootOverride.none(vm.boot.mode());
        }
        LOG.fine(() -> vm.seed.id() + ": instance " + vm.instanceId + " boots from " + vm.instanceBootDevice);
    }

    private void halt(SimulatedVm vm) {
        vm.instanceId = null;
        vm.instanceBootDevice = null;
        vm.status = "Stopped";
    }

    private static void requireRunning(SimulatedVm vm, PowerAction action) {
        if (!"Running".equals(vm.status)) {
            throw new GatewayException.Conflict(action + " needs a running virtual machine");
        }
    }

    private static void cancelTransition(SimulatedVm vm) {
        vm.transitionTicket++;
    }

    /** The VM's next transition, run later under this gateway's lock unless another one replaced it meanwhile. */
    private void transitionLater(SimulatedVm vm, Duration delay, Runnable step) {
        long ticket = ++vm.transitionTicket;
        clock.schedule(() -> {
            synchronized (this) {
                if (vm.transitionTicket == ticket) {
                    step.run();
                }
            }
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void importLater(SimulatedVm vm, MediaInsert media) {
        long ticket = ++vm.importTicket;
        clock.schedule(() -> {
            synchronized (this) {
                if (vm.importTicket == ticket && vm.media.phase() == MediaState.Phase.IMPORTING) {
                    finishImport(vm, media);
                }
            }
        }, importTime.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static boolean failing(java.net.URI image) {
        String host = image.getHost() == null ? "" : image.getHost();
        return host.endsWith(".invalid") || (image.getPath() != null && image.getPath().startsWith("/fail/"));
    }

    private static String imageName(String image) {
        String path = image.replaceAll("[?#].*$", "");
        String name = path.substring(path.lastIndexOf('/') + 1);
        return name.isEmpty() ? null : name;
    }

    private SimulatedVm get(VmId id) {
        SimulatedVm vm = vms.get(id);
        if (vm == null) {
            throw new GatewayException.NotFound(id);
        }
        return vm;
    }
}
