package org.kubevirtredfish.liberty;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import java.util.Set;

/**
 * Registers {@link ChannelErrorPages} when Liberty starts its first web module: Liberty calls every
 * ServletContainerInitializer of a BELL library for each web module (see {@link OpenApiMethodsInitializer}), and the
 * ServletContext it passes is one of its web container's classes, whose class loaders lead to the HTTP transport.
 */
public class ChannelErrorPagesInitializer implements ServletContainerInitializer {

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) {
        ChannelErrorPages.registerOnce(context.getClass());
    }
}
