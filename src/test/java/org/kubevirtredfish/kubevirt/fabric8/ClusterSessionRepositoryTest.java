package org.kubevirtredfish.kubevirt.fabric8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.ConfigMap;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kubevirtredfish.security.SessionRepository;
import org.kubevirtredfish.security.SessionRepository.StoredSession;
import org.kubevirtredfish.security.SessionStore;
import org.kubevirtredfish.security.TestClock;

/**
 * Sessions as ConfigMaps in the service's namespace, seen by two "replicas" (two repositories with their own
 * clients and informers) on one modelled API server that enforces deploy/base/rbac.yaml (its Role for the sessions
 * included) for the service's ServiceAccount.
 */
class ClusterSessionRepositoryTest {

    private static final String NS = "kubevirt-redfish";
    private static final Duration INTERVAL = Duration.ofSeconds(30);

    private KubeVirtMockCluster cluster;
    private ClusterRoleAuthorizer authorizer;
    private final List<ClusterSessionRepository> replicas = new ArrayList<>();

    @BeforeEach
    void cluster() {
        cluster = new KubeVirtMockCluster(MockClusterTestBase.TIMINGS, 40);
        authorizer = ClusterRoleAuthorizer.fromYaml(DocumentedProcedureRbacTest.OUR_ROLE);
        cluster.enforce(authorizer);
    }

    @AfterEach
    void close() {
        replicas.forEach(ClusterSessionRepository::close);
        cluster.close();
    }

    private ClusterSessionRepository replica() {
        ClusterSessionRepository r = new ClusterSessionRepository(cluster.serviceAccountClient(5), NS, INTERVAL).start();
        replicas.add(r);
        awaitTrue("informer synced", r::ready);
        return r;
    }

    @Test
    void aSessionCreatedOnOneReplicaIsKnownOnTheOtherAndADeleteEndsItOnBoth() {
        ClusterSessionRepository a = replica();
        ClusterSessionRepository b = replica();
        StoredSession s = session("s1", "token-1", Instant.parse("2026-01-01T00:00:00Z"));
        a.add(s);
        assertEquals(s, a.byDigest(s.tokenDigest()).orElseThrow(), "known at once where it was created");
        awaitTrue("B knows A's session", () -> b.byDigest(s.tokenDigest()).isPresent());
        assertEquals(s, b.byDigest(s.tokenDigest()).orElseThrow());

        assertTrue(b.remove("s1"));
        assertTrue(b.byDigest(s.tokenDigest()).isEmpty(), "gone at once where it was deleted");
        awaitTrue("A forgets the session B deleted", () -> a.byDigest(s.tokenDigest()).isEmpty());
        assertEquals(List.of(), authorizer.denied, "the Role of deploy/base/rbac.yaml grants what sessions need");
    }

    @Test
    void aDeleteTheApiServerRefusesLeavesTheSessionWorkingAndSaysSo() {
        ClusterSessionRepository a = replica();
        StoredSession s = session("s4", "token-4", Instant.parse("2026-01-01T00:00:00Z"));
        a.add(s);
        cluster.dispatcher.fail(r -> "DELETE".equals(r.getMethod()) && r.getPath().contains("/configmaps/"), 500, 1);
        org.junit.jupiter.api.Assertions.assertThrows(SessionRepository.Unavailable.class, () -> a.remove("s4"));
        assertTrue(a.byDigest(s.tokenDigest()).isPresent(), "still stored, so still known");
        assertTrue(a.remove("s4"));
        assertTrue(a.byDigest(s.tokenDigest()).isEmpty());
    }

    @Test
    void aLoginTheApiServerRefusesIsUnavailableNotStored() {
        ClusterSessionRepository a = replica();
        StoredSession s = session("s5", "token-5", Instant.parse("2026-01-01T00:00:00Z"));
        cluster.dispatcher.fail(r -> "POST".equals(r.getMethod()) && r.getPath().contains("/configmaps"), 500, 1);
        org.junit.jupiter.api.Assertions.assertThrows(SessionRepository.Unavailable.class, () -> a.add(s));
        assertTrue(a.byDigest(s.tokenDigest()).isEmpty());
    }

    @Test
    void theObjectHoldsTheDigestNeverTheToken() {
        ClusterSessionRepository a = replica();
        a.add(session("s2", "the-secret-token", Instant.parse("2026-01-01T00:00:00Z")));
        ConfigMap cm = cluster.admin.configMaps().inNamespace(NS).withName(ClusterSessionRepository.name("s2")).get();
        assertEquals(ClusterSessionRepository.COMPONENT, cm.getMetadata().getLabels().get("app.kubernetes.io/component"));
        assertEquals(Set.of("id", "tokenSha256", "user", "origin", "created", "lastUsed"), cm.getData().keySet());
        assertEquals(digest("the-secret-token"), cm.getData().get("tokenSha256"));
        assertFalse(cm.toString().contains("the-secret-token"));
    }

    @Test
    void theLastUseIsWrittenOncePerIntervalNotOnEveryRequest() {
        ClusterSessionRepository a = replica();
        ClusterSessionRepository b = replica();
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        StoredSession s = session("s3", "token-3", t0);
        a.add(s);
        awaitTrue("B knows it", () -> b.byDigest(s.tokenDigest()).isPresent());
        int before = cluster.requestCount();
        for (int i = 1; i < 30; i++) {
            a.used(a.byDigest(s.tokenDigest()).orElseThrow(), t0.plusSeconds(i));
        }
        Instant later = t0.plus(INTERVAL).plusSeconds(1);
        a.used(a.byDigest(s.tokenDigest()).orElseThrow(), later);
        awaitTrue("B sees the written last use", () -> b.byDigest(s.tokenDigest()).orElseThrow().lastUsed()
                .equals(later));
        assertEquals(1, cluster.requestCount() - before, "30 uses, one update");
        assertEquals(INTERVAL, a.lastUsedSlack());
    }

    /**
     * A use an interval after the login, before this replica's own informer has seen the login's ConfigMap (its watch
     * lags the create): the last use is still written, not only noted locally as if it were.
     */
    @Test
    void theLastUseIsWrittenBeforeThisReplicasInformerSeesItsOwnLogin() {
        ClusterSessionRepository a = replica();
        cluster.dispatcher.fail(r -> "GET".equals(r.getMethod()) && r.getPath().contains("/configmaps?"), 503, -1);
        assertEquals(1, cluster.dispatcher.endWatches("/configmaps"), "A's informer can neither watch nor list now");
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        StoredSession s = session("s6", "token-6", t0);
        a.add(s);
        Instant later = t0.plus(INTERVAL).plusSeconds(1);
        a.used(a.byDigest(s.tokenDigest()).orElseThrow(), later);
        awaitTrue("the last use reaches the API server", () -> later.toString().equals(cluster.admin.configMaps()
                .inNamespace(NS).withName(ClusterSessionRepository.name("s6")).get().getData().get("lastUsed")));
    }

    @Test
    void limitsAndTheIdleTimeoutHoldAcrossReplicas() {
        TestClock clock = new TestClock(Instant.now());
        SessionStore a = new SessionStore(Duration.ofSeconds(60), 3, 2, clock, replica());
        SessionStore b = new SessionStore(Duration.ofSeconds(60), 3, 2, clock, replica());
        SessionStore.Created first = a.create("alice", "10.0.0.1").orElseThrow();
        a.create("alice", "10.0.0.1").orElseThrow();
        awaitTrue("B knows both of alice's sessions", () -> b.all().size() == 2);
        assertTrue(b.create("alice", "10.0.0.2").isEmpty(), "per-user limit of 2 across replicas");
        SessionStore.Created bob = b.create("bob", "10.0.0.3").orElseThrow();
        awaitTrue("A knows bob's", () -> a.all().size() == 3);
        assertTrue(a.create("carol", "10.0.0.4").isEmpty(), "global limit of 3 across replicas");

        assertTrue(b.use(first.token()).isPresent(), "A's token works on B");
        // a session ends after the timeout plus the write interval of the last use, on both replicas alike
        clock.advance(Duration.ofSeconds(60).plus(INTERVAL));
        assertTrue(a.use(bob.token()).isPresent(), "not yet ended: at timeout + interval exactly");
        clock.advance(Duration.ofSeconds(1));
        assertTrue(b.use(first.token()).isEmpty(), "ended on B");
        assertTrue(a.use(first.token()).isEmpty(), "ended on A");
    }

    private static StoredSession session(String id, String token, Instant at) {
        return new StoredSession(id, digest(token), "alice", "192.0.2.1", at, at);
    }

    private static String digest(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitTrue(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within 10 s: " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail(e);
            }
        }
    }
}
