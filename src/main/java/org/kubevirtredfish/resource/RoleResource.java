package org.kubevirtredfish.resource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import org.kubevirtredfish.api.RoleApi;
import org.kubevirtredfish.message.BaseMessage;
import org.kubevirtredfish.message.RedfishException;
import org.kubevirtredfish.security.Role;

/** A predefined role and its privileges, exactly those that authorization checks ({@link Role}). */
@RequestScoped
public class RoleResource implements RoleApi {

    @Override
    public Response getRole(String roleId) {
        Role role = Arrays.stream(Role.values()).filter(r -> r.name().equals(roleId)).findFirst()
                .orElseThrow(() -> RedfishException.of(BaseMessage.ResourceNotFound, "Role", roleId));
        ObjectNode o = Json.resource(Uris.role(role.name()), Uris.TYPE_ROLE, role.name(), role.name() + " Role");
        o.put("Description", "Redfish predefined role " + role.name());
        o.put("RoleId", role.name());
        o.put("IsPredefined", true);
        o.set("AssignedPrivileges", Json.strings(role.privileges()));
        return new Representation(o).ok();
    }
}
