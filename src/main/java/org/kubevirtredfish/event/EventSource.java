package org.kubevirtredfish.event;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.kubevirtredfish.kubevirt.ExposedSystem;
import org.kubevirtredfish.kubevirt.ExposedSystems;
import org.kubevirtredfish.kubevirt.KubeVirtGateway;
import org.kubevirtredfish.kubevirt.VirtualMachine;
import org.kubevirtredfish.kubevirt.VmId;

/**
 * Turns the gateway's change notifications ({@link KubeVirtGateway#onChange}, and the end of each media import) into
 * {@link SystemEvent}s: on its own thread it reads the VM again (from the gateway's cache), compares it with the last
 * snapshot it saw and publishes what changed. Notifications of one VM that pile up while a check runs are checked
 * once. A VM seen for the first time only sets the baseline.
 */
public final class EventSource implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EventSource.class.getName());

    private final KubeVirtGateway gateway;
    private final ExposedSystems exposed;
    private final Consumer<SystemEvent> publish;
    private final Map<VmId, VirtualMachine> seen = new ConcurrentHashMap<>();
    private final Set<VmId> pending = ConcurrentHashMap.newKeySet();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "redfish-event-source");
        t.setDaemon(true);
        return t;
    });

    public EventSource(KubeVirtGateway gateway, ExposedSystems exposed, Consumer<SystemEvent> publish) {
        this.gateway = gateway;
        this.exposed = exposed;
        this.publish = publish;
    }

    /** Takes the current state of every exposed system as the baseline, then listens. */
    public void start() {
        worker.execute(() -> {
            for (ExposedSystem system : exposed.all()) {
                gateway.find(system.vm()).ifPresent(vm -> seen.put(vm.id(), vm));
            }
        });
        gateway.onChange(this::changed);
        gateway.onMediaImport((vm, took, succeeded) -> changed(vm));
    }

    void changed(VmId id) {
        if (pending.add(id) && !worker.isShutdown()) {
            worker.execute(() -> check(id));
        }
    }

    private void check(VmId id) {
        pending.remove(id);
        try {
            Optional<VirtualMachine> now = gateway.find(id);
            if (now.isEmpty()) {
                seen.remove(id);
                return;
            }
            VirtualMachine before = seen.put(id, now.get());
            if (before == null) {
                return;
            }
            List<SystemChanges.Change> changes = SystemChanges.between(before, now.get());
            if (changes.isEmpty()) {
                return;
            }
            Optional<ExposedSystem> system = exposed.all().stream().filter(s -> s.vm().equals(id)).findFirst();
            if (system.isEmpty()) {
                return; // not exposed (no chassis selects it): nobody may hear of it
            }
            Instant at = Instant.now();
            for (SystemChanges.Change change : changes) {
                String origin = "/redfish/v1/Systems/" + system.get().id()
                        + (change.resourceType().equals(SystemChanges.VIRTUAL_MEDIA) ? SystemChanges.MEDIA_PATH : "");
                publish.accept(new SystemEvent(UUID.randomUUID().toString(), at, system.get().id(),
                        system.get().chassis(), change.resourceType(), origin, change.message(), change.args()));
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "events of " + id + " not derived", e);
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
