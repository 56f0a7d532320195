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
import java.util.List;

/**
 * The OpenAPI document and its UI are read-only: GET and HEAD reach mpOpenAPI, every other method is a Redfish 405
 * OperationNotAllowed with {@code Allow: GET, HEAD}. Without it Liberty answered PUT and DELETE on /openapi with its
 * HTML 405 page and a PUT on /openapi/ui/ with the page itself. A read of any other path of the document's module is
 * a Redfish 404: mpOpenAPI answers it with a 404 and an empty {@code text/plain} body that it commits itself, which
 * no error page sees (Open Liberty 26.0.0.5
 * io.openliberty.microprofile.openapi.2.0.internal.servlet.jakarta: ApplicationServlet#doGet serves the document
 * only when {@code getServletPath()} is null or "/"; the filter applies the same test).
 */
public class OpenApiMethodFilter implements Filter {

    static final String ALLOW = "GET, HEAD";
    /** The document's module (liberty/server.xml {@code <mpOpenAPI docPath>}); the UI has its own. */
    static final String DOCUMENT_CONTEXT = "/openapi";
    static final String RESOLUTION = "The OpenAPI document and its UI are read-only: use GET.";

    /**
     * Base 1.22 OperationNotAllowed as the application's ErrorBody writes it, with this Resolution (Message v1_3_0
     * lets a service replace it); a unit test holds it to ErrorBody and BaseMessage.
     */
    static final String BODY = ErrorJson.of("OperationNotAllowed", "The HTTP method is not allowed on this resource.",
            List.of(), RESOLUTION);

    private static final byte[] BODY_BYTES = BODY.getBytes(StandardCharsets.UTF_8);

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        HttpServletResponse answer = (HttpServletResponse) response;
        if ("GET".equals(http.getMethod()) || "HEAD".equals(http.getMethod())) {
            String servletPath = http.getServletPath();
            if (DOCUMENT_CONTEXT.equals(http.getContextPath()) && servletPath != null && !"/".equals(servletPath)) {
                notFound(http, answer);
                return;
            }
            chain.doFilter(request, response);
            return;
        }
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

    private static void notFound(HttpServletRequest request, HttpServletResponse answer) throws IOException {
        byte[] body = ModuleErrorBodies.forStatus(HttpServletResponse.SC_NOT_FOUND, request.getRequestURI())
                .getBytes(StandardCharsets.UTF_8);
        answer.setStatus(HttpServletResponse.SC_NOT_FOUND);
        answer.setHeader("OData-Version", "4.0");
        answer.setHeader("Cache-Control", "no-cache");
        answer.setContentType(ChannelErrorBodies.CONTENT_TYPE);
        answer.setContentLength(body.length);
        answer.getOutputStream().write(body);
    }
}
