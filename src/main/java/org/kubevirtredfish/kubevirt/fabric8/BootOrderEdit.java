package org.kubevirtredfish.kubevirt.fabric8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.kubevirtredfish.kubevirt.BootOverride;
import org.kubevirtredfish.kubevirt.BootOverrideEnabled;
import org.kubevirtredfish.kubevirt.BootSource;

/**
 * Edits of a VM (as JSON) that set, re-apply or end a boot override: the device bootOrders and the
 * {@value KubeVirtResources#BOOT_OVERRIDE_ANNOTATION} annotation always change together, in one patch.
 */
final class BootOrderEdit {

    private BootOrderEdit() {
    }

    static BootOverrideRecord record(JsonNode vm) {
        return BootOverrideRecord.parse(VmSnapshots.annotation(vm, KubeVirtResources.BOOT_OVERRIDE_ANNOTATION));
    }

    private static DeviceOrder devices(ObjectNode vm) {
        return DeviceOrder.of(vm.at("/spec/template/spec/domain/devices"));
    }

    /**
     * Sets the override; the order it replaces is the one before any override still in force.
     *
     * @param firmware where the firmware comes from when the template does not say (for the boot mode)
     */
    static void set(ObjectNode vm, BootOverride override, String instanceUid, FirmwareDefaults firmware) {
        DeviceOrder order = devices(vm);
        BootOverrideRecord old = record(vm);
        Map<String, Integer> baseline = old != null && old.active() ? old.previousOrder() : order.snapshot();
        order.restore(baseline);
        BootOverrideRecord rec;
        if (override.enabled() == BootOverrideEnabled.Disabled || override.target() == BootSource.None) {
            rec = new BootOverrideRecord(override.target(), BootOverrideEnabled.Disabled, Map.of(), null);
        } else {
            order.putFirst(override.target());
            rec = new BootOverrideRecord(override.target(), override.enabled(), baseline, instanceUid);
        }
        VirtualMedia.annotations(vm).put(KubeVirtResources.BOOT_OVERRIDE_ANNOTATION, rec.toJson());
        firmware.setMode((ObjectNode) vm.at("/spec/template/spec/domain"), override.mode());
    }

    /** After devices were added: puts the override's target first again (nothing when no override is in force). */
    static void reapply(ObjectNode vm, BootedInstance instance) {
        BootOverrideRecord rec = record(vm);
        if (rec != null && rec.active() && !rec.usedUp(instance)) {
            DeviceOrder order = devices(vm);
            order.restore(rec.previousOrder());
            order.putFirst(rec.target());
        }
    }

    /** Ends a Once override whose boot has happened: previous order back, override Disabled. */
    static void endUsedUpOnce(ObjectNode vm, BootedInstance instance) {
        BootOverrideRecord rec = record(vm);
        if (rec != null && rec.usedUp(instance)) {
            devices(vm).restore(rec.previousOrder());
            VirtualMedia.annotations(vm).put(KubeVirtResources.BOOT_OVERRIDE_ANNOTATION,
                    new BootOverrideRecord(rec.target(), BootOverrideEnabled.Disabled, Map.of(), null).toJson());
        }
    }
}
