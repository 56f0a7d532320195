package org.kubevirtredfish.liberty;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import java.util.Set;

/**
 * Installs {@link ModuleErrorPages} in each web module Liberty starts that has no error pages of its own: Liberty
 * calls every ServletContainerInitializer of a BELL library for each web module, its own included (see
 * {@link OpenApiMethodsInitializer}).
 */
public class ModuleErrorPagesInitializer implements ServletContainerInitializer {

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) {
        ModuleErrorPages.installIfNone(context);
    }
}
