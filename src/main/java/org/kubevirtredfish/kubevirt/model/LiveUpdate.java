package org.kubevirtredfish.kubevirt.model;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What changing the template of a running VM does. KubeVirt v1.9.0 pkg/virt-controller/watch/vm/vm.go,
 * {@code syncRestartRequired} with {@code validLiveUpdateVolumes} and {@code validLiveUpdateDisks}: a disk or volume
 * that is not hotpluggable and was added, changed (e.g. its bootOrder) or removed makes the VM's condition
 * RestartRequired=True with the message {@link #MESSAGE}; the running VMI keeps its domain and the next VMI gets the
 * new template. A CD-ROM cannot be hotplugged: {@link #hotplugDiskCauses}.
 */
public final class LiveUpdate {

    public static final String MESSAGE = "a non-live-updatable field was changed in the template spec";

    /**
     * The storage part of a VM template.
     *
     * @param disks   {@code domain.devices.disks}
     * @param volumes volume name → its source, in any form that compares equal when the source is the same
     * @param hotplug names of hotpluggable volumes
     */
    public record Template(List<Admission.Disk> disks, Map<String, String> volumes, Set<String> hotplug) {
    }

    private LiveUpdate() {
    }

    /** Whether this template change of a running VM sets RestartRequired. */
    public static boolean restartRequired(Template before, Template after) {
        return !volumesLiveUpdatable(before, after) || !disksLiveUpdatable(before, after);
    }

    /** The RestartRequired condition KubeVirt sets (status True, this message). */
    public static Condition condition() {
        return new Condition("RestartRequired", "True", null, MESSAGE);
    }

    private static boolean volumesLiveUpdatable(Template before, Template after) {
        Map<String, String> old = new HashMap<>(before.volumes());
        for (Map.Entry<String, String> v : after.volumes().entrySet()) {
            if (after.hotplug().contains(v.getKey())) {
                old.remove(v.getKey());
            } else if (!old.containsKey(v.getKey()) || !Objects.equals(old.get(v.getKey()), v.getValue())) {
                return false;
            } else {
                old.remove(v.getKey());
            }
        }
        return old.keySet().stream().allMatch(before.hotplug()::contains);
    }

    private static boolean disksLiveUpdatable(Template before, Template after) {
        Map<String, Admission.Disk> old = new HashMap<>();
        before.disks().forEach(d -> old.put(d.name(), d));
        for (Admission.Disk disk : after.disks()) {
            if (after.volumes().containsKey(disk.name()) && after.hotplug().contains(disk.name())) {
                old.remove(disk.name());
            } else if (!old.containsKey(disk.name()) || !old.get(disk.name()).equals(disk)) {
                return false;
            } else {
                old.remove(disk.name());
            }
        }
        return old.keySet().stream().noneMatch(n -> before.volumes().containsKey(n) && !before.hotplug().contains(n));
    }

    /**
     * KubeVirt v1.9.0 pkg/storage/admitters/storagehotplug.go, {@code ValidateHotplugDiskConfiguration}: a
     * hotplugged disk must be a disk (bus scsi or virtio) or a LUN (bus scsi); a CD-ROM is refused.
     */
    public static List<Admission.Cause> hotplugDiskCauses(Admission.Disk disk) {
        String source = Upstream.KUBEVIRT + " pkg/storage/admitters/storagehotplug.go, ValidateHotplugDiskConfiguration";
        String prefix = "Hotplug configuration";
        return switch (disk.type()) {
            case "disk" -> "scsi".equals(disk.bus()) || "virtio".equals(disk.bus()) ? List.of()
                    : List.of(new Admission.Cause("", prefix + " for disk [" + disk.name()
                            + "] requires bus to be 'scsi' or 'virtio'. [" + disk.bus() + "] is not permitted.", source));
            case "lun" -> "scsi".equals(disk.bus()) ? List.of()
                    : List.of(new Admission.Cause("", prefix + " for LUN [" + disk.name()
                            + "] requires bus to be 'scsi'. [" + disk.bus() + "] is not permitted.", source));
            default -> List.of(new Admission.Cause("", prefix + " for [" + disk.name()
                    + "] requires diskDevice of type 'disk' or 'lun' to be used.", source));
        };
    }
}
