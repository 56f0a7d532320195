package org.kubevirtredfish.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kubevirtredfish.config.MapConfig;
import org.kubevirtredfish.config.ServiceSettings;

class UserDirectoryTest {

    private static ServiceSettings settings;

    private static String hash(BCrypt.Version version, int cost, String password) {
        return BCrypt.with(version).hashToString(cost, password.toCharArray());
    }

    @BeforeAll
    static void settings() {
        String a = hash(BCrypt.Version.VERSION_2A, 4, "pw-2a");
        String b = hash(BCrypt.Version.VERSION_2B, 4, "pw-2b");
        String y = hash(BCrypt.Version.VERSION_2Y, 4, "pw-2y");
        // a cost high enough that a bcrypt verification is clearly slower than a remembered success
        String slow = hash(BCrypt.Version.VERSION_2B, 8, "pw-slow");
        assertTrue(a.startsWith("$2a$04$") && b.startsWith("$2b$04$") && y.startsWith("$2y$04$"));
        settings = MapConfig.settings("""
                chassis:
                  - {name: east, namespace: ns-east}
                  - {name: west, namespace: ns-west}
                authentication:
                  users:
                    - {username: alice, password: {hash: "%s"}, chassis: [east]}
                    - {username: bob, password: {hash: "%s"}, chassis: [east, west], role: Operator}
                    - {username: carol, password: {hash: "%s"}, chassis: [west], role: ReadOnly}
                    - {username: dave, password: "plain-pw", chassis: [east], role: Administrator}
                    - {username: erin, password: {hash: "%s"}, chassis: [west]}
                """.formatted(a, b, y, slow), Map.of());
    }

    private static UserDirectory directory() {
        return new UserDirectory(settings);
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice:pw-2a", "bob:pw-2b", "carol:pw-2y", "dave:plain-pw"})
    void rightPasswordAuthenticates(String userPass) {
        String[] up = userPass.split(":");
        Optional<Account> account = directory().authenticate(up[0], up[1]);
        assertTrue(account.isPresent(), userPass);
        assertEquals(up[0], account.get().username());
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice:pw-2b", "bob:pw-2a", "carol:", "dave:plain-pW", "dave:plain-pw ",
            "alice:$2a$04$", "dave:"})
    void wrongPasswordIsRefused(String userPass) {
        String[] up = userPass.split(":", 2);
        assertTrue(directory().authenticate(up[0], up[1]).isEmpty(), userPass);
    }

    @Test
    void theHashItselfIsNotAPassword() {
        String hash = settings.users().get(0).password().hash();
        assertTrue(directory().authenticate("alice", hash).isEmpty());
    }

    @Test
    void unknownUserIsRefused() {
        UserDirectory d = directory();
        assertTrue(d.authenticate("mallory", "pw-2a").isEmpty());
        assertTrue(d.authenticate("Alice", "pw-2a").isEmpty(), "user names are case-sensitive");
        assertTrue(d.account("mallory").isEmpty());
    }

    @Test
    void nullInputsAreRefused() {
        UserDirectory d = directory();
        assertTrue(d.authenticate(null, "pw-2a").isEmpty());
        assertTrue(d.authenticate("alice", null).isEmpty());
        assertTrue(d.authenticate(null, null).isEmpty());
    }

    @Test
    void rolesDefaultToAdministrator() {
        UserDirectory d = directory();
        assertEquals(Role.Administrator, d.authenticate("alice", "pw-2a").orElseThrow().role());
        assertEquals(Role.Operator, d.authenticate("bob", "pw-2b").orElseThrow().role());
        assertEquals(Role.ReadOnly, d.authenticate("carol", "pw-2y").orElseThrow().role());
        assertEquals(Role.Administrator, d.account("dave").orElseThrow().role());
    }

    @Test
    void accountsCarryTheirChassis() {
        UserDirectory d = directory();
        assertEquals(Set.of("east"), d.authenticate("alice", "pw-2a").orElseThrow().chassis());
        assertEquals(Set.of("east", "west"), d.account("bob").orElseThrow().chassis());
        assertEquals(Set.of("west"), d.account("carol").orElseThrow().chassis());
    }

    @Test
    void rememberedSuccessDoesNotHelpAWrongPassword() {
        UserDirectory d = directory();
        assertTrue(d.authenticate("alice", "pw-2a").isPresent());
        assertTrue(d.authenticate("alice", "pw-2b").isEmpty());
        assertTrue(d.authenticate("bob", "pw-2a").isEmpty(), "another user with alice's password");
        assertTrue(d.authenticate("alice", "pw-2a").isPresent());
    }

    @Test
    void successStaysValidAcrossTheCacheExpiry() {
        TestClock clock = new TestClock();
        UserDirectory d = new UserDirectory(settings, clock);
        assertTrue(d.authenticate("dave", "plain-pw").isPresent());
        clock.advance(Duration.ofMinutes(5));
        assertTrue(d.authenticate("dave", "plain-pw").isPresent());
        assertTrue(d.authenticate("dave", "wrong").isEmpty());
    }

    /**
     * A success is remembered for a minute: within it, a check costs no bcrypt verification (fast); after it, the
     * bcrypt verification is done again (slow). Timed with minima, so that a slow machine can only make the
     * "slow" side slower.
     */
    @Test
    void rememberedSuccessExpiresAfterAMinute() {
        TestClock clock = new TestClock();
        UserDirectory d = new UserDirectory(settings, clock);
        long first = timed(d, "erin", "pw-slow");
        long remembered = Long.MAX_VALUE;
        for (int i = 0; i < 7; i++) {
            clock.advance(Duration.ofSeconds(5)); // up to 35 s after the success
            remembered = Math.min(remembered, timed(d, "erin", "pw-slow"));
        }
        assertTrue(remembered * 10 < first, "a remembered success is not faster: " + remembered + " ns vs " + first);
        clock.advance(Duration.ofSeconds(26)); // 61 s after the success
        long expired = timed(d, "erin", "pw-slow");
        assertTrue(expired > remembered * 10,
                "after a minute the password is verified again: " + expired + " ns vs remembered " + remembered);
        // and the new success is remembered in turn
        long again = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            again = Math.min(again, timed(d, "erin", "pw-slow"));
        }
        assertTrue(again * 10 < expired, again + " ns vs " + expired);
    }

    private static long timed(UserDirectory d, String user, String password) {
        long start = System.nanoTime();
        assertTrue(d.authenticate(user, password).isPresent());
        return System.nanoTime() - start;
    }
}
