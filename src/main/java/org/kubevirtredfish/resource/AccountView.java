package org.kubevirtredfish.resource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.kubevirtredfish.security.Account;
import org.kubevirtredfish.security.Caller;
import org.kubevirtredfish.security.LoginGuard;
import org.kubevirtredfish.security.Privilege;
import org.kubevirtredfish.security.UserDirectory;

/**
 * Which accounts a caller may read (privilege registry: ManagerAccount GET needs ConfigureManager, ConfigureUsers
 * or ConfigureSelf): its own always; others with ConfigureUsers or ConfigureManager, and then only those that
 * share a chassis with it, so that one tenant does not learn the user names of another. An account the caller
 * may not read is answered like one that does not exist.
 */
@RequestScoped
public class AccountView {

    @Inject
    CallerScope scope;

    @Inject
    UserDirectory users;

    @Inject
    LoginGuard guard;

    List<Account> visible() {
        Caller caller = scope.caller();
        return users.accounts().stream().filter(a -> mayRead(caller, a)).toList();
    }

    Optional<Account> find(String username) {
        return visible().stream().filter(a -> a.username().equals(username)).findFirst();
    }

    private static boolean mayRead(Caller caller, Account account) {
        if (account.username().equals(caller.username())) {
            return true;
        }
        return caller.role().mayUse(Privilege.ConfigureUsers, Privilege.ConfigureManager)
                && !Collections.disjoint(caller.chassis(), account.chassis());
    }

    ObjectNode payload(Account a) {
        ObjectNode o = Json.resource(Uris.account(a.username()), Uris.TYPE_ACCOUNT, a.username(), "User Account");
        o.put("Description", "A user of config.yaml; change it in the Secret kubevirt-redfish-secret");
        o.put("UserName", a.username());
        o.put("RoleId", a.role().name());
        o.put("Enabled", true);
        o.put("Locked", guard.isLocked(a.username()));
        o.putNull("Password");
        o.set("AccountTypes", Json.strings(List.of("Redfish")));
        o.putObject("Links").set("Role", Json.link(Uris.role(a.role().name())));
        return o;
    }
}
