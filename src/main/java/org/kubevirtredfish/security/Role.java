package org.kubevirtredfish.security;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/** The predefined Redfish roles and their privileges (DSP0266); config.yaml users default to Administrator. */
public enum Role {
    Administrator(EnumSet.of(Privilege.Login, Privilege.ConfigureManager, Privilege.ConfigureUsers,
            Privilege.ConfigureComponents, Privilege.ConfigureSelf)),
    Operator(EnumSet.of(Privilege.Login, Privilege.ConfigureComponents, Privilege.ConfigureSelf)),
    ReadOnly(EnumSet.of(Privilege.Login, Privilege.ConfigureSelf));

    private final Set<Privilege> privileges;

    Role(Set<Privilege> privileges) {
        this.privileges = Collections.unmodifiableSet(EnumSet.copyOf(privileges));
    }

    public Set<Privilege> privileges() {
        return privileges;
    }

    /** The registry's OR: one of the required privileges is enough; NoAuth routes need none. */
    public boolean mayUse(Privilege... required) {
        for (Privilege p : required) {
            if (p == Privilege.NoAuth || privileges.contains(p)) {
                return true;
            }
        }
        return false;
    }
}
