package org.kubevirtredfish.liberty;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The OpenAPI document and its UI are read-only: GET and HEAD reach mpOpenAPI, every other method is a Redfish 405
 * OperationNotAllowed with {@code Allow: GET, HEAD}. Without it Liberty answered PUT and DELETE on /openapi with its
 * HTML 405 page and a PUT on /openapi/ui/ with the page itself.
 */
public class OpenApiMethodFilter implements Filter {

    static final String ALLOW = "GET, HEAD";
    static final String RESOLUTION = "The OpenAPI document and its UI are read-only: use GET.";

    /**
     * Base 1.22 OperationNotAllowed as the application's ErrorBody writes it, with this Resolution (Message v1_3_0
     * lets a service replace it). Written out because no JSON library is visible here; a unit test holds it to
     * ErrorBody and BaseMessage.
     */
    static final String BODY = "{\"error\":{\"code\":\"Base.1.22.OperationNotAllowed\","
            + "\"message\":\"The HTTP method is not allowed on this resource.\","
            + "\"@Message.ExtendedInfo\":[{\"@odata.type\":\"#Message.v1_3_0.Message\","
            + "\"MessageId\":\"Base.1.22.OperationNotAllowed\","
            + "\"Message\":\"The HTTP method is not allowed on this resource.\",\"MessageArgs\":[],"
            + "\"MessageSeverity\":\"Critical\",\"Resolution\":\"" + RESOLUTION + "\"}]}}";

    private static final byte[] BODY_BYTES = BODY.getBytes(StandardCharsets.UTF_8);

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        if ("GET".equals(http.getMethod()) || "HEAD".equals(http.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        HttpServletResponse answer = (HttpServletResponse) response;
        answer.setStatus(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
        answer.setHeader("Allow", ALLOW);
        answer.setHeader("OData-Version", "4.0");
        answer.setHeader("Cache-Control", "no-cache");
        if (http.getContentLengthLong() > 0 || http.getHeader("Transfer-Encoding") != null) {
            // the body stays unread: the connection cannot carry another request
            answer.setHeader("Connection", "close");
        }
        answer.setContentType("application/json;charset=utf-8");
        answer.setContentLength(BODY_BYTES.length);
        answer.getOutputStream().write(BODY_BYTES);
    }
}
