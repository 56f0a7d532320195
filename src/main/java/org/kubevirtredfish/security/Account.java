package org.kubevirtredfish.security;

import java.util.Set;

/** A user of config.yaml once its password is checked: name, role and the chassis it may see. */
public record Account(String username, Role role, Set<String> chassis) {

    public Account {
        chassis = Set.copyOf(chassis);
    }
}
