package org.kubevirtredfish.kubevirt.fabric8;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.kubevirtredfish.kubevirt.VmId;

/**
 * One lock per VM around every power change of this service: a Redfish power action and the reconciler's release of
 * a held power-on. Without it a stop could drop a hold while the reconciler, working from its older copy of the VM,
 * issues the held start a moment later, and the VM would boot after the installer was told it is off.
 */
final class PowerLocks {

    private final Map<VmId, ReentrantLock> locks = new ConcurrentHashMap<>();

    <T> T with(VmId id, Supplier<T> change) {
        ReentrantLock lock = locks.computeIfAbsent(id, k -> new ReentrantLock());
        lock.lock();
        try {
            return change.get();
        } finally {
            lock.unlock();
        }
    }

    void with(VmId id, Runnable change) {
        with(id, () -> {
            change.run();
            return null;
        });
    }
}
