package org.kubevirtredfish.liberty;

import java.lang.reflect.Method;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * Liberty's internal classes, reached by reflection through the class loaders of a web container class: the HTTP
 * transport bundle (the web container bundle imports its {@code com.ibm.wsspi.http.channel.values}) and the web
 * container bundle itself. Also the answers a proxy of one of Liberty's interfaces gives to Object's methods, and
 * registrations into Liberty made once for the server.
 */
final class LibertyClasses {

    private LibertyClasses() {
    }

    /** A registration into Liberty's internals, which may fail in another Liberty. */
    @FunctionalInterface
    interface Registration {
        void run() throws ReflectiveOperationException;
    }

    /**
     * Runs the registration the first time only (Liberty calls each initializer for every web module it starts);
     * never throws: a failure is one warning, {@code warning} followed by the exception.
     */
    static void once(AtomicBoolean tried, Registration registration, Logger log, String warning) {
        if (!tried.compareAndSet(false, true)) {
            return;
        }
        try {
            registration.run();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            log.warning(warning + e);
        }
    }

    /** The class loader of the HTTP transport bundle, through the first of the class's loaders that imports it. */
    static ClassLoader transportLoader(Class<?> webContainer) throws ClassNotFoundException {
        return loaderOf("com.ibm.wsspi.http.channel.values.StatusCodes", webContainer);
    }

    /** The class loader of the web container bundle (com.ibm.ws.webcontainer.jakarta). */
    static ClassLoader webContainerLoader(Class<?> webContainer) throws ClassNotFoundException {
        return loaderOf("com.ibm.ws.webcontainer.WebContainer", webContainer);
    }

    /** The loader that defines {@code name}, found through the loaders of the class and its superclasses. */
    private static ClassLoader loaderOf(String name, Class<?> webContainer) throws ClassNotFoundException {
        for (Class<?> c = webContainer; c != null; c = c.getSuperclass()) {
            try {
                return type(name, c.getClassLoader()).getClassLoader();
            } catch (ClassNotFoundException notImported) {
                // the superclass may come from another bundle
            }
        }
        throw new ClassNotFoundException(name + " from " + webContainer);
    }

    static Class<?> type(String name, ClassLoader loader) throws ClassNotFoundException {
        return Class.forName(name, false, loader);
    }

    /** What a proxy answers for equals, hashCode and toString: identity, and this name. */
    static Object objectMethod(Object proxy, Method method, Object[] args, String name) {
        return switch (method.getName()) {
            case "equals" -> proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            default -> name;
        };
    }
}
