package org.kubevirtredfish.resource;

import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import org.kubevirtredfish.api.RoleCollectionApi;
import org.kubevirtredfish.security.Role;

/** The predefined roles (every role this service knows). */
@RequestScoped
public class RoleCollectionResource implements RoleCollectionApi {

    @Override
    public Response listRoles() {
        return new Representation(Json.collection(Uris.ROLES, Uris.TYPE_ROLES, "Roles Collection",
                Arrays.stream(Role.values()).map(r -> Uris.role(r.name())).toList())).ok();
    }
}
