package org.kubevirtredfish.resource;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.kubevirtredfish.kubevirt.VmId;

/**
 * Every Redfish write to a VM (PATCH of its ComputerSystem, Reset, InsertMedia, EjectMedia) runs under one lock per
 * VM, and its If-Match is checked under that lock against a representation read under it; so of several writers
 * holding the same ETag exactly one gets through. Each write also moves the VM's write generation, which is part of
 * the ETags of its ComputerSystem and VirtualMedia: the winner's change invalidates the other writers' ETag even
 * where the representation has not changed yet (a power action shows in KubeVirt's status only later, and the
 * backend=kubernetes gateway reads the VM from its informer) or would not change at all.
 *
 * <p>The generation lives in this process only (a random epoch per start keeps an ETag of an earlier run from
 * matching); the service runs as one replica, as its in-memory sessions require.
 */
@ApplicationScoped
public class SystemWrites {

    private final String epoch = UUID.randomUUID().toString();
    private final Map<VmId, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final Map<VmId, AtomicLong> generations = new ConcurrentHashMap<>();

    /** The part of the VM's ETags that changes with each write through this service. */
    String version(VmId id) {
        AtomicLong g = generations.get(id);
        return epoch + '/' + (g == null ? 0 : g.get()) + '/';
    }

    /**
     * Runs {@code work} under the VM's lock: it reads the VM, checks the If-Match against what it read and calls
     * {@link #write} for its change, so no other writer of this service acts between its check and its write.
     */
    <T> T locked(VmId id, Supplier<T> work) {
        ReentrantLock lock = locks.computeIfAbsent(id, k -> new ReentrantLock());
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    /**
     * A change of the VM, made by a {@link #locked} work after its If-Match check; the write generation moves
     * whether it succeeded or not (it may have changed the VM before it failed).
     */
    void write(VmId id, Runnable change) {
        try {
            change.run();
        } finally {
            generations.computeIfAbsent(id, k -> new AtomicLong()).incrementAndGet();
        }
    }
}
