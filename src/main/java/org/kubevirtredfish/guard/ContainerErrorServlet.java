package org.kubevirtredfish.guard;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Logger;
import org.kubevirtredfish.health.LogText;
import org.kubevirtredfish.message.BaseMessage;
import org.kubevirtredfish.message.RedfishMessage;

/**
 * The error page of every status the servlet container answers on its own (WEB-INF/web.xml): a Redfish error body
 * instead of Liberty's HTML with exception text (e.g. "Error 404: jakarta.servlet.ServletException: SRVE0190E" for
 * /WEB-INF/..., "Error 400: SRVE0295E" for an overlong UTF-8 escape). Asked for directly, it is an unknown URI.
 */
@WebServlet(urlPatterns = ContainerErrorServlet.PATH)
public class ContainerErrorServlet extends HttpServlet {

    static final String PATH = "/redfish-container-error";
    private static final Logger LOG = Logger.getLogger(ContainerErrorServlet.class.getName());

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String path = uri instanceof String u ? u : request.getRequestURI();
        int status = code instanceof Integer c ? c : 404;
        Throwable failure = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable t ? t : null;
        if (status >= 500 && failure != null) {
            String incident = UUID.randomUUID().toString();
            LOG.severe(() -> "internal error, incident " + incident + ": " + failure.getClass().getName() + " on "
                    + LogText.raw(path));
        }
        Map<String, String> headers = status == 401
                ? Map.of("WWW-Authenticate", "Basic realm=\"Redfish\", charset=\"UTF-8\"") : Map.of();
        ServletErrorReply.send(response, status, message(status, path), headers, false);
    }

    static RedfishMessage message(int status, String path) {
        return switch (status) {
            case 401 -> BaseMessage.NoValidSession.with();
            case 403 -> BaseMessage.InsufficientPrivilege.with();
            case 404 -> BaseMessage.ResourceMissingAtURI.with(LogText.raw(path));
            case 405 -> BaseMessage.OperationNotAllowed.with();
            case 413 -> BaseMessage.PayloadTooLarge.with();
            case 415 -> BaseMessage.HeaderInvalid.with("Content-Type");
            case 503 -> BaseMessage.ServiceTemporarilyUnavailable.with(Integer.toString(BodyIntakeFilter.RETRY_AFTER_SECONDS));
            default -> status >= 500 ? BaseMessage.InternalError.with() : BaseMessage.GeneralError.with();
        };
    }
}
