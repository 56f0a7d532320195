package org.kubevirtredfish.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestLogLineTest {

    @Test
    void everyFactIsItsOwnField() {
        RequestLogLine line = new RequestLogLine("GET", "/redfish/v1/Systems/a", 200, 3, "admin", null, "a",
                "/redfish/v1/Systems/{ComputerSystemId}", "id-1", "10.0.0.1", "sushy/4.3", null);
        Map<String, String> f = line.fields();
        assertEquals("GET", f.get("method"));
        assertEquals("/redfish/v1/Systems/a", f.get("path"));
        assertEquals("200", f.get("status_int"));
        assertEquals("3", f.get("duration_ms_long"));
        assertEquals("admin", f.get("user"));
        assertNull(f.get("attempted_user"));
        assertEquals("a", f.get("system"));
        assertEquals("id-1", f.get("request_id"));
        assertEquals("10.0.0.1", f.get("remote_address"));
        assertEquals("sushy/4.3", f.get("user_agent"));
        assertTrue(RequestLogLine.NAMES.containsAll(f.keySet()), f.keySet().toString());
        assertEquals("GET /redfish/v1/Systems/a 200 3ms user=admin system=a request=id-1", line.message());
    }

    @Test
    void aFailedLoginNamesTheAttemptedUserApartFromTheUser() {
        Map<String, String> f = new RequestLogLine("POST", "/redfish/v1/SessionService/Sessions", 401, 80, null,
                "mallory", null, null, "id-2", "10.0.0.1", null, null).fields();
        assertEquals("-", f.get("user"));
        assertEquals("mallory", f.get("attempted_user"));
    }

    @Test
    void aForgedPathOrUserNameCannotStartAnotherFieldOrLine() {
        String decoded = "x 200 1ms user=admin system=FORGE 204\n{\"ext_user\":\"admin\"}";
        RequestLogLine line = new RequestLogLine("GET", "/redfish/v1/Systems/x%20200%201ms%20user=admin", 404, 1,
                null, "a b\nuser=admin", decoded, null, "id-3", "10.0.0.1", "agent\r\nx", null);
        Map<String, String> f = line.fields();
        assertEquals("x%20200%201ms%20user=admin%20system=FORGE%20204%0A%7B%22ext_user%22:%22admin%22%7D",
                f.get("system"));
        assertEquals("a%20b%0Auser=admin", f.get("attempted_user"));
        assertEquals("agent%0D%0Ax", f.get("user_agent"));
        f.values().forEach(v -> assertFalse(v.contains(" ") || v.contains("\n") || v.contains("\""), v));
        assertFalse(line.message().contains(" system=FORGE"), line.message());
        assertFalse(line.message().contains("\n"), line.message());
    }

    @Test
    void clientInputIsBounded() {
        String path = "/redfish/v1/Systems/" + "%7C".repeat(5000);
        RequestLogLine line = new RequestLogLine("GET", path, 404, 1, null, "u".repeat(5000), "s".repeat(5000),
                null, "id-4", "10.0.0.1", "A".repeat(10_000), null);
        int total = line.fields().values().stream().mapToInt(String::length).sum();
        assertTrue(total < 2600, "fields of " + total + " characters");
        assertTrue(line.message().length() < 2200, "message of " + line.message().length() + " characters");
        assertTrue(line.fields().get("user_agent").length() <= RequestLogLine.MAX_USER_AGENT + 3);
    }
}
