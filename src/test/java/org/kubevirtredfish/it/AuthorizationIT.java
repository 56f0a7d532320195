package org.kubevirtredfish.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kubevirtredfish.openapi.OpenApiDocument;

/**
 * Every route of openapi/openapi.yaml, as four callers: nobody (401 unless public), a user of another chassis
 * (404 for anything of the demo chassis), a ReadOnly user (403 for every change) and the administrator (never
 * 401/403). Changing routes get an empty body, so an authorized call stops at 400 and changes nothing.
 */
class AuthorizationIT {

    private static final String SYSTEM = "demo.control-plane-1";
    private static String adminSession;
    /** An event subscription of the administrator (demo chassis), to a TEST-NET-1 address that nothing answers. */
    private static String adminSubscription;
    private static final String STREAM = "/redfish/v1/EventService/SSE";

    record Route(String method, String path, List<String> privileges) {

        boolean isPublic() {
            return privileges.contains("NoAuth");
        }

        boolean changes() {
            return !method.equals("get");
        }

        boolean scoped() {
            return path.contains("{ComputerSystemId}") || path.contains("{ManagerId}") || path.contains("{ChassisId}")
                    || path.contains("{SessionId}") || path.contains("{ManagerAccountId}")
                    || path.contains("{EventDestinationId}");
        }

        String concrete() {
            return path.replace("{ComputerSystemId}", SYSTEM).replace("{ManagerId}", SYSTEM)
                    .replace("{EthernetInterfaceId}", "default").replace("{VirtualMediaId}", "Cd")
                    .replace("{ChassisId}", "demo").replace("{SessionId}", adminSession)
                    .replace("{ManagerAccountId}", "operator").replace("{RoleId}", "Operator")
                    .replace("{EventDestinationId}", adminSubscription).replace("{ProcessorId}", "CPU0")
                    .replace("{MemoryId}", "Memory0")
                    .replace("{SimpleStorageId}", "1").replace("{StorageId}", "1")
                    .replace("{StorageControllerId}", "0").replace("{DriveId}", "rootdisk")
                    .replace("{VolumeId}", "rootdisk");
        }
    }

    @BeforeAll
    static void adminSession() {
        RedfishHttp.Reply r = new RedfishHttp().send("POST", "/redfish/v1/SessionService/Sessions",
                "{\"UserName\":\"admin\",\"Password\":\"demo-admin\"}", Map.of());
        adminSession = r.json().get("Id").asText();
        RedfishHttp.Reply subscribed = new RedfishHttp().basic("admin", "demo-admin").send("POST",
                "/redfish/v1/EventService/Subscriptions",
                "{\"Destination\":\"http://192.0.2.10/events\",\"Protocol\":\"Redfish\"}", Map.of());
        assertEquals(201, subscribed.status(), subscribed.text());
        adminSubscription = subscribed.json().get("Id").asText();
    }

    @AfterAll
    static void unsubscribe() {
        new RedfishHttp().basic("admin", "demo-admin").send("DELETE",
                "/redfish/v1/EventService/Subscriptions/" + adminSubscription, null, Map.of());
    }

    static List<Route> routes() {
        List<Route> routes = new ArrayList<>();
        JsonNode paths = OpenApiDocument.load().root().get("paths");
        paths.fieldNames().forEachRemaining(path -> paths.get(path).fieldNames().forEachRemaining(method -> {
            JsonNode op = paths.get(path).get(method);
            // the SSE stream lasts as long as the client reads: checked on its own (theEventStreamNeedsLogin)
            if (op.has("x-redfish-privileges") && !path.equals(STREAM)) {
                List<String> privileges = new ArrayList<>();
                op.get("x-redfish-privileges").forEach(p -> privileges.add(p.asText()));
                routes.add(new Route(method, path, privileges));
            }
        }));
        return routes;
    }

    private static RedfishHttp.Reply call(RedfishHttp http, Route route) {
        String body = route.method().equals("post") || route.method().equals("patch") ? "{}" : null;
        return http.send(route.method().toUpperCase(), route.concrete(), body, Map.of());
    }

    @Test
    void everyRouteIsListed() {
        assertTrue(routes().size() >= 25, routes().toString());
    }

    @Test
    void unauthenticated() {
        for (Route route : routes()) {
            RedfishHttp.Reply r = call(new RedfishHttp(), route);
            if (route.isPublic()) {
                assertFalse(r.status() == 401 || r.status() == 403, route + " " + r.status());
            } else {
                assertEquals(401, r.status(), route + " " + r.text());
            }
        }
    }

    @Test
    void anotherChassisSeesNothingOfThisOne() {
        RedfishHttp lab = new RedfishHttp().basic("lab", "demo-lab");
        for (Route route : routes()) {
            if (route.scoped()) {
                RedfishHttp.Reply r = call(lab, route);
                assertEquals(404, r.status(), route + " " + r.text());
            }
        }
        String systems = lab.get("/redfish/v1/Systems").text();
        assertFalse(systems.contains("demo."), systems);
        assertTrue(systems.contains("lab.worker-0"), systems);
    }

    @Test
    void readOnlyChangesNothing() {
        RedfishHttp viewer = new RedfishHttp().basic("viewer", "demo-viewer");
        for (Route route : routes()) {
            RedfishHttp.Reply r = call(viewer, route);
            boolean ownSessionBusiness = route.path().startsWith("/redfish/v1/SessionService/Sessions");
            // ConfigureSelf lets a ReadOnly user reach DELETE of a subscription: someone else's answers 403 too
            if (!route.changes()) {
                // another user's session or account: 404, as for one that does not exist
                boolean someoneElses = route.path().contains("{SessionId}") || route.path().contains("{ManagerAccountId}");
                assertEquals(someoneElses ? 404 : 200, r.status(), route + " " + r.text());
            } else if (!route.isPublic() && !ownSessionBusiness) {
                assertEquals(403, r.status(), route + " " + r.text());
            }
        }
    }

    /** An installer's account needs Operator only: power, boot override and virtual media. */
    @Test
    void operatorMayDriveAnInstallation() {
        RedfishHttp operator = new RedfishHttp().basic("operator", "demo-operator");
        for (Route route : routes()) {
            if (route.path().contains("{SessionId}")) {
                continue; // another user's session: 404 by design
            }
            if (route.path().contains("{EventDestinationId}") && route.method().equals("delete")) {
                continue; // the administrator's subscription: ConfigureSelf deletes one's own only (403 by design)
            }
            RedfishHttp.Reply r = call(operator, route);
            assertFalse(r.status() == 401 || r.status() == 403 || r.status() == 404, route + " " + r.text());
        }
    }

    @Test
    void administratorIsNeverRefused() {
        RedfishHttp admin = new RedfishHttp().basic("admin", "demo-admin");
        for (Route route : routes()) {
            if (route.method().equals("delete")) {
                continue; // would end the session that the other checks use
            }
            RedfishHttp.Reply r = call(admin, route);
            assertFalse(r.status() == 401 || r.status() == 403 || r.status() == 404, route + " " + r.text());
        }
    }

    @Test
    void theEventStreamNeedsLogin() {
        RedfishHttp.Reply r = new RedfishHttp().send("GET", STREAM, null, Map.of());
        assertEquals(401, r.status(), r.text());
    }
}
