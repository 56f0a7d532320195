package org.kubevirtredfish.security;

import jakarta.annotation.Priority;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kubevirtredfish.message.BaseMessage;
import org.kubevirtredfish.message.RedfishException;

/**
 * Deny by default: a route is served only if its operation declares {@link RequiredPrivileges} (generated from
 * {@code x-redfish-privileges} in openapi/openapi.yaml onto the JAX-RS interface) and the caller's role has one of
 * them. No credentials or bad ones: 401 with {@code WWW-Authenticate}; too few privileges: 403. Which VMs a caller
 * may see (its chassis) is decided where systems are looked up, and answers 404.
 */
@Provider
@Priority(Priorities.AUTHORIZATION)
public class AuthorizationFilter implements ContainerRequestFilter {

    static final String CHALLENGE = "Basic realm=\"Redfish\", charset=\"UTF-8\"";

    @Context
    ResourceInfo resourceInfo;

    @Context
    HttpServletRequest request;

    @Override
    public void filter(ContainerRequestContext context) {
        if (HttpMethod.OPTIONS.equals(context.getMethod())) {
            return; // the framework's answer: the route's Allow header, no resource data
        }
        Privilege[] required = requiredPrivileges(resourceInfo.getResourceMethod())
                .orElseThrow(() -> RedfishException.of(BaseMessage.InsufficientPrivilege));
        if (List.of(required).contains(Privilege.NoAuth)) {
            return;
        }
        Object caller = request.getAttribute(Caller.ATTRIBUTE);
        if (!(caller instanceof Caller c) || context.getSecurityContext().getUserPrincipal() == null
                || !c.username().equals(context.getSecurityContext().getUserPrincipal().getName())) {
            throw new RedfishException(401, List.of(BaseMessage.NoValidSession.with()),
                    Map.of(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE));
        }
        if (!c.role().mayUse(required)) {
            throw RedfishException.of(BaseMessage.InsufficientPrivilege);
        }
    }

    /** The annotation on the method or on the generated interface method it implements. */
    static Optional<Privilege[]> requiredPrivileges(Method method) {
        if (method == null) {
            return Optional.empty();
        }
        RequiredPrivileges direct = method.getAnnotation(RequiredPrivileges.class);
        if (direct != null) {
            return Optional.of(direct.value());
        }
        for (Class<?> type = method.getDeclaringClass(); type != null; type = type.getSuperclass()) {
            for (Class<?> api : type.getInterfaces()) {
                try {
                    RequiredPrivileges declared = api.getMethod(method.getName(), method.getParameterTypes())
                            .getAnnotation(RequiredPrivileges.class);
                    if (declared != null) {
                        return Optional.of(declared.value());
                    }
                } catch (NoSuchMethodException e) {
                    // not this interface's method
                }
            }
        }
        return Optional.empty();
    }
}
