package org.kubevirtredfish.liberty;

import static org.kubevirtredfish.liberty.LibertyClasses.type;

import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URLDecoder;

/**
 * Whether Liberty's web container will refuse a request URI before any web module sees it, decided by Liberty's own
 * code run the same way. Open Liberty 26.0.0.5 (lib/com.ibm.ws.webcontainer.jakarta_1.1.113.jar):
 * com.ibm.ws.webcontainer.WebContainer#handleRequest(IRequest, IResponse, VirtualHost, RequestProcessor) takes
 * {@code IRequest#getRequestURI()} (osgi.request.IRequestImpl: {@code WebApp.normalize(HttpRequest#getURI())}),
 * decodes it with {@code URLDecoder.decode(uri, encoding)} when WCCustomProperties.DECODE_URL_PLUS_SIGN is set and
 * {@code util.WSURLDecoder.decode(uri, encoding)} otherwise, and, when {@code WebContainer.isServlet60orAbove}, runs
 * {@code wsspi.webcontainer.util.RequestUtils.canonicalizeURI(decoded)}; an exception from either step is answered by
 * {@code sendBadRequestResponse}, an HTML (or {@code {"error_message": ...}}) 400.
 */
record WebContainerUriCheck(UriStep normalize, UriStep decode, UriStep canonicalize) {

    /** One of the web container's String-to-String steps. */
    @FunctionalInterface
    interface UriStep {
        /**
         * @throws Thrown what Liberty's method threw; anything else (a reflection failure) is unchecked and means
         *     nothing about the URI
         */
        String apply(String uri) throws Thrown;
    }

    /** An exception Liberty's own method threw, carried as the cause. */
    static final class Thrown extends Exception {
        private static final long serialVersionUID = 1L;

        Thrown(Exception cause) {
            super(null, cause, false, false);
        }
    }

    /** The web container's steps, with its current URI encoding and custom properties. */
    static WebContainerUriCheck of(ClassLoader web) throws ReflectiveOperationException {
        Class<?> webContainer = type("com.ibm.ws.webcontainer.WebContainer", web);
        Object instance = webContainer.getMethod("getWebContainer").invoke(null);
        String encoding = instance == null ? null : (String) webContainer.getMethod("getURIEncoding").invoke(instance);
        if (encoding == null) {
            throw new IllegalStateException("the web container has no URI encoding yet");
        }
        boolean plusSign = type("com.ibm.wsspi.webcontainer.WCCustomProperties", web)
                .getField("DECODE_URL_PLUS_SIGN").getBoolean(null);
        boolean canonicalizes = webContainer.getField("isServlet60orAbove").getBoolean(null);
        UriStep normalize = step(type("com.ibm.ws.webcontainer.webapp.WebApp", web).getMethod("normalize",
                String.class));
        Method wsDecode = type("com.ibm.ws.webcontainer.util.WSURLDecoder", web).getMethod("decode", String.class,
                String.class);
        UriStep decode = plusSign ? uri -> jdkDecode(uri, encoding) : uri -> invoke(wsDecode, uri, encoding);
        UriStep canonicalize = canonicalizes
                ? step(type("com.ibm.wsspi.webcontainer.util.RequestUtils", web).getMethod("canonicalizeURI",
                        String.class))
                : uri -> uri;
        return new WebContainerUriCheck(normalize, decode, canonicalize);
    }

    /**
     * The web container will answer this raw request URI with its own 400: decoding threw (it catches Exception
     * there), or canonicalization threw an IOException (what it catches there). A URI that its normalization already
     * fails is left to it: that is not the answer this check stands for.
     */
    boolean refuses(String rawUri) {
        String uri;
        try {
            uri = normalize.apply(rawUri);
        } catch (Thrown notThisAnswer) {
            return false;
        }
        String decoded;
        try {
            decoded = decode.apply(uri);
        } catch (Thrown refused) {
            return true;
        }
        try {
            canonicalize.apply(decoded);
            return false;
        } catch (Thrown thrown) {
            return thrown.getCause() instanceof IOException;
        }
    }

    private static UriStep step(Method method) {
        return uri -> invoke(method, uri);
    }

    private static String jdkDecode(String uri, String encoding) throws Thrown {
        try {
            return URLDecoder.decode(uri, encoding);
        } catch (IllegalArgumentException | UnsupportedEncodingException e) {
            throw new Thrown(e);
        }
    }

    /** Calls a static method of Liberty's: what it throws as {@link Thrown}, a failure to call it unchecked. */
    private static String invoke(Method method, Object... args) throws Thrown {
        try {
            return (String) method.invoke(null, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception thrown) {
                throw new Thrown(thrown);
            }
            throw new IllegalStateException(method.getName() + " failed", e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
