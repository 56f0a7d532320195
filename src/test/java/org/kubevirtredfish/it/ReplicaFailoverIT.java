package org.kubevirtredfish.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two replicas (Liberty servers on backend=kubernetes, {@link ReplicaServers}) over one modelled cluster of their own
 * ({@link MockClusterProcess}, enforcing deploy/base/rbac.yaml), with the service's settings otherwise at their
 * defaults, leader election included (Lease 15 s, renew deadline 10 s, retry 2 s): real Ironic drives both through a
 * round-robin proxy, the leader is killed while a power-on is held for an import, and what replicas cost the API
 * server is counted. Prints its figures on lines starting with "ReplicaFailoverIT:".
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicaFailoverIT {

    private static final String NAMESPACE = "kubevirt-redfish";
    /** ReconcilerLease.Settings.DEFAULT_NAME. */
    private static final String LEASE = "kubevirt-redfish-reconciler";
    /** KubeVirtResources.PENDING_START_ANNOTATION: the hold, in the VM itself. */
    private static final String PENDING_START = "redfish.kubevirt.io/pending-start";
    private static final String VM = "control-plane-0";
    private static final String SYSTEM = "/redfish/v1/Systems/cluster." + VM;
    private static final String START = "PUT /apis/subresources.kubevirt.io/v1/namespaces/cluster/virtualmachines/"
            + VM + "/start";
    private static final String CONFIGMAPS = "/api/v1/namespaces/" + NAMESPACE + "/configmaps";
    private static final Duration IDLE_WINDOW = Duration.ofSeconds(30);

    @org.junit.jupiter.api.extension.RegisterExtension
    final org.junit.jupiter.api.extension.TestWatcher logs = ReplicaServers.logsOnFailure(() -> this.servers);
    private ReplicaServers.OwnCluster fixture;
    private MockClusterProcess cluster;
    private MockClusterVms api;
    private ReplicaServers servers;

    @BeforeAll
    void start() throws Exception {
        fixture = ReplicaServers.OwnCluster.create("replica-failover-it", 2, Map.of("service.namespace", NAMESPACE));
        cluster = fixture.cluster;
        servers = fixture.servers;
        api = MockClusterVms.fromKubeconfig(cluster.kubeconfig());
        fixture.start();
    }

    @AfterAll
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    /**
     * IronicIT's whole scenario (real Ironic 21.4) with the BMC address of both nodes pointing at a round-robin proxy in
     * front of both replicas, as at the Route of a two-replica Deployment: successive requests of one Ironic task go
     * to different replicas.
     */
    @Test
    @Order(1)
    void ironicDrivesTheVmsThroughARoundRobinProxyInFrontOfBothReplicas() throws Exception {
        try (RoundRobinProxy proxy = new RoundRobinProxy(servers.replicas());
                IronicProcess ironic = IronicProcess.start(ReplicaServers.targetDir().resolve(
                        "replica-failover-it/ironic"))) {
            RedfishHttp anonymous = new RedfishHttp(proxy.base().getPort(), HttpClient.Version.HTTP_1_1);
            // each request goes to the next ready replica: both have answered once both probes said ready
            awaitUntil("the proxy routes to both replicas", Duration.ofSeconds(30),
                    () -> anonymous.get("/redfish/v1/").status() == 200 && proxy.served().size() == 2);
            int proxyFailuresBefore = proxy.failures.get();
            int logBefore = cluster.apiLog().size();
            IronicIT.Backend backend = new IronicIT.Backend("replicas",
                    () -> new RedfishHttp(proxy.base().getPort(), HttpClient.Version.HTTP_1_1), "admin",
                    "cluster-admin", List.of("cluster.control-plane-1", "cluster.control-plane-2"),
                    () -> MockClusterVms.fromKubeconfig(cluster.kubeconfig()));
            StepTable steps = new StepTable();
            long started = System.nanoTime();
            try {
                IronicIT.drive(backend, ironic, steps);
            } finally {
                System.out.println(steps.render());
            }
            List<String> during = since(logBefore);
            System.out.printf("ReplicaFailoverIT: Ironic's scenario through the proxy in %.0f s: served %s, %d "
                    + "failed between proxy and replica; %d sessions created, %d deleted, %d last-use writes "
                    + "(session ConfigMaps)%n", (System.nanoTime() - started) / 1e9, proxy.served(),
                    proxy.failures.get() - proxyFailuresBefore, count(during, "POST " + CONFIGMAPS),
                    count(during, "DELETE " + CONFIGMAPS + "/"), count(during, "PUT " + CONFIGMAPS + "/"));
            List<StepTable.Row> failed = steps.failures(backend.name());
            assertTrue(failed.isEmpty(), failed.size() + " steps failed through the proxy:\n" + String.join("\n",
                    failed.stream().map(r -> r.step() + ": " + r.detail()).toList()));
            assertEquals(proxyFailuresBefore, proxy.failures.get(), "no request failed between proxy and replica");
            assertEquals(2, proxy.served().size(), "both replicas served Ironic: " + proxy.served());
        }
    }

    /**
     * The leader (the holder of the Lease) is killed with SIGKILL while a power-on it accepted is held for a media
     * import; the import ends after the kill. The other replica, which never saw the request, takes the Lease, finds
     * the hold in the VM's annotations and starts the VM: exactly one start subresource call reaches the API server,
     * and still only one after the killed replica has come back. Prints the failover time.
     */
    @Test
    @Order(2)
    void whenTheLeaderIsKilledDuringAHeldImportTheOtherStartsTheVmExactlyOnce() throws Exception {
        ReplicaServers.Replica leader = awaitLeader();
        ReplicaServers.Replica survivor = servers.replicas().stream().filter(r -> r != leader).findFirst()
                .orElseThrow();
        RedfishHttp onLeader = new RedfishHttp(leader.port, HttpClient.Version.HTTP_1_1).basic("admin",
                "cluster-admin");
        RedfishHttp onSurvivor = new RedfishHttp(survivor.port, HttpClient.Version.HTTP_1_1).basic("admin",
                "cluster-admin");
        int logBefore = cluster.apiLog().size();

        String image = cluster.image("/held/agent.x86_64.iso").toString();
        RedfishHttp.Reply inserted = onLeader.send("POST", SYSTEM + "/VirtualMedia/Cd/Actions/VirtualMedia.InsertMedia",
                "{\"Image\":\"" + image + "\",\"Inserted\":true,\"WriteProtected\":true}", Map.of());
        assertEquals(204, inserted.status(), inserted.text());
        RedfishHttp.Reply on = onLeader.send("POST", SYSTEM + "/Actions/ComputerSystem.Reset",
                "{\"ResetType\":\"On\"}", Map.of());
        assertTrue(on.status() / 100 == 2, on.status() + " " + on.text());
        assertNotNull(api.vm("cluster", VM).at("/metadata/annotations").get(PENDING_START),
                "the leader held the power-on in the VM");
        onSurvivor.await(SYSTEM, s -> s.path("PowerState").asText().equals("PoweringOn"));
        assertEquals(0, count(since(logBefore), START), "no start while the import runs");

        int logAtKill = cluster.apiLog().size();
        long killed = System.nanoTime();
        leader.kill();
        assertEquals(1, cluster.releaseHeldImports(), "the import goes on to its end after the kill");

        long leaseTaken = 0;
        long startIssued = 0;
        long deadline = killed + Duration.ofSeconds(120).toNanos();
        while (startIssued == 0) {
            if (System.nanoTime() > deadline) {
                fail("no start within 120 s of the kill; lease " + api.lease(NAMESPACE, LEASE).path("spec"));
            }
            if (leaseTaken == 0 && survivor.name.equals(holder())) {
                leaseTaken = System.nanoTime();
            }
            if (count(cluster.apiLogFrom(logAtKill), START) > 0) {
                startIssued = System.nanoTime();
            }
            Thread.sleep(50);
        }
        onSurvivor.await(SYSTEM, s -> s.path("PowerState").asText().equals("On"));
        assertEquals(survivor.name, holder(), "the survivor holds the Lease");
        awaitUntil("the hold cleared", Duration.ofSeconds(30), () -> pendingStart() == null);
        System.out.printf("ReplicaFailoverIT: failover after the leader was killed: held start issued after %.2f s "
                + "(Lease taken after %s s; service defaults: lease 15 s, renew deadline 10 s, retry 2 s; polled every "
                + "50 ms)%n", (startIssued - killed) / 1e9,
                leaseTaken == 0 ? "?" : String.format("%.2f", (leaseTaken - killed) / 1e9));

        // the former leader comes back (as a restarted pod would) and must not start the VM again
        int logAtRestart = cluster.apiLog().size();
        leader.start();
        leader.awaitReady(ReplicaServers.START_TIMEOUT);
        List<String> restart = since(logAtRestart);
        Thread.sleep(6000); // three retry periods of the election: it has read the Lease and settled as a standby
        assertEquals(survivor.name, holder(), "the Lease stays with the survivor");
        List<String> all = since(logBefore);
        assertEquals(1, count(all, START), "exactly one start reached the API server: " + all.stream()
                .filter(l -> l.contains("/virtualmachines/" + VM + "/")).toList());
        assertNull(pendingStart());
        assertEquals("On", onLeader.get(SYSTEM).json().path("PowerState").asText());
        System.out.println("ReplicaFailoverIT: API requests of one replica's start, until ready (the other replica's "
                + "Lease requests included): " + byKind(restart));
    }

    /**
     * The API-server load of replicas: of a login and a logout (the session's ConfigMap), and of two idle replicas,
     * the leader and a standby, per minute (the Lease, the watches). Prints the figures; asserts only what each
     * request is for.
     */
    @Test
    @Order(3)
    void whatSessionsAndIdleReplicasCostTheApiServer() throws Exception {
        servers.awaitAllReady();
        ReplicaServers.Replica a = servers.replica(0);
        ReplicaServers.Replica b = servers.replica(1);
        int cycles = 10;
        int logBefore = cluster.apiLog().size();
        for (int i = 0; i < cycles; i++) {
            RedfishHttp onA = new RedfishHttp(a.port, HttpClient.Version.HTTP_1_1);
            RedfishHttp.Reply login = onA.send("POST", "/redfish/v1/SessionService/Sessions",
                    "{\"UserName\":\"admin\",\"Password\":\"cluster-admin\"}", Map.of());
            assertEquals(201, login.status(), login.text());
            RedfishHttp onB = new RedfishHttp(b.port, HttpClient.Version.HTTP_1_1).token(login.header("X-Auth-Token"));
            awaitUntil("B knows the session", Duration.ofSeconds(30),
                    () -> onB.get("/redfish/v1/Systems").status() == 200);
            assertEquals(204, onB.send("DELETE", login.header("Location"), null, Map.of()).status());
        }
        List<String> sessions = since(logBefore).stream().filter(l -> !l.contains("/leases/")).toList();
        assertEquals(cycles, count(sessions, "POST " + CONFIGMAPS), "one create per login: " + sessions);
        assertEquals(cycles, count(sessions, "DELETE " + CONFIGMAPS + "/"), "one delete per logout: " + sessions);
        System.out.printf("ReplicaFailoverIT: %d logins on one replica, each used on the other and logged out there: "
                + "%d API requests besides the Lease's, %s%n", cycles, sessions.size(), byKind(sessions));

        int idleFrom = cluster.apiLog().size();
        Thread.sleep(IDLE_WINDOW.toMillis());
        List<String> idle = since(idleFrom);
        double perMinute = 60.0 / IDLE_WINDOW.toSeconds();
        // fabric8's LeaderElector (tryAcquireOrRenew): the leader reads the Lease and patches it each retry period, a
        // standby only reads it; so the leader's requests are its PATCHes and as many GETs, the standby's the rest
        long patches = idle.stream().filter(l -> l.startsWith("PATCH ") && l.contains("/leases/" + LEASE)).count();
        long gets = idle.stream().filter(l -> l.startsWith("GET ") && l.contains("/leases/" + LEASE)).count();
        List<String> other = idle.stream().filter(l -> !l.contains("/leases/")).toList();
        System.out.printf("ReplicaFailoverIT: two idle replicas for %d s: leader %.0f requests/min (Lease GET and "
                + "PATCH), standby %.0f requests/min (Lease GET), other requests %d %s (a watch is one long request: "
                + "see a replica's start above for how many each keeps open)%n", IDLE_WINDOW.toSeconds(),
                2 * patches * perMinute, (gets - patches) * perMinute, other.size(), byKind(other));
        assertTrue(patches > 0, "the leader renews its Lease: " + idle);
        assertTrue(gets >= patches, idle.toString());
    }

    // ---------------------------------------------------------------- helpers

    private ReplicaServers.Replica awaitLeader() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            String holder = holder();
            for (ReplicaServers.Replica r : servers.replicas()) {
                if (r.name.equals(holder) && r.alive()) {
                    return r;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no replica holds the Lease: " + api.lease(NAMESPACE, LEASE));
    }

    private String holder() {
        return api.lease(NAMESPACE, LEASE).at("/spec/holderIdentity").asText(null);
    }

    private String pendingStart() {
        JsonNode value = api.vm("cluster", VM).at("/metadata/annotations").get(PENDING_START);
        return value == null ? null : value.asText();
    }

    private List<String> since(int from) throws Exception {
        return cluster.apiLogFrom(from);
    }

    private static long count(List<String> log, String prefix) {
        return log.stream().filter(l -> l.startsWith(prefix)).count();
    }

    /** Requests by kind: "watch", "lease GET", or method and resource (e.g. "POST configmaps"). */
    private static Map<String, Long> byKind(List<String> log) {
        return log.stream().collect(Collectors.groupingBy(ReplicaFailoverIT::kind, TreeMap::new,
                Collectors.counting()));
    }

    private static String kind(String line) {
        String method = line.substring(0, line.indexOf(' '));
        String path = line.substring(line.indexOf(' ') + 1);
        if (path.contains("watch=true")) {
            return "watch";
        }
        String[] segments = path.split("\\?")[0].split("/");
        if (path.contains("/leases")) {
            return "lease " + method;
        }
        // the resource: the segment after namespaces/<ns>, else the last plural one
        for (int i = 0; i + 2 < segments.length; i++) {
            if (segments[i].equals("namespaces")) {
                return method + " " + segments[i + 2] + (segments.length > i + 4 ? "/" + segments[i + 4] : "");
            }
        }
        return method + " " + segments[segments.length - 1];
    }

    private static void awaitUntil(String what, Duration timeout, java.util.function.BooleanSupplier done)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail(what + ": not within " + timeout.toSeconds() + " s");
            }
            Thread.sleep(50);
        }
    }
}
