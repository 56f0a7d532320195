package org.kubevirtredfish.health;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.util.regex.Pattern;

/**
 * What the one request-log line of a request says, gathered as request attributes by whoever knows it (the
 * authentication mechanism, a login, the JAX-RS route, a filter that refuses the request) and written by
 * {@link RequestLogServletFilter} when the request ends. The request id is the client's {@code X-Request-ID} when
 * it is a plain token of at most 64 characters, else a new one ({@link RequestIds}); from {@link #begin} on, every
 * log line the request's thread writes carries it ({@code ext_request_id} in Liberty's JSON logs).
 */
public final class RequestLog {

    public static final String REQUEST_ID_HEADER = "X-Request-ID";
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final String PREFIX = RequestLog.class.getName() + ".";
    static final String STARTED = PREFIX + "started";
    static final String ID = PREFIX + "id";
    static final String USER = PREFIX + "user";
    static final String ATTEMPTED_USER = PREFIX + "attemptedUser";
    static final String SYSTEM = PREFIX + "system";
    static final String ROUTE = PREFIX + "route";
    static final String REFUSED = PREFIX + "refused";

    private RequestLog() {
    }

    /** Starts the request's clock and id once (idempotent: the earliest caller wins); returns the id. */
    public static String begin(HttpServletRequest request) {
        Object known = request.getAttribute(ID);
        if (known instanceof String id) {
            LogContext.put(RequestLogLine.REQUEST_ID, id);
            return id;
        }
        String given = request.getHeader(REQUEST_ID_HEADER);
        String id = given != null && SAFE_ID.matcher(given).matches() ? given : RequestIds.next();
        request.setAttribute(ID, id);
        request.setAttribute(STARTED, System.nanoTime());
        LogContext.put(RequestLogLine.REQUEST_ID, id);
        return id;
    }

    /** The authenticated user (a successful login included). */
    public static void user(ServletRequest request, String username) {
        request.setAttribute(USER, username);
    }

    /** The user name a failed login or Basic authentication tried; logged apart from {@code user}. */
    public static void attemptedUser(ServletRequest request, String username) {
        request.setAttribute(ATTEMPTED_USER, username);
    }

    /** The ComputerSystem or Manager id the request addressed. */
    public static void system(ServletRequest request, String system) {
        request.setAttribute(SYSTEM, system);
    }

    /** The matched route template (bounded: never a concrete id). */
    public static void route(ServletRequest request, String template) {
        request.setAttribute(ROUTE, template);
    }

    /** Why a filter answered the request itself, before any resource (e.g. "malformed-basic"). */
    public static void refused(ServletRequest request, String reason) {
        request.setAttribute(REFUSED, reason);
    }
}
