package org.kubevirtredfish.guard;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.kubevirtredfish.message.ErrorBody;
import org.kubevirtredfish.message.RedfishMessage;

/** A Redfish error answered from a servlet filter or error page, outside the JAX-RS runtime. */
final class ServletErrorReply {

    private ServletErrorReply() {
    }

    /**
     * Status, Redfish body and headers. {@code close}: the request body was not read, so the connection cannot
     * carry another request (and the container must not wait for the rest of that body).
     */
    static void send(HttpServletResponse response, int status, RedfishMessage message, Map<String, String> headers,
            boolean close) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(status);
        response.setHeader("OData-Version", "4.0");
        response.setHeader("Cache-Control", "no-cache");
        headers.forEach(response::setHeader);
        if (close) {
            response.setHeader("Connection", "close");
        }
        response.setContentType("application/json;charset=utf-8");
        byte[] body = ErrorBody.of(List.of(message)).toString().getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.flushBuffer();
    }
}
