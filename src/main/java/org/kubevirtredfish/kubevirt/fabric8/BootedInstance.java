package org.kubevirtredfish.kubevirt.fabric8;

import com.fasterxml.jackson.databind.JsonNode;
import org.kubevirtredfish.kubevirt.BootSource;

/**
 * A VMI as a Once boot override sees it: its uid, and the device it boots first according to its own spec, which
 * virt-controller copied from the VM template when it created the instance (KubeVirt v1.9.0
 * pkg/virt-controller/watch/vm/vm.go, setupVMIFromVM). An instance created just before the override was written
 * (the informer had not shown it yet) has a new uid but the old order: it did not use the override.
 *
 * @param uid         the VMI's uid, null when there is none
 * @param firstDevice the kind of device with the lowest bootOrder in the VMI's spec, null when unknown
 * @param kinds       the kinds of device the VMI has, null when unknown
 */
record BootedInstance(String uid, BootSource firstDevice, java.util.Set<BootSource> kinds) {

    static final BootedInstance NONE = new BootedInstance(null, null, null);

    /** Whether this instance booted as the override asked: its target first, or no device of that kind at all. */
    boolean bootedAsAsked(BootSource target) {
        return firstDevice == null || firstDevice == target || kinds == null || !kinds.contains(target);
    }

    static BootedInstance of(JsonNode vmi) {
        if (vmi == null || vmi.isMissingNode() || vmi.isNull()) {
            return NONE;
        }
        DeviceOrder order = DeviceOrder.of(vmi.at("/spec/domain/devices"));
        return new BootedInstance(KubeVirtResources.text(vmi, "/metadata/uid"), order.first(), order.kinds());
    }
}
