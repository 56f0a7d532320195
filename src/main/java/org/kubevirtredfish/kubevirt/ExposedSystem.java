package org.kubevirtredfish.kubevirt;

import java.util.Set;

/** A VM exposed as a Redfish ComputerSystem: its system id and the chassis whose selectors match it. */
public record ExposedSystem(String id, VmId vm, Set<String> chassis) {

    public ExposedSystem {
        chassis = Set.copyOf(chassis);
    }

    public boolean visibleTo(Set<String> userChassis) {
        return chassis.stream().anyMatch(userChassis::contains);
    }
}
