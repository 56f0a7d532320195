package org.kubevirtredfish.resource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import org.kubevirtredfish.api.SessionServiceApi;
import org.kubevirtredfish.security.SessionStore;

/** The session service: enabled, with its idle timeout. */
@RequestScoped
public class SessionServiceResource implements SessionServiceApi {

    @Inject
    SessionStore sessions;

    @Override
    public Response getSessionService() {
        ObjectNode o = Json.resource(Uris.SESSION_SERVICE, Uris.TYPE_SESSION_SERVICE, "SessionService",
                "Session Service");
        o.put("Description", "Redfish sessions (X-Auth-Token)");
        o.put("ServiceEnabled", true);
        o.put("SessionTimeout", sessions.timeoutSeconds());
        ObjectNode status = o.putObject("Status");
        status.put("State", "Enabled");
        status.put("Health", "OK");
        o.set("Sessions", Json.link(Uris.SESSIONS));
        return new Representation(o).ok();
    }
}
