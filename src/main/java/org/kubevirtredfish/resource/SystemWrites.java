package org.kubevirtredfish.resource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.kubevirtredfish.kubevirt.GatewayException;
import org.kubevirtredfish.kubevirt.KubeVirtGateway;
import org.kubevirtredfish.kubevirt.VmId;
import org.kubevirtredfish.message.BaseMessage;
import org.kubevirtredfish.message.RedfishException;

/**
 * Every Redfish write to a VM (PATCH of its ComputerSystem, Reset, InsertMedia, EjectMedia) first claims the write
 * with the gateway ({@link KubeVirtGateway#claimWrite}), which moves the VM's write version, kept with the VM in the
 * cluster; that version is part of the ETags of its ComputerSystem and VirtualMedia. So the winner's change
 * invalidates the other writers' ETag even where the representation has not changed yet (a power action shows in
 * KubeVirt's status only later) or would not change at all, on every replica alike; and a write with If-Match claims
 * only while the version is still the one the client's ETag was made of: of several writers holding the same ETag,
 * on one replica or several, exactly one gets through, the others get 412.
 *
 * <p>Within one replica the writes of a VM also run one at a time ({@link #locked}): a PATCH without If-Match
 * changes part of the boot override on top of what it read, and two of them in one process must not lose each
 * other's part. That lock orders, it does not decide: the claim does, across replicas.
 */
@ApplicationScoped
public class SystemWrites {

    @Inject
    KubeVirtGateway gateway;

    private final Map<VmId, ReentrantLock> locks = new ConcurrentHashMap<>();

    /** Runs {@code work} (read, If-Match check, {@link #write}) as the only write of the VM in this replica. */
    <T> T locked(VmId id, Supplier<T> work) {
        ReentrantLock lock = locks.computeIfAbsent(id, k -> new ReentrantLock());
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    /** The part of the VM's ETags that changes with each write through any replica. */
    String version(VmId id) {
        return gateway.writeVersion(id);
    }

    /**
     * Claims the write, then makes the change. {@code checked} is the representation the If-Match was checked
     * against: the claim holds only while the VM's write version is still the one it was made of.
     */
    void write(VmId id, Representation checked, String ifMatch, Runnable change) {
        boolean conditional = ifMatch != null && !ifMatch.isBlank() && !ifMatch.trim().equals("*");
        try {
            gateway.claimWrite(id, conditional ? checked.version() : null);
        } catch (GatewayException.PreconditionFailed e) {
            throw RedfishException.of(BaseMessage.PreconditionFailed);
        }
        change.run();
    }
}
