package org.kubevirtredfish.resource;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Whether an {@code Origin} header names the host the request was sent to. Host and port are compared, not the
 * scheme: behind an OpenShift Route that ends TLS the browser's origin is {@code https://host} while the service
 * itself is reached over plain HTTP with the same {@code Host}; a {@code Host} without port then stands for the
 * default port of the origin's scheme. {@code Origin: null} (a sandboxed or local document) never matches.
 */
final class SameOrigin {

    private SameOrigin() {
    }

    static boolean matches(String origin, String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        try {
            URI o = new URI(origin.trim());
            String scheme = o.getScheme() == null ? "" : o.getScheme().toLowerCase(Locale.ROOT);
            int defaultPort = switch (scheme) {
                case "http" -> 80;
                case "https" -> 443;
                default -> -1;
            };
            if (defaultPort < 0 || o.getHost() == null || o.getRawPath() != null && !o.getRawPath().isEmpty()) {
                return false;
            }
            URI h = new URI("http://" + host.trim());
            if (h.getHost() == null || h.getRawPath() != null && !h.getRawPath().isEmpty()) {
                return false;
            }
            int originPort = o.getPort() < 0 ? defaultPort : o.getPort();
            int hostPort = h.getPort() < 0 ? defaultPort : h.getPort();
            return o.getHost().equalsIgnoreCase(h.getHost()) && originPort == hostPort;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
