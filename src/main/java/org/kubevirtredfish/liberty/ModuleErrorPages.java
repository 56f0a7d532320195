package org.kubevirtredfish.liberty;

import static org.kubevirtredfish.liberty.LibertyClasses.type;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import java.lang.reflect.Constructor;
import java.util.HashMap;
import java.util.List;
import java.util.logging.Logger;

/**
 * Gives Liberty's own web modules (/health, /openapi/ui, /metrics, /ibm/api) Redfish error pages. Without them Liberty
 * answers their errors with its HTML page, exception text included ("Error 404: jakarta.servlet.ServletException:
 * java.io.FileNotFoundException: SRVE0190E: File not found: /nope" for GET /health/nope). Their deployment
 * descriptors are Liberty's, and the Servlet API has no call that adds an error page, so the pages are set on each
 * module's configuration by reflection; the page itself is {@link ModuleErrorServlet}, added to the module through
 * the Servlet API. Found in Open Liberty 26.0.0.5 (lib/com.ibm.ws.webcontainer.jakarta_1.1.113.jar):
 * com.ibm.ws.webcontainer.webapp.WebApp#getConfiguration(), WebAppConfiguration#setCodeErrorPages(HashMap of
 * Integer to com.ibm.ws.container.ErrorPage(location, code)) and #setDefaultErrorPage(String), which
 * WebApp#getErrorPageDispatcher consults for every error the module answers itself but a 403 ("code 403 prevents
 * default error page"; see {@link #CODES}). A module that has error pages of its own (the application's, from its
 * web.xml) is left alone. If any step fails, one warning says so and that module keeps Liberty's pages.
 */
public final class ModuleErrorPages {

    static final String PATH = "/redfish-module-error";
    static final String WARNING = "A web module of Liberty's keeps Liberty's own HTML error pages: ";
    /**
     * As the application's WEB-INF/web.xml lists them, but 403: Liberty dispatches to an error page through the
     * module's security constraints, so under /metrics' and /ibm/api's (HTTPS and a role for every path) the page of
     * a 403 to a caller over HTTP was itself refused, logged as an "Error Page Exception" with its stack trace, and
     * the answer lost its body; a 403 keeps Liberty's page (and no default page applies to it). Their other errors
     * reach the page only after the caller has passed those constraints.
     */
    static final List<Integer> CODES = List.of(400, 401, 404, 405, 408, 413, 415, 500, 501, 503);

    private static final Logger LOG = Logger.getLogger(ModuleErrorPages.class.getName());

    private ModuleErrorPages() {
    }

    /** Installs the pages in this module unless it has error pages of its own; never throws. */
    public static void installIfNone(ServletContext context) {
        try {
            install(context);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.warning(WARNING + context.getContextPath() + ": " + e);
        }
    }

    /** @return whether the module got the pages (false: it has its own) */
    static boolean install(ServletContext context) throws ReflectiveOperationException {
        ClassLoader web = LibertyClasses.webContainerLoader(context.getClass());
        Class<?> configType = type("com.ibm.ws.webcontainer.webapp.WebAppConfiguration", web);
        Object config = type("com.ibm.ws.webcontainer.webapp.WebApp", web).getMethod("getConfiguration")
                .invoke(context);
        if ((Boolean) configType.getMethod("isErrorPagePresent").invoke(config)
                || configType.getMethod("getDefaultErrorPage").invoke(config) != null) {
            return false;
        }
        Constructor<?> page = type("com.ibm.ws.container.ErrorPage", web).getConstructor(String.class,
                String.class);
        HashMap<Integer, Object> pages = new HashMap<>();
        for (int code : CODES) {
            pages.put(code, page.newInstance(PATH, Integer.toString(code)));
        }
        ServletRegistration.Dynamic servlet = context.addServlet(ModuleErrorServlet.class.getSimpleName(),
                new ModuleErrorServlet());
        if (servlet == null) {
            throw new IllegalStateException("the module has a servlet of that name");
        }
        servlet.addMapping(PATH);
        configType.getMethod("setCodeErrorPages", HashMap.class).invoke(config, pages);
        configType.getMethod("setDefaultErrorPage", String.class).invoke(config, PATH);
        return true;
    }
}
