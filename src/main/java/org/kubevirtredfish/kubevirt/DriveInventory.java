package org.kubevirtredfish.kubevirt;

/**
 * One disk device of a VM ({@code domain.devices.disks[]}) and what backs it.
 *
 * @param name          the disk name in the VM spec
 * @param kind          disk, LUN or CD-ROM
 * @param bus           the bus ({@code virtio}, {@code sata}, {@code scsi}, {@code usb}), defaulted as KubeVirt does
 * @param serial        the disk's {@code serial}, or null
 * @param capacityBytes the capacity of the claim behind the disk, or null when unknown (no claim, a containerDisk,
 *                      an unbound or unreadable claim, or a CD-ROM, whose medium size the claim does not tell)
 * @param claimName     the PersistentVolumeClaim behind the disk (a DataVolume's claim has its name), or null
 */
public record DriveInventory(String name, Kind kind, String bus, String serial, Long capacityBytes,
        String claimName) {

    public enum Kind {
        DISK, LUN, CDROM
    }

    /** A volume in Redfish terms: storage allocated to the VM, a claim behind a disk or LUN (not a CD-ROM). */
    public boolean isVolume() {
        return kind != Kind.CDROM && claimName != null;
    }
}
