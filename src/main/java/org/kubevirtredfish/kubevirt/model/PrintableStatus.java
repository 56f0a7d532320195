package org.kubevirtredfish.kubevirt.model;

/**
 * The 17 values of a VM's {@code status.printableStatus}; KubeVirt v1.9.0
 * staging/src/kubevirt.io/api/core/v1/types.go, VirtualMachinePrintableStatus. The constant names are the API
 * strings.
 */
public enum PrintableStatus {
    Stopped, Provisioning, Starting, Running, Paused, Stopping, Terminating, CrashLoopBackOff, Migrating, Unknown,
    ErrorUnschedulable, ErrImagePull, ImagePullBackOff, ErrorPvcNotFound, DataVolumeError, WaitingForVolumeBinding,
    WaitingForReceiver
}
