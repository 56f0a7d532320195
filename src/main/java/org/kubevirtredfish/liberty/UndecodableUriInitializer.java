package org.kubevirtredfish.liberty;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import java.util.Set;

/**
 * Places {@link UndecodableUriContainer} when Liberty starts its first web module (see
 * {@link ChannelErrorPagesInitializer}: the same call, the same class loaders).
 */
public class UndecodableUriInitializer implements ServletContainerInitializer {

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) {
        UndecodableUriContainer.registerOnce(context.getClass());
    }
}
