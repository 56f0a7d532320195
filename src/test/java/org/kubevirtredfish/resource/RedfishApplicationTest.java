package org.kubevirtredfish.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.kubevirtredfish.security.AuthorizationFilterTest;

/** Every generated JAX-RS interface is implemented by a class the application registers (else its routes 404). */
class RedfishApplicationTest {

    @Test
    void everyGeneratedApiIsServed() throws ClassNotFoundException {
        Set<Class<?>> registered = new RedfishApplication().getClasses();
        List<String> unserved = new java.util.ArrayList<>();
        for (String name : AuthorizationFilterTest.APIS) {
            Class<?> api = Class.forName("org.kubevirtredfish.api." + name);
            if (registered.stream().noneMatch(api::isAssignableFrom)) {
                unserved.add(name);
            }
        }
        assertEquals(List.of(), unserved);
    }
}
