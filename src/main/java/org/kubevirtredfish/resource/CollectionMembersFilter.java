package org.kubevirtredfish.resource;

import jakarta.annotation.Priority;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.ext.Provider;
import java.net.URI;

/**
 * DSP0266 lets a client create a collection member with a POST to the collection's {@code Members} as well as to
 * the collection itself, and DMTF's Protocol Validator tries both. The route is declared in openapi.yaml (for the
 * authorization matrix) but JAX-RS would match {@code .../Sessions/Members} to the class of
 * {@code .../Sessions/{SessionId}} first and answer 405; so the request is sent to the collection before matching.
 */
@Provider
@PreMatching
@Priority(Priorities.HEADER_DECORATOR)
public class CollectionMembersFilter implements ContainerRequestFilter {

    static final String MEMBERS = "/Members";

    @Override
    public void filter(ContainerRequestContext request) {
        URI uri = request.getUriInfo().getRequestUri();
        String path = uri.getRawPath();
        if (HttpMethod.POST.equals(request.getMethod()) && path != null && path.endsWith(MEMBERS)
                && path.length() > MEMBERS.length()) {
            URI collection = UriBuilder.fromUri(uri)
                    .replacePath(path.substring(0, path.length() - MEMBERS.length())).build();
            request.setRequestUri(request.getUriInfo().getBaseUri(), collection);
        }
    }
}
