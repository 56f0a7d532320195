package org.kubevirtredfish.resource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import org.kubevirtredfish.api.EthernetInterfaceApi;
import org.kubevirtredfish.kubevirt.Nic;
import org.kubevirtredfish.kubevirt.PowerState;
import org.kubevirtredfish.message.BaseMessage;
import org.kubevirtredfish.message.RedfishException;

/** A system's network interfaces, named as in the VM spec, with their MAC addresses. */
@RequestScoped
public class EthernetInterfaceResource implements EthernetInterfaceApi {

    @Inject
    CallerScope scope;

    @Override
    public Response listEthernetInterfaces(String systemId) {
        CallerScope.VisibleSystem s = scope.system(systemId, "ComputerSystem");
        String uri = Uris.system(s.system().id()) + "/EthernetInterfaces";
        return new Representation(Json.collection(uri, Uris.TYPE_ETHERNETS, "Ethernet Interface Collection",
                s.vm().nics().stream().map(n -> uri + "/" + n.name()).toList())).ok();
    }

    @Override
    public Response getEthernetInterface(String systemId, String nicId) {
        CallerScope.VisibleSystem s = scope.system(systemId, "ComputerSystem");
        Nic nic = s.vm().nics().stream().filter(n -> n.name().equals(nicId)).findFirst()
                .orElseThrow(() -> RedfishException.of(BaseMessage.ResourceNotFound, "EthernetInterface", nicId));
        String uri = Uris.system(s.system().id()) + "/EthernetInterfaces/" + nic.name();
        ObjectNode o = Json.resource(uri, Uris.TYPE_ETHERNET, nic.name(), "Ethernet Interface " + nic.name());
        o.put("Description", "Interface " + nic.name() + " of the VirtualMachine");
        o.put("MACAddress", nic.macAddress());
        o.put("PermanentMACAddress", nic.macAddress());
        boolean up = s.vm().powerState() == PowerState.On || s.vm().powerState() == PowerState.Paused;
        o.put("InterfaceEnabled", true);
        o.put("LinkStatus", up ? "LinkUp" : "NoLink");
        ObjectNode status = o.putObject("Status");
        status.put("State", "Enabled");
        status.put("Health", "OK");
        return new Representation(o).ok();
    }
}
