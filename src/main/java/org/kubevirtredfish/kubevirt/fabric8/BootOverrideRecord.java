package org.kubevirtredfish.kubevirt.fabric8;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Logger;
import org.kubevirtredfish.kubevirt.BootOverrideEnabled;
import org.kubevirtredfish.kubevirt.BootSource;

/**
 * The boot override as kept in the VM annotation {@value KubeVirtResources#BOOT_OVERRIDE_ANNOTATION}.
 *
 * @param target        the override target
 * @param enabled       Once, Continuous or Disabled
 * @param previousOrder the bootOrder of every device (key {@code disk/NAME} or {@code interface/NAME}, null when
 *                      it had none) before the override; restored when the override ends
 * @param instanceUid   uid of the VMI that existed when the override was set (null: none); a Once override is
 *                      used up as soon as a VMI with another uid exists
 */
record BootOverrideRecord(BootSource target, BootOverrideEnabled enabled, Map<String, Integer> previousOrder,
        String instanceUid) {

    private static final Logger LOG = Logger.getLogger(BootOverrideRecord.class.getName());

    BootOverrideRecord {
        previousOrder = previousOrder == null ? Map.of() : new LinkedHashMap<>(previousOrder);
    }

    boolean active() {
        return enabled != BootOverrideEnabled.Disabled && target != BootSource.None;
    }

    /**
     * A Once override whose boot has happened: a VMI other than the one present when it was set exists and boots
     * the override's target first (one created from the older template, before the override landed, does not).
     */
    boolean usedUp(BootedInstance current) {
        return enabled == BootOverrideEnabled.Once && target != BootSource.None
                && current.uid() != null && !current.uid().equals(instanceUid)
                && current.bootedAsAsked(target);
    }

    String toJson() {
        try {
            return KubeVirtResources.MAPPER.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Null when absent; an unreadable annotation (edited by hand) counts as absent. */
    static BootOverrideRecord parse(String json) {
        if (json == null || json.isBlank()) {
            return null;
        }
        try {
            return KubeVirtResources.MAPPER.readValue(json, BootOverrideRecord.class);
        } catch (JsonProcessingException e) {
            LOG.warning("ignoring unreadable annotation " + KubeVirtResources.BOOT_OVERRIDE_ANNOTATION + ": "
                    + e.getOriginalMessage());
            return null;
        }
    }
}
