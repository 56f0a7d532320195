package org.kubevirtredfish.resource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import org.kubevirtredfish.api.AccountServiceApi;
import org.kubevirtredfish.security.LockoutPolicy;
import org.kubevirtredfish.security.LoginGuard;

/** The account service: read-only, the users of config.yaml, with the lockout that login enforces. */
@RequestScoped
public class AccountServiceResource implements AccountServiceApi {

    @Inject
    LoginGuard guard;

    @Override
    public Response getAccountService() {
        ObjectNode o = Json.resource(Uris.ACCOUNT_SERVICE, Uris.TYPE_ACCOUNT_SERVICE, "AccountService",
                "Account Service");
        o.put("Description", "The users of config.yaml (Secret kubevirt-redfish-secret); read-only");
        o.put("ServiceEnabled", true);
        ObjectNode status = o.putObject("Status");
        status.put("State", "Enabled");
        status.put("Health", "OK");
        o.put("AuthFailureLoggingThreshold", 1);
        LockoutPolicy lockout = guard.lockoutPolicy();
        o.put("AccountLockoutThreshold", lockout.threshold());
        o.put("AccountLockoutDuration", lockout.duration().toSeconds());
        o.put("AccountLockoutCounterResetAfter", lockout.counterResetAfter().toSeconds());
        o.put("AccountLockoutCounterResetEnabled", true);
        o.put("LocalAccountAuth", "Enabled");
        o.set("Accounts", Json.link(Uris.ACCOUNTS));
        o.set("Roles", Json.link(Uris.ROLES));
        return new Representation(o).ok();
    }
}
