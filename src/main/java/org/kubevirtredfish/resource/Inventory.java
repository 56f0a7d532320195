package org.kubevirtredfish.resource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.kubevirtredfish.kubevirt.DriveInventory;
import org.kubevirtredfish.message.BaseMessage;
import org.kubevirtredfish.message.RedfishException;

/** What the processor and storage resources share. */
final class Inventory {

    private Inventory() {
    }

    static ObjectNode enabledOk() {
        ObjectNode status = Json.object();
        status.put("State", "Enabled");
        status.put("Health", "OK");
        return status;
    }

    /** The only storage subsystem or simple storage id, else ResourceNotFound. */
    static void requireStorageId(String id, String type) {
        if (!Uris.STORAGE_ID.equals(id)) {
            throw RedfishException.of(BaseMessage.ResourceNotFound, type, id);
        }
    }

    static DriveInventory drive(List<DriveInventory> drives, String name, String type) {
        return drives.stream().filter(d -> d.name().equals(name) && (!type.equals("Volume") || d.isVolume()))
                .findFirst().orElseThrow(() -> RedfishException.of(BaseMessage.ResourceNotFound, type, name));
    }

    /**
     * The DMTF Protocol of a KubeVirt disk bus: virtio is a virtio-blk PCI device (PCIe), sata SATA, usb USB. scsi has
     * no DMTF value (there is no plain SCSI; SAS would be a guess): null.
     */
    static String protocol(String bus) {
        return switch (bus == null ? "" : bus) {
            case "virtio" -> "PCIe";
            case "sata" -> "SATA";
            case "usb" -> "USB";
            default -> null;
        };
    }
}
