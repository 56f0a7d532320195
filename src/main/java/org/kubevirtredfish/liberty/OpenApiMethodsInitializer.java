package org.kubevirtredfish.liberty;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import java.util.EnumSet;
import java.util.Set;

/**
 * Puts {@link OpenApiMethodFilter} in front of MicroProfile OpenAPI's two web modules, the document and its UI.
 * They are Liberty's own, so nothing of the application reaches them; but Liberty calls every
 * ServletContainerInitializer that a BELL library provides for each web module it starts, its internal ones included
 * (Open Liberty 26.0.0.5 com.ibm.ws.webcontainer.webapp.WebApp#initializeExtensionPointSCIs, through
 * com.ibm.ws.webcontainer.osgi.WebContainer#getServletContainerInitializerExtension).
 */
public class OpenApiMethodsInitializer implements ServletContainerInitializer {

    /** The context roots of liberty/server.xml's {@code <mpOpenAPI docPath uiPath>}. */
    public static final Set<String> OPENAPI_CONTEXTS = Set.of("/openapi", "/openapi/ui");

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) {
        if (!OPENAPI_CONTEXTS.contains(context.getContextPath())) {
            return;
        }
        FilterRegistration.Dynamic filter = context.addFilter(OpenApiMethodFilter.class.getSimpleName(),
                new OpenApiMethodFilter());
        filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
    }
}
