package org.kubevirtredfish.health;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.logging.Logger;
import org.kubevirtredfish.security.Caller;

/**
 * Writes the one request-log line of every request to the application and counts it, whatever answered it: a
 * resource, or a filter that refused the request before JAX-RS (malformed credentials, an illegal URI). It is
 * the outermost filter ({@link RequestLogRegistration} maps it before the annotated ones). Headers and bodies are
 * never logged, so neither are credentials.
 */
public class RequestLogServletFilter extends HttpFilter {

    /** The logger of the request lines (the name operators filter on). */
    static final Logger LOG = Logger.getLogger(RequestLogFilter.class.getName());

    @Inject
    ServiceMetrics metrics;

    /** Writes the lines off the request thread; null before {@link #init()} (then the line is written here). */
    private volatile RequestLogWriter writer;

    @Override
    public void init() {
        writer = new RequestLogWriter(RequestLogWriter.CAPACITY, RequestLogServletFilter::log);
    }

    @Override
    public void destroy() {
        RequestLogWriter w = writer;
        writer = null;
        if (w != null) {
            w.close();
        }
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String id = RequestLog.begin(request);
        response.setHeader(RequestLog.REQUEST_ID_HEADER, id);
        boolean thrown = true;
        try {
            chain.doFilter(request, response);
            thrown = false;
        } finally {
            write(request, response, id, thrown);
        }
    }

    /** Never throws: a failure here would replace the response the client was about to get. */
    private void write(HttpServletRequest request, HttpServletResponse response, String id, boolean thrown) {
        try {
            RequestLogLine line = line(request, thrown && !response.isCommitted() ? 500 : response.getStatus(), id);
            if (metrics != null) {
                metrics.request(line.route() == null ? "unmatched" : line.route(), LogText.decoded(line.method(), 16),
                        line.status());
            }
            RequestLogWriter w = writer;
            if (w != null) {
                w.write(line);
            } else {
                log(line);
            }
        } catch (RuntimeException e) {
            LOG.warning(() -> "request log line not written: " + e.getClass().getSimpleName());
        } finally {
            LogContext.remove(RequestLogLine.NAMES);
        }
    }

    /** Logs the line with its fields (Liberty's JSON log has each as {@code ext_<name>}) on the current thread. */
    private static void log(RequestLogLine line) {
        try {
            LogContext.putAll(line.fields());
            LOG.info(line.message());
        } finally {
            LogContext.remove(RequestLogLine.NAMES);
        }
    }

    static RequestLogLine line(HttpServletRequest request, int status, String id) {
        Object started = request.getAttribute(RequestLog.STARTED);
        long millis = started instanceof Long s ? (System.nanoTime() - s) / 1_000_000 : 0;
        Object user = request.getAttribute(RequestLog.USER);
        if (user == null && request.getAttribute(Caller.ATTRIBUTE) instanceof Caller caller) {
            user = caller.username();
        }
        return new RequestLogLine(request.getMethod(), request.getRequestURI(), status, millis, (String) user,
                (String) request.getAttribute(RequestLog.ATTEMPTED_USER),
                (String) request.getAttribute(RequestLog.SYSTEM), (String) request.getAttribute(RequestLog.ROUTE), id,
                request.getRemoteAddr(), request.getHeader("User-Agent"),
                (String) request.getAttribute(RequestLog.REFUSED));
    }
}
