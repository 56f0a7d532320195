package org.kubevirtredfish.kubevirt;

/**
 * Told that a VM may have changed ({@link KubeVirtGateway#onChange}); the listener reads what it needs again from the
 * gateway ({@link KubeVirtGateway#find}, {@link KubeVirtGateway#labels}). Called on the gateway's own threads, holding
 * none of its locks: a listener may read the gateway back, and returns soon, since it holds up the gateway's next
 * notifications.
 */
@FunctionalInterface
public interface VmChangeListener {

    void changed(VmId vm);
}
