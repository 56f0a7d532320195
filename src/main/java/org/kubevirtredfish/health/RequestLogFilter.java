package org.kubevirtredfish.health;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import org.kubevirtredfish.resource.Routes;

/**
 * Tells the request log ({@link RequestLogServletFilter}) what only JAX-RS knows: the matched route template and
 * the ComputerSystem or Manager the request addressed. Its logger name is the one of the request-log lines.
 */
@Provider
@Priority(1)
@ApplicationScoped
public class RequestLogFilter implements ContainerResponseFilter {

    @Context
    ResourceInfo resourceInfo;

    @Context
    HttpServletRequest servletRequest;

    /** Never throws: a failure here would replace the response the client was about to get. */
    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        try {
            String route = Routes.template(resourceInfo == null ? null : resourceInfo.getResourceMethod());
            if (route != null) {
                RequestLog.route(servletRequest, route);
            }
            var params = request.getUriInfo().getPathParameters();
            String system = params.containsKey("ComputerSystemId") ? params.getFirst("ComputerSystemId")
                    : params.getFirst("ManagerId");
            if (system != null) {
                RequestLog.system(servletRequest, system);
            }
        } catch (RuntimeException e) {
            RequestLogServletFilter.LOG.fine(() -> "route of the request not known: " + e.getClass().getSimpleName());
        }
    }
}
