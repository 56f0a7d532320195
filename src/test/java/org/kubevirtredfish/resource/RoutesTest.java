package org.kubevirtredfish.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class RoutesTest {

    @Test
    void systemAllowsGetHeadPatch() throws NoSuchMethodException {
        assertEquals("GET, HEAD, PATCH",
                Routes.allowed(SystemResource.class.getMethod("getSystem", String.class)));
        assertEquals("GET, HEAD, PATCH", Routes.allowed(
                SystemResource.class.getMethod("patchSystem", String.class, String.class, String.class)));
    }

    @Test
    void sessionsAllowGetHeadPost() throws NoSuchMethodException {
        assertEquals("GET, HEAD, POST",
                Routes.allowed(SessionCollectionResource.class.getMethod("listSessions")));
        assertEquals("GET, HEAD, POST",
                Routes.allowed(SessionCollectionResource.class.getMethod("createSession", String.class)));
    }

    @Test
    void resetActionAllowsPostOnly() throws NoSuchMethodException {
        assertEquals("POST", Routes.allowed(
                SystemResource.class.getMethod("resetSystem", String.class, String.class, String.class)));
    }

    @Test
    void readOnlyResources() throws NoSuchMethodException {
        assertEquals("GET, HEAD",
                Routes.allowed(SystemResource.class.getMethod("getResetActionInfo", String.class)));
        assertEquals("GET, HEAD", Routes.allowed(SystemCollectionResource.class.getMethod("listSystems")));
    }

    @Test
    void accountsAndRolesAreReadOnly() throws NoSuchMethodException {
        assertEquals("GET, HEAD", Routes.allowed(AccountServiceResource.class.getMethod("getAccountService")));
        assertEquals("GET, HEAD", Routes.allowed(AccountCollectionResource.class.getMethod("listAccounts")));
        assertEquals("GET, HEAD", Routes.allowed(AccountResource.class.getMethod("getAccount", String.class)));
        assertEquals("GET, HEAD", Routes.allowed(RoleCollectionResource.class.getMethod("listRoles")));
        assertEquals("GET, HEAD", Routes.allowed(RoleResource.class.getMethod("getRole", String.class)));
    }

    @Test
    void sessionAllowsGetHeadDelete() throws Exception {
        Class<?> api = Class.forName("org.kubevirtredfish.api.SessionApi");
        java.lang.reflect.Method get = java.util.Arrays.stream(api.getMethods())
                .filter(m -> m.getName().equals("getSession")).findFirst().orElseThrow();
        assertEquals("DELETE, GET, HEAD", Routes.allowed(get));
    }

    /** Every response asks: the answer is worked out once per resource method, not by reflection per request. */
    @Test
    void answersAreKeptPerMethod() throws NoSuchMethodException {
        assertSame(Routes.allowed(SystemResource.class.getMethod("getSystem", String.class)),
                Routes.allowed(SystemResource.class.getMethod("getSystem", String.class)));
        assertSame(Routes.template(SystemResource.class.getMethod("getSystem", String.class)),
                Routes.template(SystemResource.class.getMethod("getSystem", String.class)));
        assertEquals("/redfish/v1/Systems/{ComputerSystemId}",
                Routes.template(SystemResource.class.getMethod("getSystem", String.class)));
    }

    @Test
    void nonResourceMethodsHaveNoAllow() throws NoSuchMethodException {
        assertNull(Routes.allowed(null));
        assertNull(Routes.allowed(Object.class.getMethod("toString")));
    }
}
