package org.kubevirtredfish.security;

import java.util.Set;

/**
 * Who sends the current request: the config.yaml user, its role and chassis, and the session it used (null with
 * Basic authentication). Set by {@link RedfishAuthenticationMechanism} as a request attribute.
 */
public record Caller(String username, Role role, Set<String> chassis, String sessionId) {

    public static final String ATTRIBUTE = Caller.class.getName();

    public Caller {
        chassis = Set.copyOf(chassis);
    }

}
