package org.kubevirtredfish.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.util.Set;

/** The Jakarta Security identity store over config.yaml's users; the caller's group is its Redfish role. */
@ApplicationScoped
public class ConfigIdentityStore implements IdentityStore {

    @Inject
    UserDirectory users;

    @Override
    public CredentialValidationResult validate(Credential credential) {
        if (!(credential instanceof UsernamePasswordCredential up)) {
            return CredentialValidationResult.NOT_VALIDATED_RESULT;
        }
        return users.authenticate(up.getCaller(), up.getPasswordAsString())
                .map(a -> new CredentialValidationResult(a.username(), Set.of(a.role().name())))
                .orElse(CredentialValidationResult.INVALID_RESULT);
    }
}
