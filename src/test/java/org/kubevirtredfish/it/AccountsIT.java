package org.kubevirtredfish.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * AccountService, accounts and roles as Redfish defines them, read-only from config.yaml, and the limits on
 * password guessing: per-user lockout, per-source throttling that X-Forwarded-For cannot get around. The simulator
 * IT server runs with a 5 s lockout and a budget of 20 failed logins per source, refilled at the default 30 a
 * minute (pom.xml).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AccountsIT {

    private static final String SESSIONS = "/redfish/v1/SessionService/Sessions";
    private static final String ACCOUNTS = "/redfish/v1/AccountService/Accounts";

    private static RedfishHttp.Reply login(String user, String password, Map<String, String> headers) {
        return new RedfishHttp().send("POST", SESSIONS,
                "{\"UserName\":\"" + user + "\",\"Password\":\"" + password + "\"}", headers);
    }

    private static List<String> members(JsonNode collection) {
        List<String> ids = new ArrayList<>();
        collection.path("Members").forEach(m -> ids.add(m.path("@odata.id").asText()));
        return ids;
    }

    @Test
    @Order(1)
    void accountServiceAccountsAndRolesAreDmtfShaped() {
        RedfishHttp admin = new RedfishHttp().basic("admin", "demo-admin");
        assertEquals("/redfish/v1/AccountService",
                new RedfishHttp().get("/redfish/v1/").json().at("/AccountService/@odata.id").asText());

        JsonNode service = admin.get("/redfish/v1/AccountService").json();
        assertEquals("#AccountService.v1_18_1.AccountService", service.path("@odata.type").asText());
        assertEquals(5, service.path("AccountLockoutThreshold").asInt());
        assertEquals(5, service.path("AccountLockoutDuration").asInt());
        assertEquals(5, service.path("AccountLockoutCounterResetAfter").asInt());
        assertEquals(ACCOUNTS, service.at("/Accounts/@odata.id").asText());
        assertEquals("/redfish/v1/AccountService/Roles", service.at("/Roles/@odata.id").asText());

        // the administrator of chassis demo sees the accounts that share a chassis with it, not lab's
        assertEquals(List.of(ACCOUNTS + "/admin", ACCOUNTS + "/operator", ACCOUNTS + "/viewer"),
                members(admin.get(ACCOUNTS).json()));
        JsonNode operator = admin.get(ACCOUNTS + "/operator").json();
        assertEquals("#ManagerAccount.v1_14_1.ManagerAccount", operator.path("@odata.type").asText());
        assertEquals("operator", operator.path("UserName").asText());
        assertEquals("Operator", operator.path("RoleId").asText());
        assertTrue(operator.path("Enabled").asBoolean());
        assertFalse(operator.path("Locked").asBoolean());
        assertTrue(operator.has("Password") && operator.path("Password").isNull());
        assertEquals("/redfish/v1/AccountService/Roles/Operator", operator.at("/Links/Role/@odata.id").asText());
        assertEquals(404, admin.get(ACCOUNTS + "/lab").status(), "another tenant's account");

        RedfishHttp.Reply roles = admin.get("/redfish/v1/AccountService/Roles");
        assertEquals(3, roles.json().path("Members@odata.count").asInt());
        JsonNode administrator = admin.get("/redfish/v1/AccountService/Roles/Administrator").json();
        assertTrue(administrator.path("IsPredefined").asBoolean());
        assertEquals("Administrator", administrator.path("RoleId").asText());
        List<String> privileges = new ArrayList<>();
        administrator.path("AssignedPrivileges").forEach(p -> privileges.add(p.asText()));
        assertEquals(List.of("Login", "ConfigureManager", "ConfigureUsers", "ConfigureComponents", "ConfigureSelf"),
                privileges);
        JsonNode readOnly = admin.get("/redfish/v1/AccountService/Roles/ReadOnly").json();
        assertEquals("[\"Login\",\"ConfigureSelf\"]", readOnly.path("AssignedPrivileges").toString());
        assertEquals(404, admin.get("/redfish/v1/AccountService/Roles/Superuser").status());
    }

    @Test
    @Order(2)
    void aReadOnlyUserReadsItsOwnAccountOnly() {
        RedfishHttp viewer = new RedfishHttp().basic("viewer", "demo-viewer");
        assertEquals(List.of(ACCOUNTS + "/viewer"), members(viewer.get(ACCOUNTS).json()));
        assertEquals("ReadOnly", viewer.get(ACCOUNTS + "/viewer").json().path("RoleId").asText());
        RedfishHttp.Reply other = viewer.get(ACCOUNTS + "/admin");
        assertEquals(404, other.status(), other.text());
        assertEquals(List.of("ResourceNotFound"), other.messageIds());
        assertEquals(200, viewer.get("/redfish/v1/AccountService/Roles/Administrator").status());
    }

    @Test
    @Order(3)
    void writesAreRefusedWithWhereAccountsLive() {
        RedfishHttp admin = new RedfishHttp().basic("admin", "demo-admin");
        String before = admin.get(ACCOUNTS).text();
        List<String[]> writes = List.of(
                new String[] {"POST", ACCOUNTS, "{\"UserName\":\"mallory\",\"Password\":\"x1234567A\",\"RoleId\":\"ReadOnly\"}"},
                new String[] {"PATCH", ACCOUNTS + "/admin", "{\"Password\":\"new-password\"}"},
                new String[] {"PATCH", ACCOUNTS + "/operator", "{\"RoleId\":\"Administrator\"}"},
                new String[] {"DELETE", ACCOUNTS + "/operator", null},
                new String[] {"PUT", ACCOUNTS + "/viewer", "{\"UserName\":\"viewer\"}"},
                new String[] {"PATCH", "/redfish/v1/AccountService", "{\"AccountLockoutThreshold\":0}"},
                new String[] {"POST", "/redfish/v1/AccountService/Roles", "{\"RoleId\":\"Custom\"}"},
                new String[] {"PATCH", "/redfish/v1/AccountService/Roles/ReadOnly", "{\"AssignedPrivileges\":[]}"});
        for (String[] w : writes) {
            RedfishHttp.Reply r = admin.send(w[0], w[1], w[2], Map.of());
            String what = w[0] + " " + w[1] + ": " + r.text();
            assertEquals(405, r.status(), what);
            assertEquals("GET, HEAD", r.header("Allow"), what);
            assertEquals(List.of("OperationNotAllowed"), r.messageIds(), what);
            String resolution = r.json().at("/error/@Message.ExtendedInfo/0/Resolution").asText();
            assertTrue(resolution.contains("config.yaml") && resolution.contains("kubevirt-redfish-secret"), what);
        }
        assertEquals(before, admin.get(ACCOUNTS).text());
        assertEquals(201, login("admin", "demo-admin", Map.of()).status(), "the password is unchanged");
        assertEquals(5, admin.get("/redfish/v1/AccountService").json().path("AccountLockoutThreshold").asInt());
    }

    @Test
    @Order(4)
    void wrongPasswordsLockTheAccountUntilTheDurationHasPassed() {
        RedfishHttp labSession = new RedfishHttp().login("lab", "demo-lab");
        int guessesBeforeLockout = 0;
        for (int i = 0; i < 5; i++) {
            RedfishHttp.Reply r = login("lab", "guess-" + i, Map.of());
            assertEquals(401, r.status(), r.text());
            guessesBeforeLockout++;
        }
        RedfishHttp.Reply right = login("lab", "demo-lab", Map.of());
        assertEquals(401, right.status(), "locked: the right password is refused too");
        assertEquals(List.of("AccessDenied"), right.messageIds(), "the same answer as a wrong password");
        assertEquals(401, new RedfishHttp().basic("lab", "demo-lab").get("/redfish/v1/Systems").status(),
                "Basic is locked out as well");
        assertTrue(labSession.get(ACCOUNTS + "/lab").json().path("Locked").asBoolean(),
                "a session opened before still works and reads Locked");

        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        int status = 0;
        while (System.nanoTime() < deadline && status != 201) {
            status = login("lab", "demo-lab", Map.of()).status();
            if (status != 201) {
                pause(500);
            }
        }
        assertEquals(201, status, "unlocked once the lockout duration has passed");
        assertFalse(labSession.get(ACCOUNTS + "/lab").json().path("Locked").asBoolean());
        System.out.printf("[AccountsIT] guesses allowed before lockout: %d, then none for the lockout duration%n",
                guessesBeforeLockout);
    }

    @Test
    @Order(5)
    void rotatingXForwardedForDoesNotEscapeThePerSourceThrottle() {
        RedfishHttp.Reply throttled = null;
        int checked = 0;
        for (int i = 0; i < 300 && throttled == null; i++) {
            RedfishHttp.Reply r = login("nobody-" + i, "guess", Map.of("X-Forwarded-For", "198.51.100." + (i % 250)));
            if (r.status() == 503) {
                throttled = r;
            } else {
                assertEquals(401, r.status(), r.text());
                checked++;
            }
        }
        assertNotNull(throttled, "300 wrong logins from one peer were all checked");
        assertEquals(List.of("ServiceTemporarilyUnavailable"), throttled.messageIds());
        assertTrue(Integer.parseInt(throttled.header("Retry-After")) >= 1);
        // The budget refills at login.throttle_per_minute (30: a check every 2 s), so a slow machine may see a
        // token come back before the Basic request arrives: Basic checks may only use what has refilled meanwhile.
        long throttledAt = System.nanoTime();
        RedfishHttp.Reply basic = null;
        int basicChecked = 0;
        for (int i = 0; i < 10; i++) {
            RedfishHttp.Reply r = new RedfishHttp().basic("nobody", "guess")
                    .send("GET", "/redfish/v1/Systems", null, Map.of("X-Forwarded-For", "203.0.113.99"));
            if (r.status() == 503) {
                basic = r;
                break;
            }
            assertEquals(401, r.status(), r.text());
            basicChecked++;
        }
        double refilled = (System.nanoTime() - throttledAt) / 1e9 * 30 / 60;
        assertNotNull(basic, "Basic from the same peer is throttled too: 10 wrong Basic requests were all checked");
        assertTrue(basicChecked <= 1 + refilled, basicChecked + " Basic checks after the throttle, where only "
                + refilled + " tokens refilled");
        assertNotNull(basic.header("Retry-After"));
        assertNull(basic.json().at("/error").get("stack"));
        System.out.printf("[AccountsIT] wrong logins checked from one peer with rotating X-Forwarded-For before "
                + "the throttle answered 503: %d%n", checked);
    }

    /**
     * Figures for the report (printed, not asserted): wrong logins per second that get a password check, and a
     * normal GET's median latency, alone and under a flood of wrong logins from 4 clients.
     */
    @Test
    @Order(6)
    void floodFigures() throws InterruptedException {
        RedfishHttp admin = new RedfishHttp().login("admin", "demo-admin");
        double quiet = medianGetMillis(admin, 40);
        AtomicBoolean flooding = new AtomicBoolean(true);
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger throttled = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        long start = System.nanoTime();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            pool.submit(() -> {
                RedfishHttp client = new RedfishHttp(); // one connection per flooding client
                for (int i = 0; flooding.get(); i++) {
                    int s = client.send("POST", SESSIONS, "{\"UserName\":\"flood-" + thread + "-" + i
                            + "\",\"Password\":\"guess\"}", Map.of()).status();
                    (s == 503 ? throttled : refused).incrementAndGet();
                }
            });
        }
        double flooded = medianGetMillis(admin, 40);
        pause(3000);
        flooding.set(false);
        pool.shutdown();
        pool.awaitTermination(60, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("[AccountsIT] flood of wrong logins from one peer, 4 clients, %.1f s: %.1f/s checked "
                + "(401), %.1f/s refused unchecked (503)%n", seconds, refused.get() / seconds, throttled.get() / seconds);
        System.out.printf("[AccountsIT] GET /redfish/v1/Systems median: %.1f ms alone, %.1f ms under the flood%n",
                quiet, flooded);
    }

    private static double medianGetMillis(RedfishHttp http, int n) {
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            assertEquals(200, http.get("/redfish/v1/Systems").status());
            ms.add((System.nanoTime() - t0) / 1e6);
        }
        Collections.sort(ms);
        return ms.get(n / 2);
    }

    /** Leaves the shared loopback source with its budget refilled for the test classes that follow. */
    @AfterAll
    static void awaitFreshChecks() {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        int i = 0;
        while (System.nanoTime() < deadline && login("await-" + i++, "guess", Map.of()).status() == 503) {
            pause(500);
        }
        pause(40_000); // 20 tokens at 30 a minute
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
