package org.kubevirtredfish.resource;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import org.kubevirtredfish.api.ManagerCollectionApi;
import org.kubevirtredfish.kubevirt.ExposedSystem;

/** The managers (virtual BMCs) of the systems the caller may see. */
@RequestScoped
public class ManagerCollectionResource implements ManagerCollectionApi {

    @Inject
    CallerScope scope;

    @Inject
    MemberListBodies bodies;

    @Override
    public Response listManagers() {
        var members = scope.systems();
        return bodies.of(Uris.MANAGERS, scope.caller().chassis(), members, () -> new Representation(Json.collection(
                Uris.MANAGERS, Uris.TYPE_MANAGERS, "Manager Collection",
                members.stream().map(ExposedSystem::id).map(Uris::manager).toList()))).ok();
    }
}
