package org.kubevirtredfish.resource;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.kubevirtredfish.api.SimpleStorageApi;
import org.kubevirtredfish.kubevirt.DriveInventory;

/**
 * A system's disk devices as one virtual controller. Ironic's redfish inspection (ironic 21.4
 * drivers/modules/redfish/inspect.py, RedfishInspect._detect_local_gb) takes sushy's
 * {@code SimpleStorageCollection.disks_sizes_bytes} (sushy 4.3 resources/system/simple_storage.py: the devices whose
 * {@code Status.State} is Enabled and whose {@code CapacityBytes} is not null, sorted) and keeps the smallest of 4 GiB
 * or more.
 */
@RequestScoped
public class SimpleStorageResource implements SimpleStorageApi {

    @Inject
    CallerScope scope;

    @Override
    public Response listSimpleStorage(String systemId) {
        CallerScope.VisibleSystem s = scope.system(systemId, "ComputerSystem");
        String uri = Uris.system(s.system().id()) + "/SimpleStorage";
        return new Representation(Json.collection(uri, Uris.TYPE_SIMPLE_STORAGES, "Simple Storage Collection",
                List.of(uri + "/" + Uris.STORAGE_ID))).ok();
    }

    @Override
    public Response getSimpleStorage(String systemId, String simpleStorageId) {
        CallerScope.VisibleSystem s = scope.system(systemId, "ComputerSystem");
        Inventory.requireStorageId(simpleStorageId, "SimpleStorage");
        String uri = Uris.system(s.system().id()) + "/SimpleStorage/" + Uris.STORAGE_ID;
        ObjectNode o = Json.resource(uri, Uris.TYPE_SIMPLE_STORAGE, Uris.STORAGE_ID, "Simple Storage");
        o.put("Description", "The disks and CD-ROMs of the VirtualMachine");
        ArrayNode devices = o.putArray("Devices");
        for (DriveInventory d : s.vm().drives()) {
            ObjectNode device = devices.addObject();
            device.put("Name", d.name());
            device.put("CapacityBytes", d.capacityBytes());
            device.set("Status", Inventory.enabledOk());
        }
        o.set("Status", Inventory.enabledOk());
        return new Representation(o).ok();
    }
}
