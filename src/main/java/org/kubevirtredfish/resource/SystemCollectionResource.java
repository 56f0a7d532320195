package org.kubevirtredfish.resource;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import org.kubevirtredfish.api.ComputerSystemCollectionApi;
import org.kubevirtredfish.kubevirt.ExposedSystem;

/** The systems the caller may see. */
@RequestScoped
public class SystemCollectionResource implements ComputerSystemCollectionApi {

    @Inject
    CallerScope scope;

    @Inject
    MemberListBodies bodies;

    @Override
    public Response listSystems() {
        var members = scope.systems();
        return bodies.of(Uris.SYSTEMS, scope.caller().chassis(), members, () -> new Representation(Json.collection(
                Uris.SYSTEMS, Uris.TYPE_SYSTEMS, "Computer System Collection",
                members.stream().map(ExposedSystem::id).map(Uris::system).toList()))).ok();
    }
}
