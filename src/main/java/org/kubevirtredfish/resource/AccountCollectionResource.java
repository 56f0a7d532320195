package org.kubevirtredfish.resource;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import org.kubevirtredfish.api.ManagerAccountCollectionApi;

/** The accounts the caller may read (see {@link AccountView}). */
@RequestScoped
public class AccountCollectionResource implements ManagerAccountCollectionApi {

    @Inject
    AccountView accounts;

    @Override
    public Response listAccounts() {
        return new Representation(Json.collection(Uris.ACCOUNTS, Uris.TYPE_ACCOUNTS, "Accounts Collection",
                accounts.visible().stream().map(a -> Uris.account(a.username())).toList())).ok();
    }
}
