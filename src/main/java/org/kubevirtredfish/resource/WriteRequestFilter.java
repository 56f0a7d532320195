package org.kubevirtredfish.resource;

import jakarta.annotation.Priority;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import java.util.Set;
import org.kubevirtredfish.message.BaseMessage;
import org.kubevirtredfish.message.RedfishException;

/**
 * Requests that change state (POST, PATCH, PUT, DELETE) only from this service's own origin and with JSON bodies.
 * A browser that has Basic credentials cached sends them along with another site's form or {@code fetch}: such a
 * "simple" cross-site request can carry only a {@code text/plain}, form or multipart body, or none, and browsers mark
 * it with {@code Sec-Fetch-Site} and {@code Origin}. So:
 * <ul>
 * <li>{@code Sec-Fetch-Site: cross-site} or {@code same-site} (another origin under the same site, such as another
 * Route under the cluster's apps domain), or an {@code Origin} whose host and port are not those of {@code Host}:
 * 403 HeaderInvalid;</li>
 * <li>a {@code Content-Type} other than {@code application/json} (a {@code charset} of UTF-8 allowed, as JSON is
 * UTF-8), or a body without any {@code Content-Type}: 415 HeaderInvalid. A request without body and without
 * {@code Content-Type} passes: that is how sushy 4.3 posts EjectMedia ({@code sushy/resources/manager/
 * virtual_media.py, VirtualMedia.eject_media}: {@code self._conn.post(target_uri)}); with a body it always sends
 * {@code Content-Type: application/json} ({@code sushy/connector.py, Connector._op}).</li>
 * </ul>
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHORIZATION)
public class WriteRequestFilter implements ContainerRequestFilter {

    private static final Set<String> WRITES = Set.of(HttpMethod.POST, HttpMethod.PATCH, HttpMethod.PUT,
            HttpMethod.DELETE);
    private static final Set<String> OTHER_ORIGIN_SITES = Set.of("cross-site", "same-site");

    @Override
    public void filter(ContainerRequestContext request) {
        if (!WRITES.contains(request.getMethod())) {
            return;
        }
        String fetchSite = request.getHeaderString("Sec-Fetch-Site");
        if (fetchSite != null && OTHER_ORIGIN_SITES.contains(fetchSite.trim().toLowerCase())) {
            throw refused(403, "Sec-Fetch-Site");
        }
        String origin = request.getHeaderString("Origin");
        if (origin != null && !SameOrigin.matches(origin, host(request))) {
            throw refused(403, "Origin");
        }
        String contentType = request.getHeaderString(HttpHeaders.CONTENT_TYPE);
        if (contentType != null ? !json(contentType) : hasBody(request)) {
            throw refused(415, HttpHeaders.CONTENT_TYPE);
        }
    }

    /** {@code Host}, or over HTTP/2 (which has {@code :authority} instead) the authority the request was sent to. */
    private static String host(ContainerRequestContext request) {
        String host = request.getHeaderString(HttpHeaders.HOST);
        if (host != null && !host.isBlank()) {
            return host;
        }
        try {
            return request.getUriInfo().getRequestUri().getRawAuthority();
        } catch (RuntimeException unusable) {
            return null;
        }
    }

    private static RedfishException refused(int status, String header) {
        return new RedfishException(status, List.of(BaseMessage.HeaderInvalid.with(header)));
    }

    /** {@code application/json}, with at most a UTF-8 charset among its parameters. */
    static boolean json(String contentType) {
        String[] parts = contentType.split(";");
        if (!parts[0].trim().equalsIgnoreCase("application/json")) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim();
            int eq = parameter.indexOf('=');
            if (eq < 0) {
                return false;
            }
            String name = parameter.substring(0, eq).trim();
            String value = parameter.substring(eq + 1).trim().replace("\"", "");
            if (name.equalsIgnoreCase("charset") && !value.equalsIgnoreCase("utf-8")) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasBody(ContainerRequestContext request) {
        return request.getLength() > 0 || request.getHeaderString("Transfer-Encoding") != null;
    }
}
