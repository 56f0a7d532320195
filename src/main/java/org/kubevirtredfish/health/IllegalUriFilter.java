package org.kubevirtredfish.health;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.kubevirtredfish.message.BaseMessage;
import org.kubevirtredfish.message.ErrorBody;

/**
 * A request URI with characters a URI may not hold ({@code | " { } ^ < >}, a space, a raw non-ASCII byte) names
 * no Redfish resource: 404 with a Redfish body before the JAX-RS runtime sees it (RESTEasy cannot build a
 * {@code java.net.URI} of it and fails every filter that asks for one); the request log says it refused it.
 */
@WebFilter(urlPatterns = "/*")
public class IllegalUriFilter extends HttpFilter {

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String uri = request.getRequestURI();
        String query = request.getQueryString();
        if (isLegal(uri) && (query == null || isLegal(query))) {
            chain.doFilter(request, response);
            return;
        }
        String shown = LogText.raw(uri);
        response.setStatus(HttpServletResponse.SC_NOT_FOUND);
        response.setHeader("OData-Version", "4.0");
        response.setHeader("Cache-Control", "no-cache");
        response.setContentType("application/json;charset=utf-8");
        byte[] body = ErrorBody.of(List.of(BaseMessage.ResourceMissingAtURI.with(shown))).toString()
                .getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        RequestLog.refused(request, "illegal-uri");
    }

    /** Only the characters RFC 3986 allows in a path or query, and '%' only as the start of an escape. */
    static boolean isLegal(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length() || !isHex(text.charAt(i + 1)) || !isHex(text.charAt(i + 2))) {
                    return false;
                }
            } else if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || "-._~!$&'()*+,;=:@/?".indexOf(c) >= 0)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0 && c < 128;
    }
}
