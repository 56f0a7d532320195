package org.kubevirtredfish.kubevirt;

/**
 * Told that something about a VM may have changed (its VM, instance or media objects moved on); the listener reads
 * the new state with {@link KubeVirtGateway#find}. Called on the gateway's own threads, sometimes under its locks:
 * a listener only takes note and returns.
 */
@FunctionalInterface
public interface VmChangeListener {

    void changed(VmId vm);
}
