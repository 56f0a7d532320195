package floor;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Set;

/**
 * Accepts the bench's Basic credential or its session token (fixed values, compared in constant time) and notifies
 * the container as the service's mechanism does; GET / needs no login.
 */
@ApplicationScoped
public class FloorAuthentication implements HttpAuthenticationMechanism {

    private static final byte[] BASIC = ("Basic " + Base64.getEncoder()
            .encodeToString("admin:demo-admin".getBytes(StandardCharsets.UTF_8))).getBytes(StandardCharsets.UTF_8);
    private static final byte[] TOKEN = "floor-session-token".getBytes(StandardCharsets.UTF_8);

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
            HttpMessageContext context) {
        if (matches(request.getHeader("Authorization"), BASIC) || matches(request.getHeader("X-Auth-Token"), TOKEN)) {
            return context.notifyContainerAboutLogin("admin", Set.of("Administrator"));
        }
        if ("/redfish/v1/".equals(request.getRequestURI())) {
            return context.doNothing();
        }
        return context.responseUnauthorized();
    }

    private static boolean matches(String header, byte[] expected) {
        return header != null && MessageDigest.isEqual(header.getBytes(StandardCharsets.UTF_8), expected);
    }
}
