package org.kubevirtredfish.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.kubevirtredfish.health.RequestLog;
import org.kubevirtredfish.health.ServiceMetrics;
import java.util.Optional;
import java.util.Set;

/**
 * Redfish authentication: a session's {@code X-Auth-Token}, else HTTP Basic checked by {@link LoginGuard}. On
 * success the container learns the caller and the request carries a {@link Caller}. Missing or bad credentials
 * leave the request anonymous (and counted in the metrics): {@link AuthorizationFilter} answers 401 on every route that needs a
 * privilege (Liberty would ignore a 401 set here on URLs that web.xml does not constrain).
 */
@ApplicationScoped
public class RedfishAuthenticationMechanism implements HttpAuthenticationMechanism {

    /** JASPIC's MessageInfo key for the authentication type (Jakarta Authentication 3.0, Servlet profile). */
    private static final String AUTH_TYPE_KEY = "jakarta.servlet.http.authType";

    @Inject
    LoginGuard guard;

    @Inject
    SessionStore sessions;

    @Inject
    UserDirectory users;

    @Inject
    ServiceMetrics metrics;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
            HttpMessageContext context) {
        RequestLog.begin(request);
        String token = request.getHeader("X-Auth-Token");
        if (token != null) {
            Optional<Caller> caller = sessions.use(token).flatMap(s -> users.account(s.username())
                    .map(a -> new Caller(a.username(), a.role(), a.chassis(), s.id())));
            return caller.map(c -> login(request, context, c)).orElseGet(() -> failed(context, "session"));
        }
        String authorization = request.getHeader("Authorization");
        if (BasicCredentials.isBasic(authorization)) {
            Optional<BasicCredentials> userPass = BasicCredentials.parse(authorization);
            if (userPass.isEmpty()) {
                metrics.authenticationFailure("basic");
                return malformed(request, context);
            }
            String source = guard.source(request.getRemoteAddr(), request.getHeader("X-Forwarded-For"));
            LoginGuard.Outcome outcome = guard.attempt(userPass.get().username(), userPass.get().password(), source,
                    "basic");
            if (outcome instanceof LoginGuard.Unavailable u) {
                metrics.authenticationFailure("basic");
                request.setAttribute(LoginUnavailableFilter.ATTRIBUTE, u.retryAfterSeconds());
                return context.doNothing();
            }
            if (!(outcome instanceof LoginGuard.Accepted accepted)) {
                RequestLog.attemptedUser(request, userPass.get().username());
                return failed(context, "basic");
            }
            Account a = accepted.account();
            return login(request, context, new Caller(a.username(), a.role(), a.chassis(), null));
        }
        return context.doNothing();
    }

    private static AuthenticationStatus login(HttpServletRequest request, HttpMessageContext context, Caller caller) {
        request.setAttribute(Caller.ATTRIBUTE, caller);
        return context.notifyContainerAboutLogin(caller.username(), Set.of(caller.role().name()));
    }

    private AuthenticationStatus failed(HttpMessageContext context, String mechanism) {
        metrics.authenticationFailure(mechanism);
        return context.doNothing();
    }

    /**
     * A malformed Basic header: the request goes on anonymous, marked, and {@link MalformedCredentialsFilter}
     * answers 401. It cannot be refused here: Open Liberty 26.0.0.5 (com.ibm.ws.webcontainer.security
     * WebProviderAuthenticatorProxy.authenticateForOtherMechanisms) re-reads a "Basic" header for its audit
     * record after any result but "continue" unless the JASPIC auth type is something else than BASIC, and it
     * takes that type from the MessageInfo only on success; on a malformed header that re-read fails with a 500.
     */
    private static AuthenticationStatus malformed(HttpServletRequest request, HttpMessageContext context) {
        request.setAttribute(MalformedCredentialsFilter.ATTRIBUTE, Boolean.TRUE);
        context.getMessageInfo().getMap().put(AUTH_TYPE_KEY, "REDFISH");
        return context.doNothing();
    }
}
