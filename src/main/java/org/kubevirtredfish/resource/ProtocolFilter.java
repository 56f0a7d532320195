package org.kubevirtredfish.resource;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import org.kubevirtredfish.message.BaseMessage;
import org.kubevirtredfish.message.RedfishException;

/**
 * DSP0266 on every request and response: an {@code OData-Version} other than 4.0 is refused (412), {@code $}
 * query parameters are not supported (501, as ProtocolFeaturesSupported says), and every answer carries
 * {@code OData-Version}, {@code Cache-Control: no-cache} (power state must never be served stale) and
 * {@code Allow} with the methods of the matched resource.
 */
@Provider
@PreMatching
@Priority(Priorities.HEADER_DECORATOR)
public class ProtocolFilter implements ContainerRequestFilter, ContainerResponseFilter {

    @Context
    ResourceInfo resourceInfo;

    @Override
    public void filter(ContainerRequestContext request) {
        if (request.getLength() > RequestBody.MAX_LENGTH) {
            throw RedfishException.of(BaseMessage.PayloadTooLarge); // before anything reads the body
        }
        String odataVersion = request.getHeaderString("OData-Version");
        if (odataVersion != null && !odataVersion.trim().equals("4.0")) {
            throw new RedfishException(412, java.util.List.of(BaseMessage.HeaderInvalid.with("OData-Version")));
        }
        for (String name : request.getUriInfo().getQueryParameters().keySet()) {
            if (name.startsWith("$") || name.equals("only") || name.equals("excerpt")) {
                throw RedfishException.of(BaseMessage.QueryParameterUnsupported, name);
            }
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        response.getHeaders().putSingle("OData-Version", "4.0");
        response.getHeaders().putSingle(HttpHeaders.CACHE_CONTROL, "no-cache");
        if (!response.getHeaders().containsKey(HttpHeaders.ALLOW)) {
            String allow = Routes.allowed(resourceInfo == null ? null : resourceInfo.getResourceMethod());
            if (allow != null) {
                response.getHeaders().putSingle(HttpHeaders.ALLOW, allow);
            }
        }
    }
}
