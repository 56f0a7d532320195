package org.kubevirtredfish.resource;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import org.kubevirtredfish.api.VirtualMediaApi;

/** The virtual CD under the system's Manager, where sushy looks when a system has no VirtualMedia link. */
@RequestScoped
public class ManagerVirtualMediaResource implements VirtualMediaApi {

    @Inject
    VirtualMediaSlot slot;

    private static String base(String managerId) {
        return Uris.manager(managerId) + "/VirtualMedia";
    }

    @Override
    public Response listVirtualMedia(String managerId) {
        return slot.list(managerId, base(managerId));
    }

    @Override
    public Response getVirtualMedia(String managerId, String mediaId) {
        return slot.get(managerId, base(managerId), mediaId);
    }

    @Override
    public Response insertVirtualMedia(String managerId, String mediaId, String body, String ifMatch) {
        return slot.insert(managerId, base(managerId), mediaId, body, ifMatch);
    }

    @Override
    public Response ejectVirtualMedia(String managerId, String mediaId, String ifMatch, String body) {
        return slot.eject(managerId, base(managerId), mediaId, body, ifMatch);
    }
}
