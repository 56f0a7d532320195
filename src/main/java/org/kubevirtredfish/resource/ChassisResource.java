package org.kubevirtredfish.resource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import org.kubevirtredfish.api.ChassisApi;
import org.kubevirtredfish.config.ConfigFile;

/** A chassis of config.yaml: a namespace and a VM selector, grouping the systems it exposes. */
@RequestScoped
public class ChassisResource implements ChassisApi {

    @Inject
    CallerScope scope;

    @Override
    public Response getChassis(String id) {
        ConfigFile.Chassis chassis = scope.chassis(id);
        ObjectNode o = Json.resource(Uris.chassis(id), Uris.TYPE_CHASSIS, id, id);
        o.put("Description", chassis.description() != null ? chassis.description()
                : "VirtualMachines of namespace " + chassis.namespace());
        o.put("ChassisType", "Zone");
        ObjectNode status = o.putObject("Status");
        status.put("State", "Enabled");
        status.put("Health", "OK");
        var systems = scope.systems().stream().filter(s -> s.chassis().contains(id)).toList();
        ObjectNode links = o.putObject("Links");
        Json.linkList(links, "ComputerSystems", systems.stream().map(s -> Uris.system(s.id())).toList());
        Json.linkList(links, "ManagedBy", systems.stream().map(s -> Uris.manager(s.id())).toList());
        o.putObject("Oem").putObject("KubeVirt").put("@odata.type", OemSchema.CHASSIS)
                .put("Namespace", chassis.namespace());
        return new Representation(o).ok();
    }
}
