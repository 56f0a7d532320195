package org.kubevirtredfish.resource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.kubevirtredfish.api.MemoryApi;
import org.kubevirtredfish.message.BaseMessage;
import org.kubevirtredfish.message.RedfishException;

/**
 * A system's memory: the guest memory as one module, the size {@code MemorySummary} sums. Neither sushy nor Ironic
 * read the collection (Ironic's redfish inspection takes {@code MemorySummary.TotalSystemMemoryGiB}: ironic 38.0.0
 * drivers/modules/redfish/inspect.py, inspect_hardware); it is here for Redfish clients and interop checks that
 * list memory devices.
 */
@RequestScoped
public class MemoryResource implements MemoryApi {

    static final String MODULE = "Memory0";

    @Inject
    CallerScope scope;

    @Override
    public Response listMemory(String systemId) {
        CallerScope.VisibleSystem s = scope.system(systemId, "ComputerSystem");
        String uri = Uris.system(s.system().id()) + "/Memory";
        List<String> members = s.vm().memoryMiB() > 0 ? List.of(uri + "/" + MODULE) : List.of();
        return new Representation(Json.collection(uri, Uris.TYPE_MEMORIES, "Memory Collection", members)).ok();
    }

    @Override
    public Response getMemory(String systemId, String memoryId) {
        CallerScope.VisibleSystem s = scope.system(systemId, "ComputerSystem");
        long mib = s.vm().memoryMiB();
        if (!MODULE.equals(memoryId) || mib <= 0) {
            throw RedfishException.of(BaseMessage.ResourceNotFound, "Memory", memoryId);
        }
        String uri = Uris.system(s.system().id()) + "/Memory/" + MODULE;
        ObjectNode o = Json.resource(uri, Uris.TYPE_MEMORY, MODULE, "Guest memory");
        o.put("Description", "The guest memory of the VirtualMachine (domain memory.guest, else its memory request)");
        o.put("MemoryType", "DRAM");
        o.put("CapacityMiB", mib);
        o.set("Status", Inventory.enabledOk());
        return new Representation(o).ok();
    }
}
