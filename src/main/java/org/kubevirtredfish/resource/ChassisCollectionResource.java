package org.kubevirtredfish.resource;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import org.kubevirtredfish.api.ChassisCollectionApi;

/** The chassis of config.yaml that the caller belongs to. */
@RequestScoped
public class ChassisCollectionResource implements ChassisCollectionApi {

    @Inject
    CallerScope scope;

    @Override
    public Response listChassis() {
        return new Representation(Json.collection(Uris.CHASSIS, Uris.TYPE_CHASSIS_COLLECTION, "Chassis Collection",
                scope.chassis().stream().map(c -> Uris.chassis(c.name())).toList())).ok();
    }
}
