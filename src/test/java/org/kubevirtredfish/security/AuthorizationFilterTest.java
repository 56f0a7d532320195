package org.kubevirtredfish.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.SecurityContext;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kubevirtredfish.message.BaseMessage;
import org.kubevirtredfish.message.RedfishException;
import org.kubevirtredfish.openapi.OpenApiDocument;
import org.kubevirtredfish.resource.SessionCollectionResource;
import org.kubevirtredfish.resource.SystemResource;

public class AuthorizationFilterTest {

    public static final List<String> APIS = List.of("ServiceRootApi", "ComputerSystemCollectionApi", "ComputerSystemApi",
            "EthernetInterfaceApi", "SystemVirtualMediaApi", "ManagerCollectionApi", "ManagerApi", "VirtualMediaApi",
            "ChassisCollectionApi", "ChassisApi", "SessionServiceApi", "SessionCollectionApi", "SessionApi",
            "AccountServiceApi", "ManagerAccountCollectionApi", "ManagerAccountApi", "RoleCollectionApi", "RoleApi",
            "ProcessorApi", "MemoryApi", "SimpleStorageApi", "StorageApi", "SecureBootApi", "BiosApi",
            "EventServiceApi", "EventDestinationCollectionApi", "EventDestinationApi");
    static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    private static List<Class<?>> apis;
    private static OpenApiDocument doc;

    @BeforeAll
    static void load() throws ClassNotFoundException {
        apis = new ArrayList<>();
        for (String name : APIS) {
            apis.add(Class.forName("org.kubevirtredfish.api." + name));
        }
        doc = OpenApiDocument.load();
    }

    private static List<Method> operations() {
        List<Method> ops = new ArrayList<>();
        for (Class<?> api : apis) {
            assertTrue(api.isInterface(), api.getName());
            ops.addAll(Arrays.asList(api.getDeclaredMethods()));
        }
        return ops;
    }

    private static String httpMethod(Method m) {
        return Arrays.stream(m.getAnnotations()).map(a -> a.annotationType().getAnnotation(HttpMethod.class))
                .filter(Objects::nonNull).map(HttpMethod::value).findFirst()
                .orElseThrow(() -> new AssertionError(m + " has no HTTP method"));
    }

    private static String path(Method m) {
        Path classPath = m.getDeclaringClass().getAnnotation(Path.class);
        Path methodPath = m.getAnnotation(Path.class);
        return normalize((classPath == null ? "" : classPath.value()) + "/"
                + (methodPath == null ? "" : methodPath.value()));
    }

    private static String normalize(String p) {
        return p.replaceAll("/+", "/").replaceAll("(.)/$", "$1");
    }

    @Test
    void everyGeneratedOperationDeclaresItsPrivileges() {
        List<String> missing = new ArrayList<>();
        List<Method> ops = operations();
        assertTrue(ops.size() >= 25, "only " + ops.size() + " operations found");
        for (Method m : ops) {
            RequiredPrivileges p = m.getAnnotation(RequiredPrivileges.class);
            if (p == null || p.value().length == 0) {
                missing.add(m.getDeclaringClass().getSimpleName() + "." + m.getName());
            }
        }
        assertTrue(missing.isEmpty(), "operations without @RequiredPrivileges (denied to everyone): " + missing);
    }

    @Test
    void privilegesAgreeWithOpenApi() {
        Map<String, JsonNode> byOperation = new HashMap<>();
        JsonNode paths = doc.root().path("paths");
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (HTTP_METHODS.contains(op.getKey())) {
                    byOperation.put(op.getKey().toUpperCase(Locale.ROOT) + " " + normalize(path.getKey()),
                            op.getValue());
                }
            }
        }
        List<String> problems = new ArrayList<>();
        Set<String> seen = new TreeSet<>();
        for (Method m : operations()) {
            String key = httpMethod(m) + " " + path(m);
            seen.add(key);
            JsonNode op = byOperation.get(key);
            if (op == null) {
                problems.add(key + " (" + m.getName() + ") is not in openapi.yaml");
                continue;
            }
            if (!m.getName().equals(op.path("operationId").asText())) {
                problems.add(key + ": method " + m.getName() + " but operationId " + op.path("operationId"));
            }
            List<String> declared = new ArrayList<>();
            op.path("x-redfish-privileges").forEach(n -> declared.add(n.asText()));
            if (declared.isEmpty()) {
                problems.add(key + ": no x-redfish-privileges in openapi.yaml");
            }
            RequiredPrivileges p = m.getAnnotation(RequiredPrivileges.class);
            List<String> generated = p == null ? List.of() : Arrays.stream(p.value()).map(Enum::name).toList();
            if (!new TreeSet<>(declared).equals(new TreeSet<>(generated))) {
                problems.add(key + ": openapi.yaml " + declared + " vs @RequiredPrivileges " + generated);
            }
        }
        Set<String> notGenerated = new TreeSet<>(byOperation.keySet());
        notGenerated.removeAll(seen);
        assertTrue(notGenerated.isEmpty(), "openapi.yaml operations with no generated method: " + notGenerated);
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void privilegesAreTheDmtfOnesForTheKeyOperations() throws NoSuchMethodException {
        assertArrayEquals(new Privilege[] {Privilege.Login}, privileges(SystemResource.class, "getSystem", String.class));
        assertArrayEquals(new Privilege[] {Privilege.ConfigureComponents},
                privileges(SystemResource.class, "patchSystem", String.class, String.class, String.class));
        assertArrayEquals(new Privilege[] {Privilege.ConfigureComponents},
                privileges(SystemResource.class, "resetSystem", String.class, String.class, String.class));
        assertArrayEquals(new Privilege[] {Privilege.NoAuth},
                privileges(SessionCollectionResource.class, "createSession", String.class));
        // Redfish 1.8.0 privilege registry: ManagerAccount GET, ManagerAccountCollection GET, Role GET
        assertArrayEquals(new Privilege[] {Privilege.ConfigureManager, Privilege.ConfigureUsers, Privilege.ConfigureSelf},
                privileges(org.kubevirtredfish.resource.AccountResource.class, "getAccount", String.class));
        assertArrayEquals(new Privilege[] {Privilege.Login},
                privileges(org.kubevirtredfish.resource.AccountCollectionResource.class, "listAccounts"));
        assertArrayEquals(new Privilege[] {Privilege.Login},
                privileges(org.kubevirtredfish.resource.RoleResource.class, "getRole", String.class));
        // EventDestinationCollection POST, EventDestination GET and DELETE
        assertArrayEquals(new Privilege[] {Privilege.ConfigureManager, Privilege.ConfigureComponents},
                privileges(org.kubevirtredfish.resource.EventSubscriptionCollectionResource.class,
                        "createEventSubscription", String.class));
        assertArrayEquals(new Privilege[] {Privilege.Login},
                privileges(org.kubevirtredfish.resource.EventSubscriptionResource.class, "getEventSubscription",
                        String.class));
        assertArrayEquals(new Privilege[] {Privilege.ConfigureManager, Privilege.ConfigureSelf},
                privileges(org.kubevirtredfish.resource.EventSubscriptionResource.class, "deleteEventSubscription",
                        String.class));
    }

    private static Privilege[] privileges(Class<?> type, String name, Class<?>... params) throws NoSuchMethodException {
        return AuthorizationFilter.requiredPrivileges(type.getMethod(name, params)).orElseThrow();
    }

    @Test
    void requiredPrivilegesAreFoundThroughTheImplementingClass() throws NoSuchMethodException {
        Method impl = SystemResource.class.getMethod("getSystem", String.class);
        assertEquals(SystemResource.class, impl.getDeclaringClass());
        assertTrue(impl.getAnnotation(RequiredPrivileges.class) == null, "the annotation is on the interface only");
        assertArrayEquals(new Privilege[] {Privilege.Login}, AuthorizationFilter.requiredPrivileges(impl).orElseThrow());
    }

    /** A subclass of a resource (as a CDI proxy is) still finds the interface's annotation. */
    static class SubclassedSystemResource extends SystemResource {
        @Override
        public jakarta.ws.rs.core.Response getSystem(String id) {
            return null;
        }
    }

    @Test
    void requiredPrivilegesAreFoundThroughASubclass() throws NoSuchMethodException {
        Method m = SubclassedSystemResource.class.getMethod("getSystem", String.class);
        assertArrayEquals(new Privilege[] {Privilege.Login}, AuthorizationFilter.requiredPrivileges(m).orElseThrow());
    }

    @Test
    void noAnnotationMeansEmpty() throws Exception {
        assertTrue(AuthorizationFilter.requiredPrivileges(Object.class.getMethod("toString")).isEmpty());
        assertTrue(AuthorizationFilter.requiredPrivileges(
                SystemResource.class.getDeclaredMethod("representation",
                        Class.forName("org.kubevirtredfish.resource.CallerScope$VisibleSystem"))).isEmpty());
        assertTrue(AuthorizationFilter.requiredPrivileges(null).isEmpty());
    }

    @Test
    void optionsIsAnsweredByTheFrameworkWithoutResourceData() {
        AuthorizationFilter filter = new AuthorizationFilter();
        ContainerRequestContext options = proxy(ContainerRequestContext.class, Map.of("getMethod", "OPTIONS"));
        assertDoesNotThrow(() -> filter.filter(options));
    }

    // ---- the filter itself, over JDK dynamic proxies of the JAX-RS and servlet interfaces

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Map<String, Object> answers) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, args) -> {
            if (answers.containsKey(m.getName())) {
                Object a = answers.get(m.getName());
                return a instanceof java.util.function.Function<?, ?> f
                        ? ((java.util.function.Function<Object, Object>) f).apply(args == null ? null : args[0]) : a;
            }
            if (m.getName().equals("toString")) {
                return type.getSimpleName() + " proxy";
            }
            throw new UnsupportedOperationException(m.getName());
        });
    }

    private static AuthorizationFilter filter(Method resourceMethod, Caller caller, String principal) {
        AuthorizationFilter f = new AuthorizationFilter();
        f.resourceInfo = proxy(ResourceInfo.class, Map.of("getResourceMethod", resourceMethod));
        Map<String, Object> attributes = new HashMap<>();
        if (caller != null) {
            attributes.put(Caller.ATTRIBUTE, caller);
        }
        f.request = proxy(HttpServletRequest.class,
                Map.of("getAttribute", (java.util.function.Function<Object, Object>) attributes::get));
        return f;
    }

    private static ContainerRequestContext context(String principal) {
        Map<String, Object> security = new HashMap<>();
        security.put("getUserPrincipal", principal == null ? null : (Principal) () -> principal);
        SecurityContext sc = proxy(SecurityContext.class, security);
        return proxy(ContainerRequestContext.class, Map.of("getSecurityContext", sc, "getMethod", "GET"));
    }

    private static Method method(Class<?> type, String name, Class<?>... params) {
        try {
            return type.getMethod(name, params);
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }

    private static final Method GET_SYSTEM = method(SystemResource.class, "getSystem", String.class);
    private static final Method PATCH_SYSTEM = method(SystemResource.class, "patchSystem", String.class,
            String.class, String.class);
    private static final Method LOGIN = method(SessionCollectionResource.class, "createSession", String.class);

    @Test
    void publicRouteNeedsNoCaller() {
        assertDoesNotThrow(() -> filter(LOGIN, null, null).filter(context(null)));
    }

    @Test
    void noCallerIs401WithAChallenge() {
        RedfishException e = assertThrows(RedfishException.class,
                () -> filter(GET_SYSTEM, null, null).filter(context(null)));
        assertEquals(401, e.status());
        assertEquals(BaseMessage.NoValidSession, e.messages().get(0).message());
        String challenge = e.headers().get("WWW-Authenticate");
        assertNotNull(challenge);
        assertTrue(challenge.startsWith("Basic realm="), challenge);
    }

    @Test
    void callerWhoseNameIsNotThePrincipalIs401() {
        Caller alice = new Caller("alice", Role.Administrator, Set.of("x"), null);
        RedfishException e = assertThrows(RedfishException.class,
                () -> filter(GET_SYSTEM, alice, null).filter(context("mallory")));
        assertEquals(401, e.status());
        assertEquals(401, assertThrows(RedfishException.class,
                () -> filter(GET_SYSTEM, alice, null).filter(context(null))).status());
    }

    @Test
    void insufficientPrivilegeIs403() {
        Caller viewer = new Caller("viewer", Role.ReadOnly, Set.of("x"), null);
        assertDoesNotThrow(() -> filter(GET_SYSTEM, viewer, null).filter(context("viewer")));
        RedfishException e = assertThrows(RedfishException.class,
                () -> filter(PATCH_SYSTEM, viewer, null).filter(context("viewer")));
        assertEquals(403, e.status());
        assertEquals(BaseMessage.InsufficientPrivilege, e.messages().get(0).message());
        Caller operator = new Caller("op", Role.Operator, Set.of("x"), "s1");
        assertDoesNotThrow(() -> filter(PATCH_SYSTEM, operator, null).filter(context("op")));
    }

    @Test
    void unannotatedRouteIsDeniedEvenToAdministrators() {
        Caller admin = new Caller("admin", Role.Administrator, Set.of("x"), null);
        Method unannotated = method(Object.class, "toString");
        RedfishException e = assertThrows(RedfishException.class,
                () -> filter(unannotated, admin, null).filter(context("admin")));
        assertEquals(403, e.status());
        assertFalse(e.messages().isEmpty());
    }
}
