package org.kubevirtredfish.resource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.kubevirtredfish.api.ChassisApi;
import org.kubevirtredfish.config.ConfigFile;
import org.kubevirtredfish.kubevirt.ExposedSystem;

/** A chassis of config.yaml: a namespace and a VM selector, grouping the systems it exposes. */
@RequestScoped
public class ChassisResource implements ChassisApi {

    @Inject
    CallerScope scope;

    @Inject
    MemberListBodies bodies;

    @Override
    public Response getChassis(String id) {
        ConfigFile.Chassis chassis = scope.chassis(id);
        var members = scope.systems();
        return bodies.of(Uris.chassis(id), scope.caller().chassis(), members, () -> representation(id, chassis,
                members.stream().filter(s -> s.chassis().contains(id)).toList())).ok();
    }

    private static Representation representation(String id, ConfigFile.Chassis chassis, List<ExposedSystem> systems) {
        ObjectNode o = Json.resource(Uris.chassis(id), Uris.TYPE_CHASSIS, id, id);
        o.put("Description", chassis.description() != null ? chassis.description()
                : "VirtualMachines of namespace " + chassis.namespace());
        o.put("ChassisType", "Zone");
        ObjectNode status = o.putObject("Status");
        status.put("State", "Enabled");
        status.put("Health", "OK");
        ObjectNode links = o.putObject("Links");
        Json.linkList(links, "ComputerSystems", systems.stream().map(s -> Uris.system(s.id())).toList());
        Json.linkList(links, "ManagedBy", systems.stream().map(s -> Uris.manager(s.id())).toList());
        o.putObject("Oem").putObject("KubeVirt").put("@odata.type", OemSchema.CHASSIS)
                .put("Namespace", chassis.namespace());
        return new Representation(o);
    }
}
