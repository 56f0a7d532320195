package org.kubevirtredfish.resource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.kubevirtredfish.api.SessionApi;
import org.kubevirtredfish.message.BaseMessage;
import org.kubevirtredfish.message.RedfishException;
import org.kubevirtredfish.security.Caller;
import org.kubevirtredfish.security.SessionStore;

/**
 * One session. Only its owner sees it: chassis are tenants, and a session of another user answers 404 whatever the
 * caller's role.
 */
@RequestScoped
public class SessionResource implements SessionApi {

    @Inject
    CallerScope scope;

    @Inject
    SessionStore sessions;

    @Override
    public Response getSession(String id) {
        return new Representation(payload(visible(id))).ok();
    }

    @Override
    public Response deleteSession(String id) {
        try {
            sessions.delete(visible(id).id());
        } catch (org.kubevirtredfish.security.SessionRepository.Unavailable e) {
            // the session still works on every replica: say so rather than 204
            throw new RedfishException(503, java.util.List.of(BaseMessage.ServiceTemporarilyUnavailable.with("5")),
                    java.util.Map.of("Retry-After", "5"));
        }
        return Response.noContent().build();
    }

    private SessionStore.Session visible(String id) {
        Caller caller = scope.caller();
        return sessions.find(id)
                .filter(s -> s.username().equals(caller.username()))
                .orElseThrow(() -> RedfishException.of(BaseMessage.ResourceNotFound, "Session", id));
    }

    static ObjectNode payload(SessionStore.Session s) {
        ObjectNode o = Json.resource(Uris.session(s.id()), Uris.TYPE_SESSION, s.id(), "User Session");
        o.put("Description", "Redfish session of " + s.username());
        o.put("UserName", s.username());
        o.putNull("Password");
        o.put("SessionType", "Redfish");
        o.put("CreatedTime", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                s.created().truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC)));
        o.put("ClientOriginIPAddress", s.origin());
        return o;
    }
}
