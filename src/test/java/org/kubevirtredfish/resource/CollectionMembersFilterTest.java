package org.kubevirtredfish.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.UriInfo;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CollectionMembersFilterTest {

    /** The URI the filter sent the request to, or null when it left it alone. */
    private static URI rewritten(String method, String uri) {
        AtomicReference<URI> to = new AtomicReference<>();
        UriInfo info = (UriInfo) Proxy.newProxyInstance(getClassLoader(), new Class<?>[] {UriInfo.class},
                (p, m, a) -> switch (m.getName()) {
                    case "getRequestUri" -> URI.create(uri);
                    case "getBaseUri" -> URI.create("http://h/");
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        ContainerRequestContext request = (ContainerRequestContext) Proxy.newProxyInstance(getClassLoader(),
                new Class<?>[] {ContainerRequestContext.class}, (p, m, a) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getUriInfo" -> info;
                    case "setRequestUri" -> {
                        to.set((URI) a[1]);
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        new CollectionMembersFilter().filter(request);
        return to.get();
    }

    private static ClassLoader getClassLoader() {
        return CollectionMembersFilterTest.class.getClassLoader();
    }

    @Test
    void postToMembersGoesToTheCollection() {
        assertEquals(URI.create("http://h/redfish/v1/SessionService/Sessions"),
                rewritten("POST", "http://h/redfish/v1/SessionService/Sessions/Members"));
        assertEquals(URI.create("http://h/redfish/v1/SessionService/Sessions?x=1"),
                rewritten("POST", "http://h/redfish/v1/SessionService/Sessions/Members?x=1"));
    }

    @Test
    void otherRequestsStay() {
        assertNull(rewritten("GET", "http://h/redfish/v1/SessionService/Sessions/Members"));
        assertNull(rewritten("POST", "http://h/redfish/v1/SessionService/Sessions"));
        assertNull(rewritten("POST", "http://h/redfish/v1/SessionService/Sessions/MembersX"));
        assertNull(rewritten("POST", "http://h/Members"));
    }
}
