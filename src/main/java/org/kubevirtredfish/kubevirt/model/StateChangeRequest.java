package org.kubevirtredfish.kubevirt.model;

/**
 * One entry of a VM's {@code status.stateChangeRequests}; KubeVirt v1.9.0 staging/src/kubevirt.io/api/core/v1/types.go,
 * VirtualMachineStateChangeRequest. {@code uid} is the VMI a Stop request is for (null for Start).
 */
public record StateChangeRequest(Action action, String uid) {

    public enum Action {
        Start, Stop
    }

    public static StateChangeRequest start() {
        return new StateChangeRequest(Action.Start, null);
    }

    public static StateChangeRequest stop(String vmiUid) {
        return new StateChangeRequest(Action.Stop, vmiUid);
    }
}
