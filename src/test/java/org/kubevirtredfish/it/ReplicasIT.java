package org.kubevirtredfish.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two replicas (Liberty servers on backend=kubernetes, {@link ReplicaServers}) over one modelled cluster of their own
 * ({@link MockClusterProcess}, enforcing deploy/base/rbac.yaml for the service's ServiceAccount): sessions are
 * shared through the cluster, and a rolling restart behind a round-robin proxy ({@link RoundRobinProxy}) costs a
 * polling client nothing. Prints the figures the issue asks for (lines starting with "ReplicasIT:").
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicasIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SESSIONS = "/redfish/v1/SessionService/Sessions";
    private static final int TIMEOUT = 30;
    private static final int LAST_USED_INTERVAL = 2;
    private static final String CONFIGMAPS = "/api/v1/namespaces/kubevirt-redfish/configmaps";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private ReplicaServers.OwnCluster fixture;
    private MockClusterProcess cluster;
    private ReplicaServers servers;
    @org.junit.jupiter.api.extension.RegisterExtension
    final org.junit.jupiter.api.extension.TestWatcher logs = ReplicaServers.logsOnFailure(() -> this.servers);
    private ReplicaServers.Replica a;
    private ReplicaServers.Replica b;
    private final List<Login> logins = new ArrayList<>();

    record Login(URI server, String token, String location) {
    }

    record Answer(int status, String body) {
    }

    @BeforeAll
    void start() throws Exception {
        fixture = ReplicaServers.OwnCluster.create("replicas-it", 2, Map.of(
                "service.namespace", "kubevirt-redfish",
                "session.timeout", Integer.toString(TIMEOUT),
                "session.last_used_interval", Integer.toString(LAST_USED_INTERVAL),
                "session.max", "3",
                "session.max_per_user", "2",
                "login.throttle_burst", "100"));
        cluster = fixture.cluster;
        servers = fixture.servers;
        a = servers.replica(0);
        b = servers.replica(1);
        fixture.start();
    }

    @AfterAll
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @AfterEach
    void logout() throws Exception {
        for (Login l : logins) {
            send("DELETE", l.server(), l.location(), l.token(), null);
        }
        logins.clear();
    }

    @Test
    @Order(1)
    void aSessionMadeOnAWorksOnBAndADeleteOnBRefusesItOnA() throws Exception {
        // warm both up first (a cold server's first session requests took seconds under load): the window measured
        // below is then the propagation, plus one request's latency (printed too)
        Login warm = login(a.base(), "admin", "cluster-admin", 201);
        awaitStatus(b.base(), warm.location(), warm.token(), s -> s == 200, "B knows the warm-up session");
        long latency = Long.MAX_VALUE;
        for (int i = 0; i < 20; i++) {
            long t = System.nanoTime();
            send("GET", b.base(), warm.location(), warm.token(), null);
            latency = Math.min(latency, System.nanoTime() - t);
        }
        int logBefore = cluster.apiLog().size();
        Login login = login(a.base(), "admin", "cluster-admin", 201);
        List<String> created = since(logBefore);

        long madeAt = System.nanoTime();
        awaitStatus(b.base(), login.location(), login.token(), s -> s == 200, "B accepts A's token");
        long knownAfter = System.nanoTime() - madeAt;
        assertEquals(200, send("GET", b.base(), "/redfish/v1/Systems", login.token(), null).status());

        int beforeDelete = cluster.apiLog().size();
        assertEquals(204, send("DELETE", b.base(), login.location(), login.token(), null).status());
        List<String> deleted = since(beforeDelete);
        long deletedAt = System.nanoTime();
        awaitStatus(a.base(), "/redfish/v1/Systems", login.token(), s -> s == 401, "A refuses the deleted session");
        long refusedAfter = System.nanoTime() - deletedAt;
        assertEquals(401, send("GET", b.base(), "/redfish/v1/Systems", login.token(), null).status());
        logins.remove(login);

        assertEquals(1, count(created, "POST " + CONFIGMAPS), "one create per login: " + created);
        assertEquals(1, count(deleted, "DELETE " + CONFIGMAPS + "/"), "one delete per logout: " + deleted);
        System.out.printf("ReplicasIT: a new session was accepted by the other replica %.1f ms after its login "
                + "returned; a deleted one was refused by the other replica %.1f ms after the DELETE returned "
                + "(one request there takes %.1f ms at best)%n", knownAfter / 1e6, refusedAfter / 1e6, latency / 1e6);
        System.out.println("ReplicasIT: API requests of the login " + created + ", of the logout " + deleted);
    }

    @Test
    @Order(2)
    void thePerUserAndGlobalLimitsHoldAcrossReplicas() throws Exception {
        Login first = login(a.base(), "admin", "cluster-admin", 201);
        Login second = login(b.base(), "admin", "cluster-admin", 201);
        awaitStatus(a.base(), second.location(), second.token(), s -> s == 200, "A knows B's session");
        Answer third = loginAnswer(a.base(), "admin", "cluster-admin");
        assertEquals(503, third.status(), "the per-user limit of 2 counts B's session on A: " + third.body());
        assertTrue(third.body().contains("SessionLimitExceeded"), third.body());

        Login tenant = login(b.base(), "tenant", "cluster-tenant", 201);
        awaitStatus(a.base(), tenant.location(), tenant.token(), s -> s == 200, "A knows the tenant's session");
        Answer overall = loginAnswer(a.base(), "tenant", "cluster-tenant");
        assertEquals(503, overall.status(), "the global limit of 3 counts both replicas' sessions: " + overall.body());
        assertTrue(overall.body().contains("SessionLimitExceeded"), overall.body());
        assertEquals(200, send("GET", b.base(), first.location(), first.token(), null).status());
    }

    /**
     * A session used last on B ends on A too, no earlier than SessionTimeout after that use and, because a use is
     * written at most every session.last_used_interval, within SessionTimeout + that interval.
     */
    @Test
    @Order(3)
    void theIdleTimeoutHoldsAcrossReplicas() throws Exception {
        Login idle = login(a.base(), "admin", "cluster-admin", 201);
        Login watcher = login(a.base(), "admin", "cluster-admin", 201);
        awaitStatus(b.base(), idle.location(), idle.token(), s -> s == 200, "B knows the session");
        Thread.sleep((LAST_USED_INTERVAL + 1) * 1000L);
        // a use on B late enough to be written: A must count it
        assertEquals(200, send("GET", b.base(), "/redfish/v1/Systems", idle.token(), null).status());
        long lastUse = System.nanoTime();
        // the watcher lists its user's sessions on A (a listing is no use of the idle session) until it is gone
        long deadline = lastUse + Duration.ofSeconds(TIMEOUT + LAST_USED_INTERVAL + 30).toNanos();
        while (send("GET", a.base(), SESSIONS, watcher.token(), null).body().contains(idle.location())) {
            if (System.nanoTime() > deadline) {
                fail("the idle session never ended on A");
            }
            Thread.sleep(200);
        }
        double endedAfter = (System.nanoTime() - lastUse) / 1e9;
        assertTrue(endedAfter >= TIMEOUT, "ended on A " + endedAfter + " s after its last use on B, before "
                + TIMEOUT + " s: A did not see B's use");
        assertEquals(401, send("GET", a.base(), "/redfish/v1/Systems", idle.token(), null).status());
        assertEquals(401, send("GET", b.base(), "/redfish/v1/Systems", idle.token(), null).status());
        logins.remove(idle);
        System.out.printf("ReplicasIT: a session idle since a use on B ended on A after %.1f s (SessionTimeout %d s,"
                + " last use written every %d s at most)%n", endedAfter, TIMEOUT, LAST_USED_INTERVAL);
    }

    /**
     * Both replicas restarted one after the other, as a rollout does, while a client polls every 100 ms through a
     * round-robin proxy that routes only to ready replicas, with one session token: no request fails, no re-login.
     */
    @Test
    @Order(4)
    void aRollingRestartOfBothReplicasCostsAPollingClientNothing() throws Exception {
        try (RoundRobinProxy proxy = new RoundRobinProxy(servers.replicas())) {
            awaitStatus(proxy.base(), "/redfish/v1/", null, s -> s == 200, "the proxy routes");
            // the 503s of the proxy's first moments (no probe answered yet) are not the rolling restart's
            int proxyFailuresBefore = proxy.failures.get();
            Login login = login(proxy.base(), "admin", "cluster-admin", 201);
            // the propagation window is the first test's business: here both replicas know the session first
            for (ReplicaServers.Replica r : servers.replicas()) {
                awaitStatus(r.base(), login.location(), login.token(), s -> s == 200, r + " knows the session");
            }
            List<Answer> failed = new CopyOnWriteArrayList<>();
            int[] polls = {0};
            AtomicBoolean polling = new AtomicBoolean(true);
            int logBefore = cluster.apiLog().size();
            Thread poller = new Thread(() -> {
                while (polling.get()) {
                    try {
                        Answer answer = send("GET", proxy.base(), "/redfish/v1/Systems", login.token(), null);
                        polls[0]++;
                        if (answer.status() != 200) {
                            failed.add(answer);
                        }
                        Thread.sleep(100);
                    } catch (IOException e) {
                        failed.add(new Answer(-1, e.toString()));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "polling-client");
            long started = System.nanoTime();
            poller.start();
            for (ReplicaServers.Replica r : servers.replicas()) {
                r.stopGracefully(Duration.ofSeconds(3)); // > one probe of the proxy, even a slow one
                r.start();
                r.awaitReady(ReplicaServers.START_TIMEOUT);
                Thread.sleep(1000); // both serve for a while before the next one goes
            }
            polling.set(false);
            poller.join();
            double seconds = (System.nanoTime() - started) / 1e9;
            List<String> api = since(logBefore);
            long updates = count(api, "PUT " + CONFIGMAPS + "/");
            System.out.printf("ReplicasIT: rolling restart of 2 replicas in %.0f s: %d polls, %d failed, served %s; "
                    + "%d last-use writes of the polling session (one per %d s at most)%n", seconds, polls[0],
                    failed.size(), proxy.served(), updates, LAST_USED_INTERVAL);
            System.out.println("ReplicasIT: API requests of one replica's start (all informers, session informer "
                    + "included): " + startRequests(api));
            assertEquals(List.of(), failed, "no failed request, no 401 (which would need a re-login)");
            assertEquals(proxyFailuresBefore, proxy.failures.get(), "no 502 or 503 from the proxy");
            // log out while the proxy still runs (the @AfterEach logout would find it closed)
            assertEquals(204, send("DELETE", proxy.base(), login.location(), login.token(), null).status());
            logins.remove(login);
            assertTrue(proxy.served().size() == 2, "both replicas answered: " + proxy.served());
            assertTrue(updates <= seconds / LAST_USED_INTERVAL + 2, updates + " last-use writes in " + seconds + " s");
        }
    }

    // ---------------------------------------------------------------- helpers

    private static String startRequests(List<String> api) {
        long sessionLists = api.stream().filter(l -> l.startsWith("GET " + CONFIGMAPS + "?")
                && l.contains("redfish-session") && !l.contains("watch=true")).count();
        long sessionWatches = api.stream().filter(l -> l.startsWith("GET " + CONFIGMAPS + "?")
                && l.contains("redfish-session") && l.contains("watch=true")).count();
        return "session informer lists " + sessionLists + ", watches " + sessionWatches + " for 2 restarts";
    }

    private List<String> since(int from) throws IOException, InterruptedException {
        List<String> log = cluster.apiLog();
        return log.subList(Math.min(from, log.size()), log.size());
    }

    private static long count(List<String> log, String prefix) {
        return log.stream().filter(l -> l.startsWith(prefix)).count();
    }

    private Login login(URI server, String user, String password, int expected) throws Exception {
        HttpResponse<String> r = http.send(loginRequest(server, user, password), HttpResponse.BodyHandlers.ofString());
        assertEquals(expected, r.statusCode(), r.body());
        Login l = new Login(server, r.headers().firstValue("X-Auth-Token").orElseThrow(),
                r.headers().firstValue("Location").orElseThrow());
        logins.add(l);
        return l;
    }

    private Answer loginAnswer(URI server, String user, String password) throws Exception {
        HttpResponse<String> r = http.send(loginRequest(server, user, password), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body());
    }

    private static HttpRequest loginRequest(URI server, String user, String password) throws IOException {
        JsonNode body = JSON.createObjectNode().put("UserName", user).put("Password", password);
        return HttpRequest.newBuilder(server.resolve(SESSIONS)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
    }

    private Answer send(String method, URI server, String path, String token, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder r = HttpRequest.newBuilder(server.resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            r.header("X-Auth-Token", token);
        }
        HttpResponse<String> response = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body());
    }

    private void awaitStatus(URI server, String path, String token, IntPredicate wanted, String what)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int status;
        while (!wanted.test(status = send("GET", server, path, token, null).status())) {
            if (System.nanoTime() > deadline) {
                fail(what + ": still " + status + " after 30 s");
            }
            Thread.sleep(2);
        }
    }
}
