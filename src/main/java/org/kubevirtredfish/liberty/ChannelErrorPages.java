package org.kubevirtredfish.liberty;

import static org.kubevirtredfish.liberty.LibertyClasses.type;

import java.lang.reflect.Array;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * Gives the answers Liberty's HTTP channel writes itself a Redfish body ({@link ChannelErrorBodies}) by registering
 * the channel's error page service, which nothing of Liberty registers. Found in Open Liberty 26.0.0.5
 * (lib/com.ibm.ws.transport.http_1.0.113.jar): HttpInboundServiceContextImpl#sendError(HttpError) sets the status and
 * calls HttpServiceContextImpl#loadErrorBody(HttpError, HttpRequestMessage, HttpResponseMessage), which asks
 * {@code HttpDispatcher.getFramework().lookupService(HttpErrorPageService.class).access(localPort)} for a provider and
 * takes the body from its {@code accessPage(host, port, request, response)}.
 * <p>
 * Those types are not SPI that an application or a user feature may import, so they are reached by reflection
 * through the class loader of Liberty's transport bundle, found from a web container class (the web container bundle
 * imports the transport's {@code com.ibm.wsspi.http.channel.values}). If any step fails (another Liberty), one
 * warning says so and Liberty's own bodies stay. Liberty's Netty transport (beta editions only in 26.0.0.5:
 * HttpEndpointImpl#activate reads useNettyTransport only if ProductInfo.getBetaEdition()) calls accessPage without a
 * request and a response and takes the length of the returned array as Content-Length
 * (netty.pipeline.inbound.HttpDispatcherHandler#loadErrorPage): there the provider gives no body.
 */
public final class ChannelErrorPages {

    static final String WARNING = "Liberty's own answers to requests it cannot read (400, 408) or whose declared"
            + " body is over messageSizeLimit (413) keep Liberty's empty bodies: its HTTP error page service could"
            + " not be registered: ";

    private static final Logger LOG = Logger.getLogger(ChannelErrorPages.class.getName());
    private static final AtomicBoolean TRIED = new AtomicBoolean();

    private ChannelErrorPages() {
    }

    /**
     * Registers the service once for the server (Liberty calls this for every web module it starts); never throws.
     *
     * @param webContainer a class of Liberty's web container, such as that of its ServletContext
     */
    public static void registerOnce(Class<?> webContainer) {
        LibertyClasses.once(TRIED, () -> register(webContainer), LOG, WARNING);
    }

    /**
     * Registers the service unless one is registered already.
     *
     * @return whether this call registered it
     */
    static boolean register(Class<?> webContainer) throws ReflectiveOperationException {
        ClassLoader transport = LibertyClasses.transportLoader(webContainer);
        Class<?> serviceType = type("com.ibm.wsspi.http.channel.error.HttpErrorPageService", transport);
        Class<?> providerType = type("com.ibm.wsspi.http.channel.error.HttpErrorPageProvider", transport);
        Class<?> responseType = type("com.ibm.wsspi.http.channel.HttpResponseMessage", transport);
        providerType.getMethod("accessPage", String.class, int.class,
                type("com.ibm.wsspi.http.channel.HttpRequestMessage", transport), responseType);
        Class<?> factory = type("com.ibm.wsspi.channelfw.ChannelFrameworkFactory", transport);
        Class<?> frameworkType = type("com.ibm.wsspi.channelfw.ChannelFramework", transport);
        Object framework = factory.getMethod("getChannelFramework").invoke(null);
        Object bufferManager = factory.getMethod("getBufferManager").invoke(null);
        if (framework == null || bufferManager == null) {
            throw new IllegalStateException("no channel framework or buffer manager");
        }
        Provider pages = new Provider(type("com.ibm.wsspi.bytebuffer.WsByteBuffer", transport), bufferManager,
                type("com.ibm.wsspi.bytebuffer.WsByteBufferPoolManager", transport).getMethod("wrap", byte[].class),
                responseType.getMethod("getStatusCodeAsInt"),
                responseType.getMethod("setHeader", String.class, String.class));
        if (frameworkType.getMethod("lookupService", Class.class).invoke(framework, serviceType) != null) {
            return false;
        }
        Object provider = Proxy.newProxyInstance(transport, new Class<?>[] {providerType}, pages);
        Object service = Proxy.newProxyInstance(transport, new Class<?>[] {serviceType}, new Service(provider));
        frameworkType.getMethod("registerService", Class.class, Object.class).invoke(framework, serviceType, service);
        return true;
    }

    /**
     * The HttpErrorPageProvider: sets the JSON Content-Type on the response and gives the body for its status, one
     * WsByteBuffer (the channel writes, then releases it). Called only for the channel's own error answers.
     */
    record Provider(Class<?> bufferType, Object bufferManager, Method wrap, Method status, Method setHeader)
            implements InvocationHandler {

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) {
            if (method.getDeclaringClass() == Object.class) {
                return LibertyClasses.objectMethod(proxy, method, args, "Redfish error pages");
            }
            Object response = args[3];
            if (response == null) {
                return null;
            }
            try {
                byte[] body = ChannelErrorBodies.forStatus((Integer) status.invoke(response));
                Object[] page = (Object[]) Array.newInstance(bufferType, 1);
                page[0] = wrap.invoke(bufferManager, (Object) body);
                setHeader.invoke(response, "Content-Type", ChannelErrorBodies.CONTENT_TYPE);
                return page;
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null; // Liberty's own body
            }
        }
    }

    /** The HttpErrorPageService: the provider for every port; registrations of others are refused. */
    private record Service(Object provider) implements InvocationHandler {

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) {
            if (method.getDeclaringClass() == Object.class) {
                return LibertyClasses.objectMethod(proxy, method, args, "Redfish error page service");
            }
            return switch (method.getName()) {
                case "access" -> provider;
                case "register" -> false;
                default -> null;
            };
        }
    }
}
