package org.kubevirtredfish.kubevirt.model;

import java.util.List;
import java.util.Optional;

/** How KubeVirt v1.9.0 reads a DataVolume (pkg/storage/types/dv.go). */
public final class DataVolumeRules {

    static final String DV_GO = Upstream.KUBEVIRT + " pkg/storage/types/dv.go";

    private DataVolumeRules() {
    }

    /** {@code DataVolumeFailed}: phase Failed. */
    public static boolean failed(DataVolumeView dv) {
        return "Failed".equals(dv.phase());
    }

    /**
     * {@code HasDataVolumeErrors} for one DataVolume: phase Failed, or condition Running=False with reason Error or
     * ImagePullFailed (an importer that keeps failing while the phase stays ImportScheduled/ImportInProgress).
     *
     * @return KubeVirt's error text, empty when KubeVirt sees no error
     */
    public static Optional<String> error(DataVolumeView dv) {
        if (failed(dv)) {
            return Optional.of("DataVolume " + dv.name() + " is in Failed phase");
        }
        return Condition.find(dv.conditions(), "Running")
                .filter(c -> "False".equals(c.status()) && ("Error".equals(c.reason()) || "ImagePullFailed".equals(c.reason())))
                .map(c -> "DataVolume " + dv.name() + " importer has stopped running due to an error: " + c.message());
    }

    /** {@code HasDataVolumeErrors}: the first error of these DataVolumes. */
    public static Optional<String> error(List<DataVolumeView> dvs) {
        return dvs.stream().map(DataVolumeRules::error).flatMap(Optional::stream).findFirst();
    }

    /**
     * {@code HasDataVolumeProvisioning} for one DataVolume: not Succeeded nor PendingPopulation, and either Bound=True
     * or not WaitForFirstConsumer (an unbound WFFC DataVolume is not provisioning).
     */
    public static boolean provisioning(DataVolumeView dv) {
        if ("Succeeded".equals(dv.phase()) || "PendingPopulation".equals(dv.phase())) {
            return false;
        }
        boolean bound = Condition.has(dv.conditions(), "Bound", "True");
        return bound || !"WaitForFirstConsumer".equals(dv.phase());
    }

    /**
     * Whether virt-controller creates the launcher pod of a VMI using this DataVolume: KubeVirt v1.9.0
     * pkg/virt-controller/watch/vmi/datavolumes.go, {@code areDataVolumesReady} via pkg/storage/types
     * {@code VolumeReadyToAttachToNode}: its PVC exists and the DataVolume is Succeeded or PendingPopulation, or
     * WaitForFirstConsumer (the pod is what binds it). A missing PVC makes the VMI's Synchronized condition False
     * with reason FailedPvcNotFound instead.
     */
    public static boolean readyForPod(DataVolumeView dv) {
        return "Succeeded".equals(dv.phase()) || "PendingPopulation".equals(dv.phase())
                || "WaitForFirstConsumer".equals(dv.phase());
    }
}
