package org.kubevirtredfish.liberty;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The error page of Liberty's own web modules ({@link ModuleErrorPages}): the Redfish body of the status Liberty
 * answered ({@link ModuleErrorBodies}), with the headers of the application's error answers. Headers Liberty set
 * before (a 401's WWW-Authenticate) stay. Asked for directly, it is an unknown URI.
 */
public class ModuleErrorServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        int status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code ? code : 404;
        String uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String u ? u
                : request.getRequestURI();
        byte[] body = ModuleErrorBodies.forStatus(status, uri).getBytes(StandardCharsets.UTF_8);
        response.resetBuffer();
        response.setStatus(status);
        response.setHeader("OData-Version", "4.0");
        response.setHeader("Cache-Control", "no-cache");
        response.setContentType(ChannelErrorBodies.CONTENT_TYPE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.flushBuffer();
    }
}
