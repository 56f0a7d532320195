package org.kubevirtredfish.liberty;

import static org.kubevirtredfish.liberty.LibertyClasses.type;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * Answers with a Redfish 400 ({@link ChannelErrorBodies#undecodableUri()}) the request URIs Liberty's web container
 * would answer with its own HTML 400 ({@link WebContainerUriCheck}: {@code %zz}, {@code %00}). The web container
 * writes that page itself, before any web module, filter or error page is involved, and no setting changes it; so
 * this is an HTTP container of Liberty's, placed on each virtual host ahead of the web container. Found in Open
 * Liberty 26.0.0.5 (lib/com.ibm.ws.transport.http_1.0.113.jar): com.ibm.ws.http.internal.VirtualHostImpl (an OSGi
 * service of that class per virtual host) keeps its containers in {@code httpContainers}, a CopyOnWriteArraySet of
 * {@code VirtualHostImpl$HttpContainerContext(VirtualHostImpl, HttpContainer)} changed under {@code containerLock};
 * {@code VirtualHostImpl#discriminate} asks them in that order for {@code createRunnableHandler(HttpInboundConnection)}
 * and runs the first Runnable it gets. The web container is {@code webcontainer.osgi.DynamicVirtualHost}.
 * <p>
 * For every other request the container returns null at once, after the check, and the web container serves it as
 * before. It is inserted once, when Liberty starts its first web module: before its HTTP ports listen (they open
 * after the applications have started), so reordering the set cannot miss a request. Reached by reflection, as
 * {@link ChannelErrorPages}; if any step fails (another Liberty), one warning says so and the web container's own 400
 * stays. A virtual host that is configured anew while the server runs starts without it.
 */
public final class UndecodableUriContainer {

    static final String WARNING = "Request URIs Liberty's web container cannot decode (%zz, %00) keep its own HTML 400:"
            + " the container that answers them with a Redfish error could not be placed ahead of it: ";

    private static final Logger LOG = Logger.getLogger(UndecodableUriContainer.class.getName());
    private static final AtomicBoolean TRIED = new AtomicBoolean();

    private UndecodableUriContainer() {
    }

    /**
     * Places the container on every virtual host, once for the server; never throws.
     *
     * @param webContainer a class of Liberty's web container, such as that of its ServletContext
     */
    public static void registerOnce(Class<?> webContainer) {
        LibertyClasses.once(TRIED, () -> register(webContainer), LOG, WARNING);
    }

    /** @return how many virtual hosts now ask the container first */
    static int register(Class<?> webContainer) throws ReflectiveOperationException {
        ClassLoader transport = LibertyClasses.transportLoader(webContainer);
        WebContainerUriCheck check = WebContainerUriCheck.of(LibertyClasses.webContainerLoader(webContainer));
        Class<?> containerType = type("com.ibm.wsspi.http.HttpContainer", transport);
        Class<?> hostType = type("com.ibm.ws.http.internal.VirtualHostImpl", transport);
        Constructor<?> context = type("com.ibm.ws.http.internal.VirtualHostImpl$HttpContainerContext", transport)
                .getDeclaredConstructor(hostType, containerType);
        context.setAccessible(true);
        Object container = Proxy.newProxyInstance(transport, new Class<?>[] {containerType},
                new Container(check, Connection.of(transport)));
        List<Object> hosts = services(hostType, transport);
        if (hosts.isEmpty()) {
            throw new IllegalStateException("no virtual host");
        }
        for (Object host : hosts) {
            insertFirst(host, context.newInstance(host, container));
        }
        return hosts.size();
    }

    /** The registered OSGi services of this class, through the bundle that defines it. */
    private static List<Object> services(Class<?> serviceType, ClassLoader transport)
            throws ReflectiveOperationException {
        Class<?> bundleType = type("org.osgi.framework.Bundle", transport);
        Class<?> contextType = type("org.osgi.framework.BundleContext", transport);
        Class<?> referenceType = type("org.osgi.framework.ServiceReference", transport);
        Object bundle = type("org.osgi.framework.FrameworkUtil", transport).getMethod("getBundle", Class.class)
                .invoke(null, serviceType);
        Object bundleContext = bundle == null ? null : bundleType.getMethod("getBundleContext").invoke(bundle);
        if (bundleContext == null) {
            throw new IllegalStateException("no bundle context for " + serviceType.getName());
        }
        Object[] references = (Object[]) contextType.getMethod("getServiceReferences", String.class, String.class)
                .invoke(bundleContext, serviceType.getName(), null);
        List<Object> services = new ArrayList<>();
        Method getService = contextType.getMethod("getService", referenceType);
        for (Object reference : references == null ? new Object[0] : references) {
            Object service = getService.invoke(bundleContext, reference);
            if (service != null) {
                services.add(service);
            }
        }
        return services;
    }

    /**
     * Puts {@code context} first in the host's {@code httpContainers}, under its {@code containerLock} (as
     * VirtualHostImpl#addContextRoot changes the set): those already there are taken out and added again after it.
     */
    @SuppressWarnings("unchecked")
    static void insertFirst(Object host, Object context) throws ReflectiveOperationException {
        Object lock = field(host, "containerLock");
        Collection<Object> containers = (Collection<Object>) field(host, "httpContainers");
        synchronized (lock) {
            List<Object> others = new ArrayList<>(containers);
            others.remove(context);
            containers.add(context);
            containers.removeAll(others);
            containers.addAll(others);
        }
    }

    private static Object field(Object owner, String name) throws ReflectiveOperationException {
        Field field = owner.getClass().getDeclaredField(name);
        field.setAccessible(true);
        return field.get(owner);
    }

    /**
     * Liberty's HttpInboundConnection, through the methods this container calls: the request URI, and the answer
     * written and finished as the web container finishes its own (DynamicVirtualHost#sendError).
     */
    record Connection(Method getRequest, Method getUri, Method getVersion, Method getResponse, Method setStatus,
            Method setHeader, Method setContentLength, Method getBody, Method finish) {

        static Connection of(ClassLoader transport) throws ReflectiveOperationException {
            Class<?> connection = type("com.ibm.wsspi.http.HttpInboundConnection", transport);
            Class<?> request = type("com.ibm.wsspi.http.HttpRequest", transport);
            Class<?> response = type("com.ibm.wsspi.http.HttpResponse", transport);
            return new Connection(connection.getMethod("getRequest"), request.getMethod("getURI"),
                    request.getMethod("getVersion"), connection.getMethod("getResponse"), response.getMethod("setStatus", int.class),
                    response.getMethod("setHeader", String.class, String.class),
                    response.getMethod("setContentLength", long.class), response.getMethod("getBody"),
                    connection.getMethod("finish", Exception.class));
        }

        String uri(Object connection) throws ReflectiveOperationException {
            return (String) getUri.invoke(getRequest.invoke(connection));
        }

        /**
         * The 400 with the Redfish body; an HTTP/1 connection is closed after it, since a body the request may carry
         * is not read (HTTP/2 has no Connection header; the server's endpoint allows only HTTP/1.1 anyway).
         */
        void answer(Object connection) {
            Exception failure = null;
            try {
                byte[] body = ChannelErrorBodies.undecodableUri();
                Object version = getVersion.invoke(getRequest.invoke(connection));
                Object response = getResponse.invoke(connection);
                setStatus.invoke(response, 400);
                setHeader.invoke(response, "Content-Type", ChannelErrorBodies.CONTENT_TYPE);
                if (String.valueOf(version).startsWith("HTTP/1")) {
                    setHeader.invoke(response, "Connection", "close");
                }
                setContentLength.invoke(response, (long) body.length);
                try (OutputStream out = (OutputStream) getBody.invoke(response)) {
                    out.write(body);
                }
            } catch (ReflectiveOperationException | IOException | RuntimeException e) {
                failure = e;
            }
            try {
                finish.invoke(connection, failure);
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.fine(() -> "finishing the answer to an undecodable URI failed: " + e);
            }
        }
    }

    /** The HttpContainer: a Runnable that answers the URIs the web container would refuse, null for every other. */
    record Container(WebContainerUriCheck check, Connection connection) implements InvocationHandler {

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) {
            if (method.getDeclaringClass() == Object.class) {
                return LibertyClasses.objectMethod(proxy, method, args, "Redfish answers to undecodable URIs");
            }
            Object inbound = args[0];
            try {
                String uri = connection.uri(inbound);
                if (uri != null && check.refuses(uri)) {
                    return (Runnable) () -> connection.answer(inbound);
                }
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                LOG.fine(() -> "left to the web container: " + e);
            }
            return null;
        }
    }
}
