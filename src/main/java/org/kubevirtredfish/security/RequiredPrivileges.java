package org.kubevirtredfish.security;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The privileges a route needs, declared per operation in openapi/openapi.yaml
 * ({@code x-redfish-privileges}) and generated onto the JAX-RS interface methods. Any one of them
 * suffices (the registry's OR); {@code NoAuth} makes the route public. A route without this annotation is
 * denied to everyone.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface RequiredPrivileges {
    Privilege[] value();
}
