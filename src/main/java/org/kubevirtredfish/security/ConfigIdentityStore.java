package org.kubevirtredfish.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;

/**
 * The Jakarta Security identity store over config.yaml's users, through {@link LoginGuard} like every other
 * password check; the caller's group is its Redfish role.
 */
@ApplicationScoped
public class ConfigIdentityStore implements IdentityStore {

    @Inject
    LoginGuard guard;

    @Inject
    HttpServletRequest request;

    @Override
    public CredentialValidationResult validate(Credential credential) {
        if (!(credential instanceof UsernamePasswordCredential up)) {
            return CredentialValidationResult.NOT_VALIDATED_RESULT;
        }
        String source = guard.source(request.getRemoteAddr(), request.getHeader("X-Forwarded-For"));
        return guard.attempt(up.getCaller(), up.getPasswordAsString(), source, "identity-store")
                instanceof LoginGuard.Accepted a
                ? new CredentialValidationResult(a.account().username(), Set.of(a.account().role().name()))
                : CredentialValidationResult.INVALID_RESULT;
    }
}
