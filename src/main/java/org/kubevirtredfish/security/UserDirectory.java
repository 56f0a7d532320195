package org.kubevirtredfish.security;

import at.favre.lib.crypto.bcrypt.BCrypt;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import org.kubevirtredfish.config.ConfigFile;
import org.kubevirtredfish.config.ServiceSettings;

/**
 * The users of config.yaml and the check of their passwords: bcrypt hashes ($2a$, $2b$, $2y$) or, as older
 * releases allowed, plain text compared in constant time. An unknown user and a plain-text user cost a bcrypt
 * verification at the highest configured cost too, so response times do not tell which users exist. Basic authentication sends the password with every request: a
 * successful check is remembered for a minute under a salted digest (never the password), so a client polling
 * with Basic does not pay a bcrypt verification per request. From 45 seconds on, one use of a remembered
 * credential is told to verify it again ({@link Recall#refreshDue()}, given to one caller at a time) while the
 * others go on using it, so that a credential in constant use never expires under load.
 */
@ApplicationScoped
public class UserDirectory {

    private static final Duration REMEMBER = Duration.ofMinutes(1);
    private static final Duration REFRESH_FROM = Duration.ofSeconds(45);
    private static final Logger LOG = Logger.getLogger(UserDirectory.class.getName());
    private static final int RECOMMENDED_COST = 10;

    private final Map<String, ConfigFile.User> users = new HashMap<>();
    private final java.util.List<String> order = new java.util.ArrayList<>();
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();
    private final byte[] salt = new byte[32];
    /**
     * A bcrypt hash of random bytes at the highest cost configured: checked when the user is unknown or has a plain
     * password, so that a failed login takes as long whoever it names.
     */
    private String dummyHash;
    private Clock clock = Clock.systemUTC();

    protected UserDirectory() {
        // for CDI proxies
    }

    @Inject
    public UserDirectory(ServiceSettings settings) {
        settings.users().forEach(u -> {
            users.put(u.username(), u);
            order.add(u.username());
        });
        new SecureRandom().nextBytes(salt);
        int cost = users.values().stream().map(u -> u.password().hash()).filter(h -> h != null)
                .mapToInt(UserDirectory::cost).max().orElse(RECOMMENDED_COST);
        dummyHash = BCrypt.withDefaults().hashToString(cost, randomChars());
        users.values().stream().filter(u -> u.password().hash() != null && cost(u.password().hash()) < RECOMMENDED_COST)
                .forEach(u -> LOG.warning(() -> "the bcrypt hash of user " + u.username() + " has cost "
                        + cost(u.password().hash()) + "; use at least " + RECOMMENDED_COST
                        + " (htpasswd -nbBC 10 \"\" 'password' | cut -d: -f2)"));
    }

    /** The cost factor of a {@code $2y$NN$...} hash. */
    private static int cost(String hash) {
        return Integer.parseInt(hash.substring(4, 6));
    }

    UserDirectory(ServiceSettings settings, Clock clock) {
        this(settings);
        this.clock = clock;
    }

    /**
     * The account when the password is right; empty for an unknown user or a wrong password. Logins should go
     * through {@link LoginGuard}, which adds lockout, throttling and a bound on concurrent bcrypt checks.
     */
    public Optional<Account> authenticate(String username, String password) {
        Optional<Account> remembered = remembered(username, password);
        return remembered.isPresent() ? remembered : verify(username, password);
    }

    /** A remembered success: valid until {@code until}; from {@code refreshFrom} on, one caller re-verifies it. */
    private record Verified(Instant refreshFrom, Instant until, AtomicBoolean refreshing) {
    }

    /**
     * A remembered success. {@code refreshDue}: this caller, and no other until it is done, should verify the
     * password again (it is still valid meanwhile); then {@link #verify} remembers it anew, or
     * {@link #refreshNotDone} lets a later caller do it.
     */
    public record Recall(Account account, boolean refreshDue) {
    }

    /** The account if this exact user and password passed a check less than a minute ago: no bcrypt. */
    Optional<Account> remembered(String username, String password) {
        Verified v = username == null || password == null ? null : verified.get(credentialKey(username, password));
        ConfigFile.User user = v == null ? null : users.get(username);
        return user != null && clock.instant().isBefore(v.until()) ? Optional.of(account(user)) : Optional.empty();
    }

    /** As {@link #remembered}, and tells one caller at a time when the success is due to be verified again. */
    Optional<Recall> recall(String username, String password) {
        Verified v = username == null || password == null ? null : verified.get(credentialKey(username, password));
        ConfigFile.User user = v == null ? null : users.get(username);
        Instant now = clock.instant();
        if (user == null || !now.isBefore(v.until())) {
            return Optional.empty();
        }
        boolean due = !now.isBefore(v.refreshFrom()) && v.refreshing().compareAndSet(false, true);
        return Optional.of(new Recall(account(user), due));
    }

    /** A refresh handed out by {@link #recall} did not run: the next use may take it. */
    void refreshNotDone(String username, String password) {
        Verified v = verified.get(credentialKey(username, password));
        if (v != null) {
            v.refreshing().set(false);
        }
    }

    /** The salted digest under which a success is remembered (never the password itself). */
    String credentialKey(String username, String password) {
        return digestHex(username + '\0' + password);
    }

    /** Checks the password with bcrypt (a dummy hash for unknown and plain-text users: the same cost). */
    Optional<Account> verify(String username, String password) {
        if (username == null || password == null) {
            return Optional.empty();
        }
        ConfigFile.User user = users.get(username);
        if (user == null) {
            verifyBcrypt(password, dummyHash);
            return Optional.empty();
        }
        String key = credentialKey(username, password);
        if (!passwordMatches(user.password(), password)) {
            verified.remove(key);
            return Optional.empty();
        }
        Instant now = clock.instant();
        verified.entrySet().removeIf(e -> now.isAfter(e.getValue().until()));
        verified.put(key, new Verified(now.plus(REFRESH_FROM), now.plus(REMEMBER), new AtomicBoolean()));
        return Optional.of(account(user));
    }

    /** Every account of config.yaml, in the file's order. */
    public java.util.List<Account> accounts() {
        return order.stream().map(users::get).map(UserDirectory::account).toList();
    }

    /** The account of a user that authenticated earlier (its session), if the user still exists. */
    public Optional<Account> account(String username) {
        return Optional.ofNullable(users.get(username)).map(UserDirectory::account);
    }

    private static Account account(ConfigFile.User user) {
        Role role = user.role() == null ? Role.Administrator : Role.valueOf(user.role());
        return new Account(user.username(), role, new HashSet<>(user.chassis()));
    }

    private boolean passwordMatches(ConfigFile.Password expected, String given) {
        if (expected.hash() != null) {
            return verifyBcrypt(given, expected.hash());
        }
        verifyBcrypt(given, dummyHash); // as slow as a hashed password, so plain-text users do not stand out
        return MessageDigest.isEqual(sha256(expected.plain()), sha256(given));
    }

    private static boolean verifyBcrypt(String password, String hash) {
        try {
            return BCrypt.verifyer().verify(password.toCharArray(), hash).verified;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private String digestHex(String text) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(salt);
            return java.util.HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static char[] randomChars() {
        byte[] b = new byte[18];
        new SecureRandom().nextBytes(b);
        return java.util.Base64.getEncoder().encodeToString(b).toCharArray();
    }
}
