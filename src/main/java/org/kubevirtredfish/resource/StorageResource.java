package org.kubevirtredfish.resource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.kubevirtredfish.api.StorageApi;
import org.kubevirtredfish.kubevirt.DriveInventory;
import org.kubevirtredfish.message.BaseMessage;
import org.kubevirtredfish.message.RedfishException;

/**
 * A system's one virtual storage subsystem: a drive per disk, LUN and CD-ROM, a volume per claim behind a disk.
 * Ironic's redfish inspection (ironic 21.4 drivers/modules/redfish/inspect.py, RedfishInspect._detect_local_gb) first
 * takes sushy's {@code StorageCollection.volumes_sizes_bytes}, then, only when no volume is 4 GiB or more, its
 * {@code drives_sizes_bytes}; sushy 4.3 (resources/system/storage/storage.py) sorts the sizes without leaving out
 * nulls, so that a drive of unknown size fails Ironic's fallback to drive sizes with a TypeError: the volumes of known
 * size are what inspection relies on.
 */
@RequestScoped
public class StorageResource implements StorageApi {

    @Inject
    CallerScope scope;

    /** The system whose only Storage {@code storageId} names; 404 for another id. */
    private CallerScope.VisibleSystem storageOf(String systemId, String storageId) {
        CallerScope.VisibleSystem s = scope.system(systemId, "ComputerSystem");
        Inventory.requireStorageId(storageId, "Storage");
        return s;
    }

    @Override
    public Response listStorage(String systemId) {
        CallerScope.VisibleSystem s = scope.system(systemId, "ComputerSystem");
        String uri = Uris.system(s.system().id()) + "/Storage";
        return new Representation(Json.collection(uri, Uris.TYPE_STORAGES, "Storage Collection",
                List.of(Uris.storage(s.system().id())))).ok();
    }

    @Override
    public Response getStorage(String systemId, String storageId) {
        CallerScope.VisibleSystem s = storageOf(systemId, storageId);
        String uri = Uris.storage(s.system().id());
        ObjectNode o = Json.resource(uri, Uris.TYPE_STORAGE, Uris.STORAGE_ID, "Storage");
        o.put("Description", "The disks of the VirtualMachine and the claims behind them");
        Json.linkList(o, "Drives", s.vm().drives().stream().map(d -> uri + "/Drives/" + d.name()).toList());
        o.set("Volumes", Json.link(uri + "/Volumes"));
        o.set("Controllers", Json.link(uri + "/Controllers"));
        // inline as well: sushy 4.3 reads StorageControllers (resources/system/storage/storage.py)
        ObjectNode controller = o.putArray("StorageControllers").addObject();
        controller.put("@odata.id", uri + "#/StorageControllers/0");
        controller.put("MemberId", CONTROLLER_ID);
        controller.put("Name", CONTROLLER_NAME);
        controller.set("SupportedDeviceProtocols", protocols(s.vm().drives()));
        controller.putArray("SupportedRAIDTypes");
        controller.set("Status", Inventory.enabledOk());
        o.put("StorageControllers@odata.count", 1);
        o.set("Status", Inventory.enabledOk());
        return new Representation(o).ok();
    }

    private static final String CONTROLLER_ID = "0";
    private static final String CONTROLLER_NAME = "KubeVirt virtual disk controller";

    private static com.fasterxml.jackson.databind.node.ArrayNode protocols(List<DriveInventory> drives) {
        Set<String> protocols = new LinkedHashSet<>();
        drives.stream().map(d -> Inventory.protocol(d.bus())).filter(Objects::nonNull).forEach(protocols::add);
        return Json.strings(protocols);
    }

    @Override
    public Response listStorageControllers(String systemId, String storageId) {
        CallerScope.VisibleSystem s = storageOf(systemId, storageId);
        String uri = Uris.storage(s.system().id()) + "/Controllers";
        return new Representation(Json.collection(uri, Uris.TYPE_STORAGE_CONTROLLERS, "Storage Controller Collection",
                List.of(uri + "/" + CONTROLLER_ID))).ok();
    }

    @Override
    public Response getStorageController(String systemId, String storageId, String controllerId) {
        CallerScope.VisibleSystem s = storageOf(systemId, storageId);
        if (!CONTROLLER_ID.equals(controllerId)) {
            throw RedfishException.of(BaseMessage.ResourceNotFound, "StorageController", controllerId);
        }
        String uri = Uris.storage(s.system().id()) + "/Controllers/" + CONTROLLER_ID;
        ObjectNode o = Json.resource(uri, Uris.TYPE_STORAGE_CONTROLLER, CONTROLLER_ID, CONTROLLER_NAME);
        o.put("Description", "The buses of the VirtualMachine's disks; no RAID");
        o.set("SupportedDeviceProtocols", protocols(s.vm().drives()));
        o.putArray("SupportedRAIDTypes");
        o.set("Status", Inventory.enabledOk());
        return new Representation(o).ok();
    }

    @Override
    public Response getDrive(String systemId, String storageId, String driveId) {
        CallerScope.VisibleSystem s = storageOf(systemId, storageId);
        DriveInventory d = Inventory.drive(s.vm().drives(), driveId, "Drive");
        String storage = Uris.storage(s.system().id());
        ObjectNode o = Json.resource(storage + "/Drives/" + d.name(), Uris.TYPE_DRIVE, d.name(), d.name());
        o.put("Description", description(d));
        o.put("CapacityBytes", d.capacityBytes());
        o.putNull("MediaType");
        o.put("Protocol", Inventory.protocol(d.bus()));
        o.put("SerialNumber", d.serial());
        o.set("Status", Inventory.enabledOk());
        Json.linkList(o.putObject("Links"), "Volumes",
                d.isVolume() ? List.of(storage + "/Volumes/" + d.name()) : List.of());
        return new Representation(o).ok();
    }

    private static String description(DriveInventory d) {
        String what = switch (d.kind()) {
            case CDROM -> "CD-ROM (optical, read-only) " + d.name();
            case LUN -> "LUN " + d.name();
            case DISK -> "Disk " + d.name();
        };
        String behind = d.kind() == DriveInventory.Kind.CDROM || d.claimName() == null ? ""
                : " on PersistentVolumeClaim " + d.claimName();
        return what + " of the VirtualMachine, bus " + d.bus() + behind;
    }

    @Override
    public Response listVolumes(String systemId, String storageId) {
        CallerScope.VisibleSystem s = storageOf(systemId, storageId);
        String uri = Uris.storage(s.system().id()) + "/Volumes";
        return new Representation(Json.collection(uri, Uris.TYPE_VOLUMES, "Volume Collection",
                s.vm().drives().stream().filter(DriveInventory::isVolume).map(d -> uri + "/" + d.name()).toList()))
                .ok();
    }

    @Override
    public Response getVolume(String systemId, String storageId, String volumeId) {
        CallerScope.VisibleSystem s = storageOf(systemId, storageId);
        DriveInventory d = Inventory.drive(s.vm().drives(), volumeId, "Volume");
        String storage = Uris.storage(s.system().id());
        ObjectNode o = Json.resource(storage + "/Volumes/" + d.name(), Uris.TYPE_VOLUME, d.name(), d.name());
        o.put("Description", "PersistentVolumeClaim " + d.claimName() + " behind disk " + d.name());
        o.put("CapacityBytes", d.capacityBytes());
        o.put("RAIDType", "None");
        o.set("Status", Inventory.enabledOk());
        Json.linkList(o.putObject("Links"), "Drives", List.of(storage + "/Drives/" + d.name()));
        return new Representation(o).ok();
    }
}
