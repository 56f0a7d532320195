package org.kubevirtredfish.health;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRequestEvent;
import jakarta.servlet.ServletRequestListener;
import jakarta.servlet.annotation.WebListener;
import jakarta.servlet.http.HttpServletRequest;
import java.util.EnumSet;

/**
 * Puts {@link RequestLogServletFilter} before every annotated filter (the order of {@code @WebFilter}s is not
 * defined; a mapping added with isMatchAfter=false comes before the declared ones, Servlet 6.0
 * FilterRegistration.addMappingForUrlPatterns), gives each request its id as soon as the container creates it,
 * and clears the thread's log fields when it is done.
 */
@WebListener
public class RequestLogRegistration implements ServletContextListener, ServletRequestListener {

    @Override
    public void contextInitialized(ServletContextEvent event) {
        event.getServletContext().addFilter("requestLog", RequestLogServletFilter.class)
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
    }

    @Override
    public void requestInitialized(ServletRequestEvent event) {
        if (event.getServletRequest() instanceof HttpServletRequest request) {
            RequestLog.begin(request);
        }
    }

    @Override
    public void requestDestroyed(ServletRequestEvent event) {
        LogContext.remove(RequestLogLine.NAMES);
    }
}
