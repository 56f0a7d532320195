package org.kubevirtredfish.message;

import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every failure that is not already a {@link RedfishException}: the framework's own (unknown URI, method not
 * allowed, unsupported media type) become their Redfish message; anything else is an InternalError whose
 * details go to the log under an incident id, never to the client.
 */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(UnexpectedExceptionMapper.class.getName());

    @Context
    UriInfo uriInfo;

    @Override
    public Response toResponse(Throwable t) {
        RedfishException e = translate(t);
        return RedfishExceptionMapper.toResponse(e.status(), e);
    }

    RedfishException translate(Throwable t) {
        if (t instanceof RedfishException r) {
            return r;
        }
        if (t instanceof NotFoundException) {
            String path = uriInfo == null ? "" : "/" + uriInfo.getPath();
            return RedfishException.of(BaseMessage.ResourceMissingAtURI, path.replace("//", "/"));
        }
        if (t instanceof NotAllowedException na) {
            String allow = String.join(", ", na.getResponse().getAllowedMethods());
            return new RedfishException(405, List.of(BaseMessage.OperationNotAllowed.with()),
                    allow.isEmpty() ? Map.of() : Map.of(HttpHeaders.ALLOW, allow));
        }
        if (t instanceof NotSupportedException) {
            return new RedfishException(415, List.of(BaseMessage.HeaderInvalid.with("Content-Type")));
        }
        if (t instanceof NotAcceptableException) {
            return new RedfishException(406, List.of(BaseMessage.HeaderInvalid.with("Accept")));
        }
        if (t instanceof WebApplicationException wae && wae.getResponse().getStatus() < 500) {
            return new RedfishException(wae.getResponse().getStatus(), List.of(BaseMessage.GeneralError.with()));
        }
        String incident = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "internal error, incident " + incident, t);
        return RedfishException.of(BaseMessage.InternalError);
    }
}
