package org.kubevirtredfish.event;

import java.util.ArrayList;
import java.util.List;
import org.kubevirtredfish.kubevirt.BootOverride;
import org.kubevirtredfish.kubevirt.MediaState;
import org.kubevirtredfish.kubevirt.VirtualMachine;

/** What changed between two snapshots of a VM, as the events a Redfish client would want to hear about. */
final class SystemChanges {

    static final String COMPUTER_SYSTEM = "ComputerSystem";
    static final String VIRTUAL_MEDIA = "VirtualMedia";
    static final String MEDIA_PATH = "/VirtualMedia/Cd";

    /** One change: the resource (ComputerSystem, or the VirtualMedia at {@link #MEDIA_PATH}) and its message. */
    record Change(String resourceType, EventMessage message, List<String> args) {
    }

    private SystemChanges() {
    }

    static List<Change> between(VirtualMachine before, VirtualMachine after) {
        List<Change> changes = new ArrayList<>();
        if (before.powerState() != after.powerState()) {
            changes.add(modified(COMPUTER_SYSTEM, "PowerState", after.powerState().name()));
        }
        boot(before.boot(), after.boot(), changes);
        media(before.media(), after.media(), changes);
        return changes;
    }

    private static void boot(BootOverride before, BootOverride after, List<Change> changes) {
        if (before.target() != after.target()) {
            changes.add(modified(COMPUTER_SYSTEM, "Boot/BootSourceOverrideTarget", after.target().name()));
        }
        if (before.enabled() != after.enabled()) {
            changes.add(modified(COMPUTER_SYSTEM, "Boot/BootSourceOverrideEnabled", after.enabled().name()));
        }
        if (before.mode() != after.mode()) {
            changes.add(modified(COMPUTER_SYSTEM, "Boot/BootSourceOverrideMode", after.mode().name()));
        }
    }

    /** Inserted and ejected as VirtualMedia.Inserted; a failed import once, when it turns FAILED. */
    private static void media(MediaState before, MediaState after, List<Change> changes) {
        boolean replaced = before.inserted() && after.inserted() && !java.util.Objects.equals(before.image(),
                after.image());
        if (before.inserted() != after.inserted() || replaced) {
            changes.add(modified(VIRTUAL_MEDIA, "Inserted", Boolean.toString(after.inserted())));
        }
        if (after.phase() == MediaState.Phase.FAILED && (before.phase() != MediaState.Phase.FAILED || replaced)) {
            changes.add(new Change(VIRTUAL_MEDIA, EventMessage.OperationFailed, List.of()));
        }
    }

    private static Change modified(String resourceType, String property, String value) {
        return new Change(resourceType, EventMessage.PropertyValueModified, List.of(property, value));
    }
}
