package org.kubevirtredfish.resource;

import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.kubevirtredfish.kubevirt.GatewayException;
import org.kubevirtredfish.message.BaseMessage;
import org.kubevirtredfish.message.RedfishException;
import org.kubevirtredfish.message.RedfishExceptionMapper;

/** What the Redfish client is told when KubeVirt refuses or cannot be reached; details stay in the log. */
@Provider
public class GatewayExceptionMapper implements ExceptionMapper<GatewayException> {

    private static final Logger LOG = Logger.getLogger(GatewayExceptionMapper.class.getName());

    @Context
    UriInfo uri;

    @Override
    public Response toResponse(GatewayException e) {
        RedfishException r = translate(e);
        return RedfishExceptionMapper.toResponse(r.status(), r);
    }

    private RedfishException translate(GatewayException e) {
        if (e instanceof GatewayException.NotFound) {
            return RedfishException.of(BaseMessage.ResourceMissingAtURI, path());
        }
        if (e instanceof GatewayException.Conflict) {
            LOG.info(() -> path() + ": conflict: " + e.getMessage());
            return RedfishException.of(BaseMessage.ResourceInUse);
        }
        if (e instanceof GatewayException.BadRequest b) {
            return b.property() == null ? RedfishException.of(BaseMessage.GeneralError)
                    : RedfishException.of(BaseMessage.PropertyValueNotInList, b.value(), b.property());
        }
        if (e instanceof GatewayException.Unavailable u) {
            LOG.warning(() -> path() + ": KubeVirt unavailable: " + u.getMessage());
            String seconds = Integer.toString(u.retryAfterSeconds());
            return new RedfishException(503, List.of(BaseMessage.ServiceTemporarilyUnavailable.with(seconds)),
                    Map.of("Retry-After", seconds));
        }
        if (e instanceof GatewayException.Forbidden) {
            LOG.severe(() -> path() + ": the cluster refused this service's ServiceAccount (RBAC): " + e.getMessage());
            return RedfishException.of(BaseMessage.OperationFailed);
        }
        return RedfishException.of(BaseMessage.InternalError);
    }

    private String path() {
        return uri == null ? "" : uri.getRequestUri().getRawPath();
    }
}
