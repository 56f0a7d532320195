package org.kubevirtredfish.kubevirt.model;

import java.util.List;

/**
 * What KubeVirt reads of a DataVolume referenced by a VM volume: its name, {@code status.phase} (may be null or
 * empty before CDI wrote one) and {@code status.conditions}.
 */
public record DataVolumeView(String name, String phase, List<Condition> conditions) {

    public DataVolumeView {
        conditions = List.copyOf(conditions);
    }

    public DataVolumeView(String name, String phase, Condition... conditions) {
        this(name, phase, List.of(conditions));
    }
}
