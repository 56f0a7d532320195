package org.kubevirtredfish.resource;

import jakarta.ws.rs.core.Response;
import org.kubevirtredfish.config.ServiceSettings;
import org.kubevirtredfish.kubevirt.ExposedSystems;
import org.kubevirtredfish.security.Caller;

/** Resource beans wired by hand for code outside this package (the benchmarks): no container, a fixed caller. */
public final class ResourcesByHand {

    /** One per application, as the container makes it. */
    private static final MemberListBodies BODIES = new MemberListBodies();

    private ResourcesByHand() {
    }

    public static CallerScope scope(Caller caller, ExposedSystems exposed, ServiceSettings settings) {
        return new Fixture.FixedScope(caller, exposed, settings);
    }

    /** GET /redfish/v1/Systems as {@code scope}'s caller. */
    public static Response systems(CallerScope scope) {
        SystemCollectionResource r = new SystemCollectionResource();
        r.scope = scope;
        r.bodies = BODIES;
        return r.listSystems();
    }
}
