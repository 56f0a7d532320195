package org.kubevirtredfish.guard;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.kubevirtredfish.health.LogText;
import org.kubevirtredfish.health.RequestLogFilter;
import org.kubevirtredfish.message.BaseMessage;
import org.kubevirtredfish.security.Caller;

/**
 * Every request body is read here, whole, before any Redfish route runs, so that no client can hold a server thread
 * by sending one slowly: at most {@link #MAX_BYTES} (413 otherwise, refused on its {@code Content-Length} before
 * reading), within {@code request.body.timeout} seconds (408 otherwise). Requests without valid credentials (a
 * login, or an attacker) may be sending a body on at most {@code request.anonymous_bodies.max} threads at once; the
 * next one gets 503 with {@code Retry-After} at once, its body unread, so the threads that health probes and
 * authenticated clients need stay free. A charset Java does not know is 415. A client that closes the connection
 * or stalls past the endpoint's read timeout gets one request-log line, not an incident.
 */
@WebFilter(urlPatterns = "/*")
public class BodyIntakeFilter extends HttpFilter {

    /** Larger bodies are never legitimate for this service. */
    public static final int MAX_BYTES = 16 * 1024;
    static final int RETRY_AFTER_SECONDS = 5;

    private static final Logger LOG = Logger.getLogger(RequestLogFilter.class.getName());

    private Semaphore anonymousBodies;
    private Duration deadline;

    @Override
    public void init() {
        Config config = ConfigProvider.getConfig();
        anonymousBodies = new Semaphore(Math.max(1,
                config.getOptionalValue("request.anonymous_bodies.max", Integer.class).orElse(4)));
        deadline = Duration.ofSeconds(Math.max(1,
                config.getOptionalValue("request.body.timeout", Integer.class).orElse(10)));
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        long declared = request.getContentLengthLong();
        boolean chunked = request.getHeader("Transfer-Encoding") != null;
        if (declared <= 0 && !chunked) {
            chain.doFilter(request, response);
            return;
        }
        long started = System.nanoTime();
        if (declared > MAX_BYTES) {
            refuse(request, response, started, 413, BaseMessage.PayloadTooLarge.with(), Map.of(), "body-too-large");
            return;
        }
        if (!knownCharset(charset(request.getContentType()))) {
            refuse(request, response, started, 415, BaseMessage.HeaderInvalid.with("Content-Type"), Map.of(),
                    "unknown-charset");
            return;
        }
        boolean anonymous = !(request.getAttribute(Caller.ATTRIBUTE) instanceof Caller);
        if (anonymous && !anonymousBodies.tryAcquire()) {
            refuse(request, response, started, 503,
                    BaseMessage.ServiceTemporarilyUnavailable.with(Integer.toString(RETRY_AFTER_SECONDS)),
                    Map.of("Retry-After", Integer.toString(RETRY_AFTER_SECONDS)), "anonymous-bodies-busy");
            return;
        }
        BoundedBody.Result body;
        try {
            body = BoundedBody.read(request.getInputStream(), MAX_BYTES, deadline, System::nanoTime);
        } catch (IOException e) {
            // The client closed the connection, or sent nothing for the endpoint's readTimeout.
            refuse(request, response, started, 408, BaseMessage.GeneralError.with(), Map.of(),
                    "body-not-received " + e.getClass().getSimpleName());
            return;
        } finally {
            if (anonymous) {
                anonymousBodies.release();
            }
        }
        switch (body.outcome()) {
            case TOO_LARGE -> refuse(request, response, started, 413, BaseMessage.PayloadTooLarge.with(), Map.of(),
                    "body-too-large");
            case TOO_SLOW -> refuse(request, response, started, 408, BaseMessage.GeneralError.with(), Map.of(),
                    "body-too-slow");
            case COMPLETE -> chain.doFilter(new BufferedBodyRequest(request, body.bytes()), response);
        }
    }

    /**
     * The {@code charset} parameter of a Content-Type (RFC 9110 section 8.3), read here: the container's own
     * {@code getCharacterEncoding()} logs a stack trace for a charset it does not know.
     */
    static String charset(String contentType) {
        if (contentType == null) {
            return null;
        }
        for (String parameter : contentType.split(";")) {
            int eq = parameter.indexOf('=');
            if (eq > 0 && parameter.substring(0, eq).trim().equalsIgnoreCase("charset")) {
                String value = parameter.substring(eq + 1).trim();
                return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                        ? value.substring(1, value.length() - 1) : value;
            }
        }
        return null;
    }

    static boolean knownCharset(String name) {
        if (name == null) {
            return true;
        }
        try {
            return Charset.isSupported(name);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The body is not (wholly) read: the answer closes the connection. A write to a gone client is dropped. */
    private static void refuse(HttpServletRequest request, HttpServletResponse response, long started, int status,
            org.kubevirtredfish.message.RedfishMessage message, Map<String, String> headers, String reason) {
        try {
            ServletErrorReply.send(response, status, message, headers, true);
        } catch (IOException | RuntimeException e) {
            // the client is gone; the log line below says what happened
        }
        String user = request.getAttribute(Caller.ATTRIBUTE) instanceof Caller c ? LogText.decoded(c.username()) : "-";
        LOG.info(() -> String.format("%s %s %d %dms user=%s system=- request=- %s", LogText.decoded(request.getMethod()),
                LogText.raw(request.getRequestURI()), status, (System.nanoTime() - started) / 1_000_000, user, reason));
    }
}
