package org.kubevirtredfish.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The service with {@code backend=kubernetes} against the mock KubeVirt cluster (MockClusterMain): exposure by
 * chassis selectors, tenancy, power of a VM that still uses {@code spec.running}, readiness.
 */
class KubernetesBackendIT {

    private final RedfishHttp admin = RedfishHttp.kubernetes().basic("admin", "cluster-admin");

    @BeforeAll
    static void ready() {
        awaitReady(RedfishHttp.kubernetes());
    }

    /** Readiness turns UP once the informers have synced. */
    static void awaitReady(RedfishHttp http) {
        long deadline = System.nanoTime() + 90_000_000_000L;
        int status = 0;
        while (System.nanoTime() < deadline) {
            status = http.get("/health/ready").status();
            if (status == 200) {
                return;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("the backend=kubernetes server is not ready: " + status);
    }

    /**
     * The mock cluster enforces the OpenShift procedure's ClusterRole (MockClusterMain, pom): readiness stays UP and
     * its data names exactly what that role lacks, which the start-up check found.
     */
    @Test
    void readinessDataNamesThePermissionsTheDocumentedRoleLacks() {
        JsonNode ready = RedfishHttp.kubernetes().get("/health/ready").json();
        assertEquals("UP", ready.get("status").asText());
        JsonNode check = null;
        for (JsonNode c : ready.get("checks")) {
            if ("kubevirt-gateway".equals(c.path("name").asText())) {
                check = c;
            }
        }
        assertNotNull(check, "readiness check kubevirt-gateway: " + ready);
        assertEquals(String.join("; ",
                "get instancetype.kubevirt.io virtualmachineclusterpreferences in namespace cluster",
                "get instancetype.kubevirt.io virtualmachinepreferences in namespace cluster",
                "update subresources.kubevirt.io virtualmachines/restart in namespace cluster",
                "update subresources.kubevirt.io virtualmachines/start in namespace cluster",
                "update subresources.kubevirt.io virtualmachines/stop in namespace cluster"),
                check.at("/data/missingPermissions").asText());
    }

    @Test
    void systemsAreTheSelectedVirtualMachines() {
        JsonNode members = admin.get("/redfish/v1/Systems").json().get("Members");
        List<String> ids = members.findValuesAsText("@odata.id");
        assertEquals(List.of("/redfish/v1/Systems/cluster.control-plane-0", "/redfish/v1/Systems/cluster.control-plane-1",
                "/redfish/v1/Systems/cluster.control-plane-2", "/redfish/v1/Systems/cluster.legacy-running"), ids);
        JsonNode system = admin.get("/redfish/v1/Systems/cluster.control-plane-1").json();
        assertEquals("Off", system.get("PowerState").asText());
        assertEquals(1, system.at("/ProcessorSummary/Count").asInt(), "one socket");
        assertEquals(8, system.at("/ProcessorSummary/LogicalProcessorCount").asInt(), "of 8 vCPUs");
        assertEquals(16.0, system.at("/MemorySummary/TotalSystemMemoryGiB").asDouble());
        assertEquals("52:54:00:00:01:01", admin.get("/redfish/v1/Systems/cluster.control-plane-1/EthernetInterfaces/default")
                .json().get("MACAddress").asText());
    }

    @Test
    void aTenantSeesOnlyItsChassis() {
        RedfishHttp tenant = RedfishHttp.kubernetes().basic("tenant", "cluster-tenant");
        String systems = tenant.get("/redfish/v1/Systems").text();
        assertTrue(systems.contains("cluster.legacy-running"), systems);
        assertFalse(systems.contains("control-plane"), systems);
        assertEquals(404, tenant.get("/redfish/v1/Systems/cluster.control-plane-0").status());
        assertEquals(404, tenant.get("/redfish/v1/Systems/cluster.not-exposed").status());
    }

    @Test
    void redfishReadsMakeNoApiServerRequests() throws Exception {
        List<String> reads = List.of("/redfish/v1/Systems", "/redfish/v1/Systems/cluster.control-plane-2",
                "/redfish/v1/Systems/cluster.control-plane-2/EthernetInterfaces/default",
                "/redfish/v1/Managers/cluster.control-plane-2/VirtualMedia/Cd", "/redfish/v1/Chassis/cluster",
                "/redfish/v1/Managers");
        admin.get(reads.get(0));
        long before = apiServerRequests();
        for (int i = 0; i < 20; i++) {
            for (String uri : reads) {
                assertEquals(200, admin.get(uri).status(), uri);
            }
        }
        long after = apiServerRequests();
        System.out.println("API-server requests during " + 20 * reads.size() + " Redfish GETs: " + (after - before));
        assertEquals(before, after, "Redfish GETs must be served from the informer cache");
    }

    private static long apiServerRequests() throws Exception {
        String url = Files.readString(Path.of(System.getProperty("it.mock.dir"), "api-requests-url")).trim();
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        return Long.parseLong(r.body().trim());
    }

    @Test
    void powerOfAVmWithSpecRunning() {
        String uri = "/redfish/v1/Systems/cluster.legacy-running";
        String reset = uri + "/Actions/ComputerSystem.Reset";
        assertEquals(204, admin.send("POST", reset, "{\"ResetType\":\"On\"}", Map.of()).status());
        admin.await(uri, s -> s.get("PowerState").asText().equals("On"));
        assertEquals(204, admin.send("POST", reset, "{\"ResetType\":\"On\"}", Map.of()).status(), "On when On");
        assertEquals(204, admin.send("POST", reset, "{\"ResetType\":\"ForceOff\"}", Map.of()).status());
        // Off as soon as the VMI is gone (issue 8 S1); the simulated virt-controller writes Stopped after that, and
        // must be done before another test counts API-server requests
        admin.await(uri, s -> s.get("PowerState").asText().equals("Off")
                && s.at("/Oem/KubeVirt/PrintableStatus").asText().equals("Stopped"));
    }
}
