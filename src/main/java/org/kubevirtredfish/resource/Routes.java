package org.kubevirtredfish.resource;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * What the generated JAX-RS interfaces say about a matched resource method: its route template and methods. Both
 * are worked out by reflection once per resource method and then kept (the set of methods is fixed): every
 * response asks for them.
 */
public final class Routes {

    private static final ConcurrentMap<Method, Optional<String>> ALLOWED = new ConcurrentHashMap<>();
    private static final ConcurrentMap<Method, Optional<String>> TEMPLATES = new ConcurrentHashMap<>();

    private Routes() {
    }

    /** The HTTP methods of every operation on the same path as {@code method} (plus HEAD with GET). */
    public static String allowed(Method method) {
        return method == null ? null : ALLOWED.computeIfAbsent(method, m -> Optional.ofNullable(computeAllowed(m)))
                .orElse(null);
    }

    private static String computeAllowed(Method method) {
        Class<?> api = apiOf(method);
        if (api == null) {
            return null;
        }
        String path;
        try {
            path = fullPath(api, api.getMethod(method.getName(), method.getParameterTypes()));
        } catch (NoSuchMethodException e) {
            return null;
        }
        Set<String> methods = new TreeSet<>();
        for (Method m : api.getMethods()) {
            if (fullPath(api, m).equals(path)) {
                httpMethod(m).ifPresent(methods::add);
            }
        }
        if (methods.contains(HttpMethod.GET)) {
            methods.add(HttpMethod.HEAD);
        }
        return methods.isEmpty() ? null : String.join(", ", methods);
    }

    /** The generated interface that declares the operation. */
    private static Class<?> apiOf(Method method) {
        Class<?> type = method.getDeclaringClass();
        if (type.isInterface()) {
            return type;
        }
        for (Class<?> api : type.getInterfaces()) {
            try {
                api.getMethod(method.getName(), method.getParameterTypes());
                return api;
            } catch (NoSuchMethodException e) {
                // another interface
            }
        }
        return null;
    }

    /** The path template of the operation, e.g. {@code /redfish/v1/Systems/{ComputerSystemId}}; null if none. */
    public static String template(Method method) {
        return method == null ? null : TEMPLATES.computeIfAbsent(method, m -> Optional.ofNullable(computeTemplate(m)))
                .orElse(null);
    }

    private static String computeTemplate(Method method) {
        Class<?> api = apiOf(method);
        if (api == null) {
            return null;
        }
        try {
            return fullPath(api, api.getMethod(method.getName(), method.getParameterTypes()));
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private static String fullPath(Class<?> api, Method m) {
        Path classPath = api.getAnnotation(Path.class);
        Path methodPath = m.getAnnotation(Path.class);
        String p = (classPath == null ? "" : classPath.value()) + "/" + (methodPath == null ? "" : methodPath.value());
        return p.replaceAll("/+", "/").replaceAll("(.)/$", "$1");
    }

    private static Optional<String> httpMethod(Method m) {
        return Arrays.stream(m.getAnnotations()).map(Annotation::annotationType)
                .map(t -> t.getAnnotation(HttpMethod.class)).filter(Objects::nonNull)
                .map(HttpMethod::value).findFirst();
    }
}
