package org.kubevirtredfish.liberty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenApiMethodsInitializerTest {

    /** The filters registered on a context with the given path: name, filter, dispatchers and URL patterns. */
    private static List<Object> registered(String contextPath) {
        List<Object> calls = new ArrayList<>();
        FilterRegistration.Dynamic registration = (FilterRegistration.Dynamic) Proxy.newProxyInstance(
                OpenApiMethodsInitializerTest.class.getClassLoader(), new Class<?>[] {FilterRegistration.Dynamic.class},
                (p, m, args) -> {
                    if (!m.getName().equals("addMappingForUrlPatterns")) {
                        throw new UnsupportedOperationException(m.getName());
                    }
                    calls.add(args[0]);
                    calls.add(args[1]);
                    calls.add(List.of((String[]) args[2]));
                    return null;
                });
        ServletContext context = (ServletContext) Proxy.newProxyInstance(
                OpenApiMethodsInitializerTest.class.getClassLoader(), new Class<?>[] {ServletContext.class},
                (p, m, args) -> switch (m.getName()) {
                    case "getContextPath" -> contextPath;
                    case "addFilter" -> {
                        if (!(args[1] instanceof jakarta.servlet.Filter)) {
                            throw new UnsupportedOperationException("addFilter by class name");
                        }
                        calls.add(args[0]);
                        calls.add(args[1]);
                        yield registration;
                    }
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        new OpenApiMethodsInitializer().onStartup(null, context);
        return calls;
    }

    @Test
    void theDocumentAndTheUiGetTheFilterOnEveryPath() {
        for (String path : List.of("/openapi", "/openapi/ui")) {
            List<Object> calls = registered(path);
            assertEquals(5, calls.size(), path + ": " + calls);
            assertInstanceOf(OpenApiMethodFilter.class, calls.get(1));
            assertEquals(EnumSet.of(DispatcherType.REQUEST), calls.get(2));
            assertEquals(false, calls.get(3), "before mpOpenAPI's own filters");
            assertEquals(List.of("/*"), calls.get(4));
        }
    }

    @Test
    void otherWebModulesAreLeftAlone() {
        for (String path : List.of("", "/", "/health", "/metrics", "/openapi-x", "/redfish")) {
            assertTrue(registered(path).isEmpty(), path);
        }
    }
}
