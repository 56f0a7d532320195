package org.kubevirtredfish.resource;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import org.kubevirtredfish.api.SystemVirtualMediaApi;

/** The virtual CD under the ComputerSystem (its {@code VirtualMedia} link). */
@RequestScoped
public class SystemVirtualMediaResource implements SystemVirtualMediaApi {

    @Inject
    VirtualMediaSlot slot;

    private static String base(String systemId) {
        return Uris.system(systemId) + "/VirtualMedia";
    }

    @Override
    public Response listSystemVirtualMedia(String systemId) {
        return slot.list(systemId, base(systemId));
    }

    @Override
    public Response getSystemVirtualMedia(String systemId, String mediaId) {
        return slot.get(systemId, base(systemId), mediaId);
    }

    @Override
    public Response insertSystemVirtualMedia(String systemId, String mediaId, String body, String ifMatch) {
        return slot.insert(systemId, base(systemId), mediaId, body, ifMatch);
    }

    @Override
    public Response ejectSystemVirtualMedia(String systemId, String mediaId, String ifMatch, String body) {
        return slot.eject(systemId, base(systemId), mediaId, body, ifMatch);
    }
}
