package org.kubevirtredfish.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RoleTest {

    @Test
    void administratorHasEveryPrivilege() {
        assertEquals(EnumSet.of(Privilege.Login, Privilege.ConfigureManager, Privilege.ConfigureUsers,
                Privilege.ConfigureComponents, Privilege.ConfigureSelf), Role.Administrator.privileges());
    }

    @Test
    void operatorPrivileges() {
        assertEquals(EnumSet.of(Privilege.Login, Privilege.ConfigureComponents, Privilege.ConfigureSelf),
                Role.Operator.privileges());
    }

    @Test
    void readOnlyPrivileges() {
        assertEquals(EnumSet.of(Privilege.Login, Privilege.ConfigureSelf), Role.ReadOnly.privileges());
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void noRoleHoldsNoAuthAsAPrivilege(Role role) {
        assertFalse(role.privileges().contains(Privilege.NoAuth));
        assertTrue(role.mayUse(Privilege.NoAuth), "a NoAuth route is open to every role");
        assertTrue(role.mayUse(Privilege.Login));
    }

    @Test
    void mayUseIsAnOr() {
        assertTrue(Role.ReadOnly.mayUse(Privilege.ConfigureManager, Privilege.ConfigureSelf));
        assertFalse(Role.ReadOnly.mayUse(Privilege.ConfigureManager, Privilege.ConfigureComponents));
        assertTrue(Role.Operator.mayUse(Privilege.ConfigureManager, Privilege.ConfigureComponents));
        assertFalse(Role.Operator.mayUse(Privilege.ConfigureManager));
        assertFalse(Role.Operator.mayUse(Privilege.ConfigureUsers));
        assertTrue(Role.Administrator.mayUse(Privilege.ConfigureManager));
        assertTrue(Role.ReadOnly.mayUse(Privilege.ConfigureComponents, Privilege.NoAuth));
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void nothingRequiredMeansNothingAllowed(Role role) {
        assertFalse(role.mayUse(), "an empty requirement grants nothing (deny by default)");
    }

    @Test
    void callerHasTheRolePrivileges() {
        Caller c = new Caller("u", Role.Operator, Set.of("x"), null);
        assertTrue(c.role().privileges().contains(Privilege.ConfigureComponents));
        assertFalse(c.role().privileges().contains(Privilege.ConfigureManager));
    }

    @Test
    void rolesArePredefinedAndUnmodifiable() {
        for (Role r : Role.values()) {
            boolean had = r.privileges().contains(Privilege.ConfigureUsers);
            try {
                assertThrows(UnsupportedOperationException.class, () -> r.privileges().add(Privilege.ConfigureUsers),
                        r + ".privileges() is modifiable");
            } finally {
                if (!had) {
                    try {
                        r.privileges().remove(Privilege.ConfigureUsers); // undo, for the other tests of this JVM
                    } catch (UnsupportedOperationException fine) {
                        // unmodifiable: nothing was added
                    }
                }
            }
        }
    }
}
