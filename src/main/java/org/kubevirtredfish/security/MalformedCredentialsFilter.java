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
import org.kubevirtredfish.health.RequestLog;
import org.kubevirtredfish.message.BaseMessage;
import org.kubevirtredfish.message.ErrorBody;

/**
 * 401 with a Redfish body and the Basic challenge for a request whose {@code Authorization: Basic} header is
 * malformed (marked by {@link RedfishAuthenticationMechanism}), on every URL, the public ones included: the client
 * meant to authenticate and could not have (RFC 7235), and serving it anonymously would hide its mistake.
 */
@WebFilter(urlPatterns = "/*")
public class MalformedCredentialsFilter extends HttpFilter {

    static final String ATTRIBUTE = MalformedCredentialsFilter.class.getName();

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request.getAttribute(ATTRIBUTE) == null) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setHeader("WWW-Authenticate", AuthorizationFilter.CHALLENGE);
        response.setHeader("OData-Version", "4.0");
        response.setHeader("Cache-Control", "no-cache");
        response.setContentType("application/json;charset=utf-8");
        byte[] body = ErrorBody.of(List.of(BaseMessage.NoValidSession.with())).toString()
                .getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        RequestLog.refused(request, "malformed-basic");
    }
}
