package org.kubevirtredfish.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.kubevirtredfish.health.ServiceMetrics;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * Redfish authentication: a session's {@code X-Auth-Token}, else HTTP Basic checked by the identity store. On
 * success the container learns the caller and the request carries a {@link Caller}. Missing or bad credentials
 * leave the request anonymous (and counted in the metrics): {@link AuthorizationFilter} answers 401 on every route that needs a
 * privilege (Liberty would ignore a 401 set here on URLs that web.xml does not constrain).
 */
@ApplicationScoped
public class RedfishAuthenticationMechanism implements HttpAuthenticationMechanism {

    @Inject
    IdentityStoreHandler identityStores;

    @Inject
    SessionStore sessions;

    @Inject
    UserDirectory users;

    @Inject
    ServiceMetrics metrics;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
            HttpMessageContext context) {
        String token = request.getHeader("X-Auth-Token");
        if (token != null) {
            Optional<Caller> caller = sessions.use(token).flatMap(s -> users.account(s.username())
                    .map(a -> new Caller(a.username(), a.role(), a.chassis(), s.id())));
            return caller.map(c -> login(request, context, c)).orElseGet(() -> failed(context, "session"));
        }
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            Optional<String[]> userPass = decodeBasic(authorization.substring(6).trim());
            if (userPass.isEmpty()) {
                return failed(context, "basic");
            }
            CredentialValidationResult result = identityStores.validate(
                    new UsernamePasswordCredential(userPass.get()[0], userPass.get()[1]));
            if (result.getStatus() != CredentialValidationResult.Status.VALID) {
                return failed(context, "basic");
            }
            Optional<Account> account = users.account(result.getCallerPrincipal().getName());
            return account.map(a -> login(request, context, new Caller(a.username(), a.role(), a.chassis(), null)))
                    .orElseGet(() -> failed(context, "basic"));
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

    private static Optional<String[]> decodeBasic(String encoded) {
        try {
            String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? Optional.empty()
                    : Optional.of(new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)});
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
