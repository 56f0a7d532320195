package org.kubevirtredfish.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.kubevirtredfish.config.MapConfig;
import org.kubevirtredfish.config.ServiceSettings;

class LoginGuardTest {

    private static final String HASH = BCrypt.withDefaults().hashToString(4, "right".toCharArray());
    private final TestClock clock = new TestClock();

    /** Counts bcrypt checks; optionally holds them until released. */
    private static final class CountingDirectory extends UserDirectory {
        final AtomicInteger bcryptChecks = new AtomicInteger();
        volatile CountDownLatch entered;
        volatile CountDownLatch release;

        CountingDirectory(ServiceSettings settings, TestClock clock) {
            super(settings, clock);
        }

        @Override
        Optional<Account> verify(String username, String password) {
            bcryptChecks.incrementAndGet();
            if (release != null) {
                entered.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return super.verify(username, password);
        }
    }

    private CountingDirectory users;

    private LoginGuard guard(Map<String, String> values) {
        Map<String, String> all = new HashMap<>(Map.of("accounts.lockout_threshold", "3",
                "accounts.lockout_duration", "300", "accounts.lockout_counter_reset_after", "60",
                "login.throttle_burst", "1000", "login.throttle_per_minute", "1000"));
        all.putAll(values);
        ServiceSettings settings = MapConfig.settings("""
                chassis:
                  - {name: east, namespace: ns-east}
                authentication:
                  users:
                    - {username: admin, password: {hash: "%s"}, chassis: [east]}
                """.formatted(HASH), all);
        users = new CountingDirectory(settings, clock);
        return new LoginGuard(settings, users, clock);
    }

    @Test
    void aLockedAccountIsRefusedWithoutBcryptEvenWithTheRightPasswordAndUnlocksByTime() {
        LoginGuard g = guard(Map.of());
        for (int i = 0; i < 3; i++) {
            assertInstanceOf(LoginGuard.Refused.class, g.attempt("admin", "wrong" + i, "192.0.2.1", "login"));
        }
        assertEquals(3, users.bcryptChecks.get());
        assertEquals(true, g.isLocked("admin"));
        assertInstanceOf(LoginGuard.Refused.class, g.attempt("admin", "right", "192.0.2.1", "login"));
        assertInstanceOf(LoginGuard.Refused.class, g.attempt("admin", "right", "198.51.100.7", "basic"));
        assertEquals(3, users.bcryptChecks.get(), "no bcrypt while locked");
        clock.advance(Duration.ofSeconds(300));
        assertEquals(false, g.isLocked("admin"));
        assertInstanceOf(LoginGuard.Accepted.class, g.attempt("admin", "right", "192.0.2.1", "login"));
    }

    @Test
    void aRememberedPasswordIsRefusedWhileLocked() {
        LoginGuard g = guard(Map.of());
        assertInstanceOf(LoginGuard.Accepted.class, g.attempt("admin", "right", "192.0.2.1", "basic"));
        for (int i = 0; i < 3; i++) {
            g.attempt("admin", "wrong", "192.0.2.2", "basic");
        }
        assertInstanceOf(LoginGuard.Refused.class, g.attempt("admin", "right", "192.0.2.1", "basic"));
    }

    @Test
    void unknownUserNamesAreCountedAndLockedLikeKnownOnes() {
        LoginGuard g = guard(Map.of());
        for (int i = 0; i < 3; i++) {
            g.attempt("nobody", "x", "192.0.2.1", "login");
        }
        assertEquals(3, users.bcryptChecks.get(), "an unknown user costs a bcrypt like a known one");
        g.attempt("nobody", "x", "192.0.2.1", "login");
        assertEquals(3, users.bcryptChecks.get(), "and is refused as quickly once locked");
    }

    @Test
    void aSuccessResetsTheFailureCount() {
        LoginGuard g = guard(Map.of());
        g.attempt("admin", "wrong", "192.0.2.1", "login");
        g.attempt("admin", "wrong", "192.0.2.1", "login");
        g.attempt("admin", "right", "192.0.2.1", "login");
        g.attempt("admin", "wrong", "192.0.2.1", "login");
        g.attempt("admin", "wrong", "192.0.2.1", "login");
        assertEquals(false, g.isLocked("admin"));
    }

    @Test
    void aSourceOutOfBudgetGetsNoCheckWhateverXForwardedForSays() {
        LoginGuard g = guard(Map.of("login.throttle_burst", "4", "login.throttle_per_minute", "6"));
        int unavailable = 0;
        for (int i = 0; i < 20; i++) {
            String source = g.source("203.0.113.5", "10.9.8." + i); // rotated, from a peer that is no proxy
            LoginGuard.Outcome o = g.attempt("guess" + i, "x", source, "login");
            if (o instanceof LoginGuard.Unavailable u) {
                unavailable++;
                assertEquals(10, u.retryAfterSeconds());
            }
        }
        assertEquals(16, unavailable);
        assertEquals(4, users.bcryptChecks.get());
        clock.advance(Duration.ofSeconds(10));
        assertInstanceOf(LoginGuard.Refused.class, g.attempt("guess", "x", "203.0.113.5", "login"));
        assertInstanceOf(LoginGuard.Accepted.class, g.attempt("admin", "right", "198.51.100.1", "login"),
                "another source keeps its own budget");
    }

    @Test
    void aTrustedProxyLetsEachClientHaveItsOwnBudget() {
        LoginGuard g = guard(Map.of("login.throttle_burst", "1", "login.throttle_per_minute", "1",
                "login.trusted_proxies", "10.128.0.0/14"));
        assertInstanceOf(LoginGuard.Refused.class,
                g.attempt("a", "x", g.source("10.128.0.9", "198.51.100.1"), "login"));
        assertInstanceOf(LoginGuard.Unavailable.class,
                g.attempt("b", "x", g.source("10.128.0.9", "198.51.100.1"), "login"));
        assertInstanceOf(LoginGuard.Refused.class,
                g.attempt("c", "x", g.source("10.128.0.9", "198.51.100.2"), "login"));
    }

    @Test
    void aRememberedPasswordNeedsNeitherBcryptNorBudget() {
        LoginGuard g = guard(Map.of("login.throttle_burst", "1", "login.throttle_per_minute", "1"));
        assertInstanceOf(LoginGuard.Accepted.class, g.attempt("admin", "right", "192.0.2.1", "basic"));
        g.attempt("someone", "wrong", "192.0.2.1", "basic"); // uses the source's only token
        for (int i = 0; i < 10; i++) {
            assertInstanceOf(LoginGuard.Accepted.class, g.attempt("admin", "right", "192.0.2.1", "basic"));
        }
        assertEquals(2, users.bcryptChecks.get());
    }

    @Test
    void checksBeyondTheConcurrencyBoundAreNotRun() throws Exception {
        LoginGuard g = guard(Map.of("login.max_concurrent_checks", "1", "login.check_wait_millis", "0"));
        users.entered = new CountDownLatch(1);
        users.release = new CountDownLatch(1);
        CompletableFuture<LoginGuard.Outcome> first = CompletableFuture.supplyAsync(
                () -> g.attempt("admin", "right", "192.0.2.1", "login"));
        users.entered.await(10, TimeUnit.SECONDS);
        LoginGuard.Outcome second = g.attempt("admin", "other", "192.0.2.2", "login");
        assertEquals(new LoginGuard.Unavailable(1), second);
        users.release.countDown();
        assertInstanceOf(LoginGuard.Accepted.class, first.get(10, TimeUnit.SECONDS));
        assertEquals(1, users.bcryptChecks.get());
    }

    /**
     * A remembered success expiring while many requests carry the same credential (issue 12: all of them ran
     * bcrypt at once, a stall of a third of a second): one check runs, the others wait for it instead of being
     * refused for want of a slot or running bcrypt again.
     */
    @Test
    void requestsWithTheCredentialBeingCheckedWaitForThatCheck() throws Exception {
        LoginGuard g = guard(Map.of("login.max_concurrent_checks", "1", "login.check_wait_millis", "0"));
        users.entered = new CountDownLatch(1);
        users.release = new CountDownLatch(1);
        CompletableFuture<LoginGuard.Outcome> first = CompletableFuture.supplyAsync(
                () -> g.attempt("admin", "right", "192.0.2.1", "basic"));
        assertEquals(true, users.entered.await(10, TimeUnit.SECONDS));
        LoginGuard.Outcome[] outcomes = new LoginGuard.Outcome[8];
        Thread[] others = new Thread[outcomes.length];
        for (int i = 0; i < others.length; i++) {
            int n = i;
            others[i] = new Thread(() -> outcomes[n] = g.attempt("admin", "right", "192.0.2." + (10 + n), "basic"));
            others[i].start();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && !java.util.Arrays.stream(others)
                .allMatch(t -> t.getState() == Thread.State.TIMED_WAITING || t.getState() == Thread.State.TERMINATED)) {
            Thread.sleep(10);
        }
        users.release.countDown();
        for (Thread t : others) {
            t.join(10_000);
        }
        assertInstanceOf(LoginGuard.Accepted.class, first.get(10, TimeUnit.SECONDS));
        for (LoginGuard.Outcome o : outcomes) {
            assertInstanceOf(LoginGuard.Accepted.class, o);
        }
        assertEquals(1, users.bcryptChecks.get(), "one bcrypt check for one credential");
    }

    /**
     * A success remembered 50 s ago, and the one request that verifies it again, held inside bcrypt until
     * {@code users.release} opens.
     */
    private CompletableFuture<LoginGuard.Outcome> heldRefresh(LoginGuard g) throws InterruptedException {
        assertInstanceOf(LoginGuard.Accepted.class, g.attempt("admin", "right", "192.0.2.1", "basic"));
        clock.advance(Duration.ofSeconds(50));
        users.entered = new CountDownLatch(1);
        users.release = new CountDownLatch(1);
        CompletableFuture<LoginGuard.Outcome> refresher = CompletableFuture.supplyAsync(
                () -> g.attempt("admin", "right", "192.0.2.1", "basic"));
        assertEquals(true, users.entered.await(10, TimeUnit.SECONDS), "50 s after the check, one request re-checks");
        return refresher;
    }

    /**
     * A credential in use is verified again after 45 s by one request while the others go on without bcrypt, so
     * it never expires under load.
     */
    @Test
    void aRememberedSuccessIsVerifiedAgainByOneRequestBeforeItExpires() throws Exception {
        LoginGuard g = guard(Map.of());
        CompletableFuture<LoginGuard.Outcome> refresher = heldRefresh(g);
        for (int i = 0; i < 5; i++) {
            assertInstanceOf(LoginGuard.Accepted.class, g.attempt("admin", "right", "192.0.2.2", "basic"));
        }
        assertEquals(2, users.bcryptChecks.get(), "the others went on without bcrypt meanwhile");
        users.release.countDown();
        assertInstanceOf(LoginGuard.Accepted.class, refresher.get(10, TimeUnit.SECONDS));
        users.release = null;
        clock.advance(Duration.ofSeconds(15)); // 65 s after the first check, 15 s after the second
        assertInstanceOf(LoginGuard.Accepted.class, g.attempt("admin", "right", "192.0.2.1", "basic"));
        assertEquals(2, users.bcryptChecks.get(), "still remembered: the second check renewed it");
    }

    /**
     * The early refresh is the credential's check in flight: when the remembered success expires while a slow
     * refresh runs, a request with the credential waits for that refresh instead of running bcrypt a second time.
     */
    @Test
    void aRequestWhileASlowRefreshOutlivesTheRememberedSuccessWaitsForIt() throws Exception {
        LoginGuard g = guard(Map.of());
        CompletableFuture<LoginGuard.Outcome> refresher = heldRefresh(g);
        clock.advance(Duration.ofSeconds(15)); // 65 s after the first check: no longer remembered
        LoginGuard.Outcome[] outcome = new LoginGuard.Outcome[1];
        Thread late = new Thread(() -> outcome[0] = g.attempt("admin", "right", "192.0.2.2", "basic"));
        late.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && late.getState() != Thread.State.TIMED_WAITING
                && late.getState() != Thread.State.TERMINATED) {
            Thread.sleep(10);
        }
        users.release.countDown();
        late.join(10_000);
        assertInstanceOf(LoginGuard.Accepted.class, refresher.get(10, TimeUnit.SECONDS));
        assertInstanceOf(LoginGuard.Accepted.class, outcome[0]);
        assertEquals(2, users.bcryptChecks.get(), "the late request ran no bcrypt of its own");
    }
}
