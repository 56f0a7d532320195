package org.kubevirtredfish.resource;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import org.kubevirtredfish.api.ManagerCollectionApi;

/** The managers (virtual BMCs) of the systems the caller may see. */
@RequestScoped
public class ManagerCollectionResource implements ManagerCollectionApi {

    @Inject
    CallerScope scope;

    @Override
    public Response listManagers() {
        return new Representation(Json.collection(Uris.MANAGERS, Uris.TYPE_MANAGERS, "Manager Collection",
                scope.systems().stream().map(s -> Uris.manager(s.id())).toList())).ok();
    }
}
