package org.kubevirtredfish.kubevirt;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A snapshot of one VirtualMachine as the gateway sees it.
 *
 * @param id                namespace and name
 * @param uuid              firmware UUID (stable across restarts)
 * @param serial            firmware serial number, or null
 * @param labels            the VM's labels
 * @param powerState        one of the five Redfish power states
 * @param status            the backend's own status text (KubeVirt printableStatus)
 * @param cpus              vCPU count (sockets x cores x threads)
 * @param memoryMiB         guest memory in MiB
 * @param nics              network interfaces with MACs
 * @param boot              the boot override as Redfish reports it
 * @param bootableSources   the override targets this VM really has a device for
 * @param media             the virtual CD
 * @param instanceBootDevice what the current instance (VMI) boots first, or null when no instance runs
 * @param instanceId        the current instance's uid, or null: a new value for every boot
 * @param guestReboot       what a reboot from inside the guest does to the VM's next instance
 * @param processor         the virtual CPUs (architecture, topology, model)
 * @param drives            the disk devices, in the order of the VM spec
 * @param instanceFirmware  the firmware the current instance booted (UEFI or Legacy), or null when no instance runs;
 *                          {@code boot.mode()} is what the next instance boots
 */
public record VirtualMachine(VmId id, String uuid, String serial, Map<String, String> labels,
        PowerState powerState, String status, int cpus, long memoryMiB, List<Nic> nics,
        BootOverride boot, Set<BootSource> bootableSources, MediaState media,
        BootSource instanceBootDevice, String instanceId, GuestReboot guestReboot,
        ProcessorInventory processor, List<DriveInventory> drives, BootMode instanceFirmware) {

    public VirtualMachine {
        drives = List.copyOf(drives);
    }

    /** The firmware the VM runs: its current instance's, else the one its next instance boots. */
    public BootMode firmwareInUse() {
        return instanceFirmware != null ? instanceFirmware : boot.mode();
    }
}
