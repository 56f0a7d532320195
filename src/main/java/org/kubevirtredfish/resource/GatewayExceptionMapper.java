package org.kubevirtredfish.resource;

import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.kubevirtredfish.health.LogText;
import org.kubevirtredfish.kubevirt.GatewayException;
import org.kubevirtredfish.message.BaseMessage;
import org.kubevirtredfish.message.RedfishException;
import org.kubevirtredfish.message.RedfishExceptionMapper;
import org.kubevirtredfish.message.RedfishMessage;

/** What the Redfish client is told when KubeVirt refuses or cannot be reached; details stay in the log. */
@Provider
public class GatewayExceptionMapper implements ExceptionMapper<GatewayException> {

    private static final Logger LOG = Logger.getLogger(GatewayExceptionMapper.class.getName());

    private static final String INSERT = "VirtualMedia.InsertMedia";

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
        if (e instanceof GatewayException.PreconditionFailed) {
            LOG.info(() -> path() + ": precondition failed: " + e.getMessage());
            return RedfishException.of(BaseMessage.PreconditionFailed);
        }
        if (e instanceof GatewayException.Conflict) {
            LOG.info(() -> path() + ": conflict: " + e.getMessage());
            return RedfishException.of(BaseMessage.ResourceInUse);
        }
        if (e instanceof GatewayException.BadRequest b) {
            return b.property() == null ? RedfishException.of(BaseMessage.GeneralError)
                    : RedfishException.of(BaseMessage.PropertyValueNotInList, b.value(), b.property());
        }
        if (e instanceof GatewayException.ImageUnavailable i) {
            // the cause (host, address, status) for administrators; escaped, spaces kept for reading
            LOG.info(() -> LogText.raw(path()) + ": InsertMedia refused: "
                    + LogText.decoded(i.getMessage()).replace("%20", " "));
            return badRequest(IMAGE_REFUSED);
        }
        if (e instanceof GatewayException.ImageTooLarge t) {
            LOG.info(() -> path() + ": InsertMedia refused: " + t.getMessage());
            return badRequest(BaseMessage.ActionParameterValueOutOfRange.with(t.shownImage(), "Image", INSERT));
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

    /**
     * Whatever made the image unusable (no such host, refused or timed out connection, TLS, 401/403/404, a denied
     * address, a redirect to another host), the client gets this one answer: an Operator must not learn from it
     * which internal addresses and ports answer. 400, so Ironic does not retry it; the cause is in the log.
     */
    static final RedfishMessage IMAGE_REFUSED = BaseMessage.ActionParameterValueError.with("Image", INSERT);

    private static RedfishException badRequest(RedfishMessage message) {
        return new RedfishException(400, List.of(message));
    }

    private String path() {
        return uri == null ? "" : uri.getRequestUri().getRawPath();
    }
}
