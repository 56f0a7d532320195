package org.kubevirtredfish.resource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.annotation.Priority;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.kubevirtredfish.message.BaseMessage;
import org.kubevirtredfish.message.ErrorBody;
import org.kubevirtredfish.message.RedfishExceptionMapper;

/**
 * Accounts and roles are read-only: they are the users of config.yaml in the Secret. A POST, PATCH, PUT or DELETE
 * anywhere in the AccountService answers 405 OperationNotAllowed with {@code Allow: GET, HEAD} and, as the
 * message's Resolution (which a service may replace with a more specific one, Message v1_3_0), where accounts
 * are changed. DMTF's Protocol Validator reads a 405 or an Allow without POST as "accounts cannot be created
 * here" (Redfish-Protocol-Validator assertions/accounts.py, add_account).
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHORIZATION)
public class AccountWritesFilter implements ContainerRequestFilter {

    static final String RESOLUTION = "Accounts and roles cannot be changed through Redfish: they are the "
            + "authentication.users of config.yaml in the Secret kubevirt-redfish-secret. Edit config.yaml there "
            + "and restart the service.";
    private static final Pattern ACCOUNT_SERVICE =
            Pattern.compile("/redfish/v1/AccountService(/(Accounts|Roles)(/[^/]+)?)?/?");
    private static final Set<String> WRITES = Set.of(HttpMethod.POST, HttpMethod.PATCH, HttpMethod.PUT,
            HttpMethod.DELETE);

    @Override
    public void filter(ContainerRequestContext request) {
        if (!WRITES.contains(request.getMethod())
                || !ACCOUNT_SERVICE.matcher(request.getUriInfo().getRequestUri().getRawPath()).matches()) {
            return;
        }
        ObjectNode body = ErrorBody.of(List.of(BaseMessage.OperationNotAllowed.with()));
        ((ObjectNode) body.path("error").path("@Message.ExtendedInfo").get(0)).put("Resolution", RESOLUTION);
        request.abortWith(Response.status(405).type(RedfishExceptionMapper.JSON).entity(body.toString())
                .header(HttpHeaders.ALLOW, "GET, HEAD").build());
    }
}
