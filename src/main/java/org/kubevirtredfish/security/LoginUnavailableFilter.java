package org.kubevirtredfish.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.logging.Logger;
import org.kubevirtredfish.health.LogText;
import org.kubevirtredfish.health.RequestLogFilter;
import org.kubevirtredfish.message.BaseMessage;
import org.kubevirtredfish.message.ErrorBody;

/**
 * 503 ServiceTemporarilyUnavailable with {@code Retry-After} for a request whose Basic credentials could not be
 * checked now (its source has used up its failed-login budget, or too many checks run at once; marked by
 * {@link RedfishAuthenticationMechanism}), on every URL: the client meant to authenticate, and neither a 401 (its
 * password may be right) nor an anonymous answer would be true.
 */
@WebFilter(urlPatterns = "/*")
public class LoginUnavailableFilter extends HttpFilter {

    static final String ATTRIBUTE = LoginUnavailableFilter.class.getName();
    private static final Logger LOG = Logger.getLogger(RequestLogFilter.class.getName());

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request.getAttribute(ATTRIBUTE) instanceof Long retryAfter)) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setHeader("Retry-After", Long.toString(retryAfter));
        response.setHeader("OData-Version", "4.0");
        response.setHeader("Cache-Control", "no-cache");
        response.setContentType("application/json;charset=utf-8");
        byte[] body = ErrorBody.of(List.of(BaseMessage.ServiceTemporarilyUnavailable.with(Long.toString(retryAfter))))
                .toString().getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        LOG.info(() -> String.format("%s %s 503 0ms user=- system=- request=- login-unavailable",
                LogText.decoded(request.getMethod()), LogText.raw(request.getRequestURI())));
    }
}
