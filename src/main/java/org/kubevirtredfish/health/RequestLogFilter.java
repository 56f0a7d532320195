package org.kubevirtredfish.health;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.time.Duration;
import java.util.UUID;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.kubevirtredfish.resource.Routes;
import org.kubevirtredfish.security.Caller;

/**
 * One log line per request (method, path, status, duration, user, system, correlation id) and the request
 * metrics. The correlation id is the client's {@code X-Request-ID} when it is a plain token, else a new one; it is
 * returned in the same header. Headers and bodies are never logged, so neither are credentials.
 */
@Provider
@PreMatching
@Priority(1)
@ApplicationScoped
public class RequestLogFilter implements ContainerRequestFilter, ContainerResponseFilter {

    public static final String REQUEST_ID = "X-Request-ID";
    private static final Logger LOG = Logger.getLogger(RequestLogFilter.class.getName());
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final String STARTED = RequestLogFilter.class.getName() + ".started";

    @Inject
    ServiceMetrics metrics;

    @Context
    ResourceInfo resourceInfo;

    @Context
    HttpServletRequest servletRequest;

    @Override
    public void filter(ContainerRequestContext request) {
        request.setProperty(STARTED, System.nanoTime());
        String given = request.getHeaderString(REQUEST_ID);
        request.setProperty(REQUEST_ID, given != null && SAFE_ID.matcher(given).matches()
                ? given : UUID.randomUUID().toString());
    }

    /** Never throws: a failure here would replace the response the client was about to get. */
    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Object id = request.getProperty(REQUEST_ID);
        if (id == null) {
            return;
        }
        response.getHeaders().putSingle(REQUEST_ID, id);
        try {
            log(request, response, id);
        } catch (RuntimeException e) {
            LOG.warning(() -> "request log line not written: " + e.getClass().getSimpleName()
                    + " request=" + id);
        }
    }

    private void log(ContainerRequestContext request, ContainerResponseContext response, Object id) {
        Object started = request.getProperty(STARTED);
        Duration took = Duration.ofNanos(started instanceof Long s ? System.nanoTime() - s : 0);
        String route = Routes.template(resourceInfo == null ? null : resourceInfo.getResourceMethod());
        metrics.request(route == null ? "unmatched" : route, request.getMethod(), response.getStatus(), took);
        var params = request.getUriInfo().getPathParameters();
        String system = params.containsKey("ComputerSystemId") ? params.getFirst("ComputerSystemId")
                : params.getFirst("ManagerId");
        Object caller = servletRequest.getAttribute(Caller.ATTRIBUTE);
        String user = caller instanceof Caller c ? c.username() : "-";
        LOG.info(() -> String.format("%s %s %d %dms user=%s system=%s request=%s", LogText.decoded(request.getMethod()),
                LogText.raw(servletRequest.getRequestURI()), response.getStatus(), took.toMillis(),
                LogText.decoded(user), system == null ? "-" : LogText.decoded(system), id));
    }
}
