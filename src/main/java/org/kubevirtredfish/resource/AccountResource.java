package org.kubevirtredfish.resource;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import org.kubevirtredfish.api.ManagerAccountApi;
import org.kubevirtredfish.message.BaseMessage;
import org.kubevirtredfish.message.RedfishException;

/** One account: 404 when it does not exist or the caller may not read it (see {@link AccountView}). */
@RequestScoped
public class AccountResource implements ManagerAccountApi {

    @Inject
    AccountView accounts;

    @Override
    public Response getAccount(String managerAccountId) {
        return accounts.find(managerAccountId).map(a -> new Representation(accounts.payload(a)).ok())
                .orElseThrow(() -> RedfishException.of(BaseMessage.ResourceNotFound, "ManagerAccount",
                        managerAccountId));
    }
}
