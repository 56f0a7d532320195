package org.kubevirtredfish.resource;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import org.kubevirtredfish.api.ComputerSystemCollectionApi;

/** The systems the caller may see. */
@RequestScoped
public class SystemCollectionResource implements ComputerSystemCollectionApi {

    @Inject
    CallerScope scope;

    @Override
    public Response listSystems() {
        return new Representation(Json.collection(Uris.SYSTEMS, Uris.TYPE_SYSTEMS, "Computer System Collection",
                scope.systems().stream().map(s -> Uris.system(s.id())).toList())).ok();
    }
}
