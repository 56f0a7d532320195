package org.kubevirtredfish.kubevirt.model;

import java.util.List;

/**
 * One write of a DataVolume's {@code status} by CDI: phase, progress, restartCount (the importer pod's container
 * restarts, CDI v1.66.0 pkg/controller/datavolume/controller-base.go from the PVC annotation
 * cdi.kubevirt.io/storage.pod.restarts) and conditions (Bound, Ready, Running in that order).
 */
public record DataVolumeStatus(String phase, String progress, int restartCount, List<Condition> conditions) {

    public DataVolumeStatus {
        conditions = List.copyOf(conditions);
    }

    /** What KubeVirt reads of a DataVolume of this name in this status. */
    public DataVolumeView view(String name) {
        return new DataVolumeView(name, phase, conditions);
    }
}
