package org.kubevirtredfish.resource;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.kubevirtredfish.api.SessionCollectionApi;
import org.kubevirtredfish.health.RequestLog;
import org.kubevirtredfish.health.ServiceMetrics;
import org.kubevirtredfish.message.BaseMessage;
import org.kubevirtredfish.message.RedfishException;
import org.kubevirtredfish.security.Account;
import org.kubevirtredfish.security.Caller;
import org.kubevirtredfish.security.SessionStore;
import org.kubevirtredfish.security.LoginGuard;

/** Log in (POST: 201, X-Auth-Token, Location) and list one's own sessions. */
@RequestScoped
public class SessionCollectionResource implements SessionCollectionApi {

    @Inject
    CallerScope scope;

    @Inject
    SessionStore sessions;

    @Inject
    LoginGuard guard;

    @Inject
    HttpServletRequest request;

    @Inject
    ServiceMetrics metrics;

    @Override
    public Response listSessions() {
        Caller caller = scope.caller();
        return new Representation(Json.collection(Uris.SESSIONS, Uris.TYPE_SESSIONS, "Session Collection",
                sessions.all().stream()
                        .filter(s -> s.username().equals(caller.username()))
                        .map(s -> Uris.session(s.id())).toList())).ok();
    }

    /**
     * DSP0266: a POST to a collection's {@code Members} is a POST to the collection. {@link CollectionMembersFilter}
     * sends such requests to {@link #createSession} before JAX-RS matches them; this is the same, should one arrive.
     */
    @Override
    public Response createSessionThroughMembers(String body) {
        return createSession(body);
    }

    @Override
    public Response createSession(String body) {
        RequestBody login = RequestBody.parse(body, false);
        String username = null;
        String password = null;
        for (Map.Entry<String, JsonNode> field : login.json().properties()) {
            JsonNode value = field.getValue();
            switch (field.getKey()) {
                case "UserName", "Password" -> {
                    if (!value.isTextual()) {
                        String shown = field.getKey().equals("Password") ? "(hidden)" : RequestBody.text(value);
                        login.problem(BaseMessage.PropertyValueTypeError.with(shown, field.getKey())
                                .about("#/" + field.getKey()));
                    } else if (field.getKey().equals("UserName")) {
                        username = value.asText();
                    } else {
                        password = value.asText();
                    }
                }
                default -> login.problem(BaseMessage.PropertyUnknown.with(field.getKey()).about("#/" + field.getKey()));
            }
        }
        for (String required : new String[] {"UserName", "Password"}) {
            if (!login.json().has(required)) {
                login.problem(BaseMessage.CreateFailedMissingReqProperties.with(required).about("#/" + required));
            }
        }
        login.throwIfAny();
        String source = guard.source(request.getRemoteAddr(), request.getHeader("X-Forwarded-For"));
        LoginGuard.Outcome outcome = guard.attempt(username, password, source, "login");
        if (outcome instanceof LoginGuard.Unavailable u) {
            metrics.authenticationFailure("login");
            String seconds = Long.toString(u.retryAfterSeconds());
            throw new RedfishException(503, List.of(BaseMessage.ServiceTemporarilyUnavailable.with(seconds)),
                    Map.of("Retry-After", seconds));
        }
        if (!(outcome instanceof LoginGuard.Accepted accepted)) {
            RequestLog.attemptedUser(request, username);
            metrics.authenticationFailure("login");
            throw RedfishException.of(BaseMessage.AccessDenied, Uris.SESSIONS);
        }
        Account account = accepted.account();
        RequestLog.user(request, account.username());
        SessionStore.Created created = created(account)
                .orElseThrow(() -> new RedfishException(503, List.of(BaseMessage.SessionLimitExceeded.with()),
                        Map.of("Retry-After", Long.toString(sessions.secondsUntilFree(account.username())))));
        Representation r = new Representation(SessionResource.payload(created.session()));
        // A relative Location (RFC 9110 section 10.2.2; Redfish uses relative URIs throughout): never built from the
        // client's Host header, which Response.created() would resolve it against.
        return r.with(Response.status(Response.Status.CREATED)
                        .header(HttpHeaders.LOCATION, Uris.session(created.session().id()))
                        .entity(r.body().toString())
                        .type(org.kubevirtredfish.message.RedfishExceptionMapper.JSON)
                        .header("X-Auth-Token", created.token()))
                .build();
    }

    /** The session store cannot record a login now (on a cluster: the API server does not answer). */
    private java.util.Optional<SessionStore.Created> created(Account account) {
        try {
            return sessions.create(account.username(), request.getRemoteAddr());
        } catch (org.kubevirtredfish.security.SessionRepository.Unavailable e) {
            String seconds = "5";
            throw new RedfishException(503, List.of(BaseMessage.ServiceTemporarilyUnavailable.with(seconds)),
                    Map.of("Retry-After", seconds));
        }
    }
}
