package org.kubevirtredfish.guard;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.kubevirtredfish.health.LogText;
import org.kubevirtredfish.health.RequestLogFilter;
import org.kubevirtredfish.message.BaseMessage;

/**
 * A {@code Host} header that is no URI authority (RFC 9110 section 7.2: {@code uri-host [ ":" port ]}) is 400
 * {@code HeaderInvalid} with a Redfish body: the JAX-RS runtime builds the request's base URI from it and failed
 * with a 500 and a stack trace.
 */
@WebFilter(urlPatterns = "/*")
public class HostHeaderFilter extends HttpFilter {

    /** RFC 3986 host: an IP literal in brackets, or reg-name / IPv4 characters; then an optional port. */
    private static final Pattern AUTHORITY = Pattern.compile(
            "(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9._~!$&'()*+,;=-]*)(:[0-9]{0,5})?");
    private static final Logger LOG = Logger.getLogger(RequestLogFilter.class.getName());

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String host = request.getHeader("Host");
        if (host == null || isAuthority(host)) {
            chain.doFilter(request, response);
            return;
        }
        ServletErrorReply.send(response, 400, BaseMessage.HeaderInvalid.with("Host"), Map.of(), true);
        LOG.info(() -> String.format("%s %s 400 0ms user=- system=- request=- invalid-host",
                LogText.decoded(request.getMethod()), LogText.raw(request.getRequestURI())));
    }

    static boolean isAuthority(String host) {
        return host.length() <= 261 && AUTHORITY.matcher(host).matches();
    }
}
