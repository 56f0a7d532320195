package org.kubevirtredfish.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.kubevirtredfish.config.MapConfig;

class SessionStoreTest {

    private final TestClock clock = new TestClock();
    private final SessionStore store = new SessionStore(Duration.ofSeconds(60), 3, clock);

    @Test
    void createReturnsATokenThatUseFinds() {
        SessionStore.Created c = store.create("alice", "10.0.0.1").orElseThrow();
        assertTrue(c.token().length() >= 40, "a 256-bit token: " + c.token());
        assertEquals("alice", c.session().username());
        assertEquals("10.0.0.1", c.session().origin());
        assertEquals(clock.instant(), c.session().created());
        assertEquals(c.session(), store.use(c.token()).orElseThrow());
        assertEquals(c.session(), store.find(c.session().id()).orElseThrow());
        assertEquals(List.of(c.session()), store.all());
    }

    @Test
    void unknownEmptyOrNullTokensFindNothing() {
        SessionStore.Created c = store.create("alice", null).orElseThrow();
        assertTrue(store.use("nope").isEmpty());
        assertTrue(store.use("").isEmpty());
        assertTrue(store.use(null).isEmpty());
        assertTrue(store.use(c.session().id()).isEmpty(), "the session id is not a token");
        assertTrue(store.use(c.token() + "x").isEmpty());
        assertTrue(store.find("nope").isEmpty());
    }

    @Test
    void idleTimeoutExpiresASession() {
        SessionStore.Created c = store.create("alice", null).orElseThrow();
        clock.advance(Duration.ofSeconds(60));
        assertTrue(store.use(c.token()).isPresent(), "exactly at the timeout it is still alive");
        clock.advance(Duration.ofSeconds(61));
        assertTrue(store.use(c.token()).isEmpty());
        assertTrue(store.find(c.session().id()).isEmpty());
        assertTrue(store.all().isEmpty());
    }

    @Test
    void useRefreshesIdleness() {
        SessionStore.Created c = store.create("alice", null).orElseThrow();
        SessionStore.Created other = store.create("bob", null).orElseThrow();
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofSeconds(45));
            assertTrue(store.use(c.token()).isPresent(), "use " + i);
        }
        assertTrue(store.use(other.token()).isEmpty(), "the unused session expired meanwhile");
        assertTrue(store.find(c.session().id()).isPresent());
    }

    @Test
    void findAndAllDoNotCountAsUse() {
        SessionStore.Created c = store.create("alice", null).orElseThrow();
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofSeconds(25));
            store.find(c.session().id());
            store.all();
        }
        assertTrue(store.use(c.token()).isEmpty());
    }

    @Test
    void deleteEndsASession() {
        SessionStore.Created c = store.create("alice", null).orElseThrow();
        SessionStore.Created d = store.create("alice", null).orElseThrow();
        assertTrue(store.delete(c.session().id()));
        assertTrue(store.use(c.token()).isEmpty());
        assertTrue(store.find(c.session().id()).isEmpty());
        assertFalse(store.delete(c.session().id()), "deleting twice");
        assertTrue(store.use(d.token()).isPresent(), "the other session lives on");
    }

    @Test
    void maxSessionsLimit() {
        SessionStore.Created first = store.create("a", null).orElseThrow();
        store.create("b", null).orElseThrow();
        store.create("c", null).orElseThrow();
        assertTrue(store.create("d", null).isEmpty(), "a fourth session over max 3");
        store.delete(first.session().id());
        assertTrue(store.create("d", null).isPresent(), "a slot is free again");
        assertTrue(store.create("e", null).isEmpty());
        clock.advance(Duration.ofSeconds(61));
        assertTrue(store.create("e", null).isPresent(), "expired sessions do not count");
        assertEquals(1, store.all().size());
    }

    @Test
    void tokensAndIdsAreRandomAndDistinct() {
        SessionStore big = new SessionStore(Duration.ofSeconds(60), 1000, clock);
        Set<String> tokens = new HashSet<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            SessionStore.Created c = big.create("alice", null).orElseThrow();
            assertTrue(tokens.add(c.token()), "token repeated");
            assertTrue(ids.add(c.session().id()), "id repeated");
            assertNotEquals(c.token(), c.session().id());
            assertFalse(c.token().contains(c.session().id()), "the id is not derived from the token");
            assertTrue(c.session().id().matches("[A-Za-z0-9]+"), "URI-safe id: " + c.session().id());
            assertTrue(c.token().matches("[A-Za-z0-9_-]+"), "header-safe token: " + c.token());
        }
        assertEquals(200, big.all().size());
    }

    @Test
    void sessionsNeverExposeTheirToken() {
        SessionStore.Created c = store.create("alice", "origin").orElseThrow();
        assertFalse(c.session().toString().contains(c.token()));
        for (SessionStore.Session s : store.all()) {
            assertFalse(s.toString().contains(c.token()));
        }
    }

    @Test
    void allIsSortedByCreation() {
        SessionStore.Created a = store.create("a", null).orElseThrow();
        clock.advance(Duration.ofSeconds(1));
        SessionStore.Created b = store.create("b", null).orElseThrow();
        clock.advance(Duration.ofSeconds(1));
        SessionStore.Created c = store.create("c", null).orElseThrow();
        assertEquals(List.of(a.session(), b.session(), c.session()), store.all());
    }

    @Test
    void settingsGiveTimeoutAndMax() {
        SessionStore s = new SessionStore(MapConfig.settings("", Map.of("session.timeout", "90", "session.max", "1")));
        assertEquals(90, s.timeoutSeconds());
        assertTrue(s.create("a", null).isPresent());
        assertTrue(s.create("b", null).isEmpty());
        assertEquals(1800, new SessionStore(MapConfig.settings("", Map.of())).timeoutSeconds());
    }

    @Test
    void oneUserCannotTakeEverySession() {
        SessionStore store = new SessionStore(java.time.Duration.ofMinutes(30), 10, 2, java.time.Clock.systemUTC());
        assertTrue(store.create("greedy", "198.51.100.1").isPresent());
        assertTrue(store.create("greedy", "198.51.100.1").isPresent());
        assertTrue(store.create("greedy", "198.51.100.1").isEmpty(), "the user's own limit");
        assertTrue(store.create("installer", "198.51.100.2").isPresent(), "other users still log in");
    }

    /** The Retry-After of 503 SessionLimitExceeded: when the first session that counts ends by idleness. */
    @Test
    void secondsUntilFreeIsWhenTheFirstCountingSessionExpires() {
        store.create("alice", null).orElseThrow();
        clock.advance(Duration.ofSeconds(10));
        store.create("bob", null).orElseThrow();
        clock.advance(Duration.ofSeconds(10));
        store.create("carol", null).orElseThrow();
        assertTrue(store.create("dave", null).isEmpty());
        assertEquals(41, store.secondsUntilFree("dave"), "the service is full: alice's ends first");

        SessionStore perUser = new SessionStore(Duration.ofSeconds(60), 10, 2, clock);
        SessionStore.Created first = perUser.create("alice", null).orElseThrow();
        perUser.create("bob", null).orElseThrow();
        clock.advance(Duration.ofSeconds(30));
        perUser.create("alice", null).orElseThrow();
        perUser.use(first.token());
        clock.advance(Duration.ofSeconds(5));
        assertTrue(perUser.create("alice", null).isEmpty());
        assertEquals(56, perUser.secondsUntilFree("alice"), "alice's own sessions count, not bob's");
    }
}
