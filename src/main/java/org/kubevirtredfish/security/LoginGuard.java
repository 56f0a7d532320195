package org.kubevirtredfish.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;
import org.kubevirtredfish.config.ServiceSettings;
import org.kubevirtredfish.health.LogText;

/**
 * Every password check (Basic and session login alike) passes here, in this order:
 * <ol>
 * <li>a locked user name is refused at once, without bcrypt, with the same answer as a wrong password;</li>
 * <li>a user and password that passed a check less than a minute ago are accepted without bcrypt; after 45 s one
 * request (when a bcrypt slot is free at once) verifies them again while the others go on without; that check is
 * the credential's check in flight of the next step;</li>
 * <li>the same user and password already being checked by another request: this one waits for that check
 * instead of running bcrypt again (single flight per credential; a remembered success expiring under load
 * costs one check, not one per request in flight);</li>
 * <li>a source without a token of its {@link SourceThrottle} gets {@link Unavailable} (503, Retry-After);</li>
 * <li>at most {@code login.max_concurrent_checks} bcrypt checks run at once; a check that waits longer than
 * {@code login.check_wait_millis} for its turn gets {@link Unavailable};</li>
 * <li>bcrypt; a failure counts against the user name's lockout and the source's budget.</li>
 * </ol>
 * Known and unknown user names follow the same steps at the same cost, so the answers do not tell them apart.
 * Anyone who knows a user name can lock that account by failing on purpose (DMTF's lockout accepts this); the
 * per-source throttle limits how fast one source can, and sessions already open keep working.
 */
@ApplicationScoped
public class LoginGuard {

    /** What became of a login attempt. */
    public sealed interface Outcome permits Accepted, Refused, Unavailable {
    }

    public record Accepted(Account account) implements Outcome {
    }

    public record Refused() implements Outcome {
    }

    /** No check was made now: retry after this many seconds (at least 1). */
    public record Unavailable(long retryAfterSeconds) implements Outcome {
    }

    private static final Logger LOG = Logger.getLogger(LoginGuard.class.getName());
    /** How much longer than a check's wait for its slot a request waits for another request's check (bcrypt). */
    private static final long FOLLOWER_EXTRA_WAIT_MILLIS = 2000;

    private UserDirectory users;
    private AccountLockout lockout;
    private SourceThrottle throttle;
    private ClientAddress clients;
    private Semaphore checks;
    private long checkWaitMillis;
    private final ConcurrentMap<String, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();

    protected LoginGuard() {
        // for CDI proxies
    }

    @Inject
    public LoginGuard(ServiceSettings settings, UserDirectory users) {
        this(settings, users, Clock.systemUTC());
    }

    LoginGuard(ServiceSettings settings, UserDirectory users, Clock clock) {
        this.users = users;
        this.lockout = new AccountLockout(LockoutPolicy.from(settings), clock);
        this.throttle = new SourceThrottle(settings.integer("login.throttle_burst", 10),
                settings.integer("login.throttle_per_minute", 30), clock);
        this.clients = new ClientAddress(Arrays.asList(settings.string("login.trusted_proxies", "").split(",")));
        this.checks = new Semaphore(Math.max(1, settings.integer("login.max_concurrent_checks", 2)), true);
        this.checkWaitMillis = Math.max(0, settings.integer("login.check_wait_millis", 2000));
    }

    public LockoutPolicy lockoutPolicy() {
        return lockout.policy();
    }

    /** Whether the account is locked now (ManagerAccount.Locked). */
    public boolean isLocked(String username) {
        return lockout.isLocked(username);
    }

    /** The client address of a request: the peer, or X-Forwarded-For's when the peer is a trusted proxy. */
    public String source(String peer, String forwardedFor) {
        return clients.of(peer, forwardedFor);
    }

    /** @param mechanism how the password came ("basic", "login"), for the log */
    public Outcome attempt(String username, String password, String source, String mechanism) {
        if (username == null || password == null) {
            return new Refused();
        }
        if (lockout.isLocked(username)) {
            return new Refused();
        }
        Optional<UserDirectory.Recall> remembered = users.recall(username, password);
        if (remembered.isPresent()) {
            return remembered.get().refreshDue() ? refresh(username, password, remembered.get().account())
                    : new Accepted(remembered.get().account());
        }
        String key = users.credentialKey(username, password);
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> running = inFlight.putIfAbsent(key, mine);
        if (running == null) {
            try {
                return check(username, password, source, mechanism);
            } finally {
                done(key, mine);
            }
        }
        awaitQuietly(running);
        Optional<Account> checked = users.remembered(username, password);
        // the other check failed (or took too long): this attempt is checked and counted on its own
        return checked.isPresent() ? new Accepted(checked.get()) : check(username, password, source, mechanism);
    }

    /**
     * Verifies a remembered success again if a bcrypt slot is free now; else it stays valid until it expires. The
     * refresh is the credential's check in flight: should the remembered success expire while it runs, requests with
     * the credential wait for it rather than run bcrypt again.
     */
    private Outcome refresh(String username, String password, Account account) {
        String key = users.credentialKey(username, password);
        CompletableFuture<Void> mine = new CompletableFuture<>();
        if (inFlight.putIfAbsent(key, mine) != null) {
            users.refreshNotDone(username, password); // another check of it runs now
            return new Accepted(account);
        }
        try {
            if (!checks.tryAcquire()) {
                users.refreshNotDone(username, password);
                return new Accepted(account);
            }
            try {
                return users.verify(username, password).<Outcome>map(Accepted::new).orElseGet(Refused::new);
            } finally {
                checks.release();
            }
        } finally {
            done(key, mine);
        }
    }

    /** The credential's check in flight ended: requests waiting for it read its outcome. */
    private void done(String key, CompletableFuture<Void> mine) {
        inFlight.remove(key, mine);
        mine.complete(null);
    }

    private void awaitQuietly(CompletableFuture<Void> check) {
        try {
            check.get(checkWaitMillis + FOLLOWER_EXTRA_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // checked on its own below
        }
    }

    private Outcome check(String username, String password, String source, String mechanism) {
        Optional<Duration> wait = throttle.take(source);
        if (wait.isPresent()) {
            return new Unavailable(seconds(wait.get()));
        }
        if (!enterCheck()) {
            throttle.giveBack(source); // no check ran: nothing to count against the source
            return new Unavailable(1);
        }
        try {
            if (lockout.isLocked(username)) {
                return new Refused(); // locked by a check that ran while this one waited
            }
            Optional<Account> account = users.verify(username, password);
            if (account.isPresent()) {
                throttle.giveBack(source);
                lockout.succeeded(username);
                return new Accepted(account.get());
            }
        } finally {
            checks.release();
        }
        boolean lockedNow = lockout.failed(username);
        LOG.warning(() -> "login refused: wrong password or unknown user, user=" + LogText.decoded(username)
                + " source=" + LogText.decoded(source) + " mechanism=" + mechanism
                + (lockedNow ? "; user name locked for " + lockout.policy().duration().toSeconds()
                        + " s after " + lockout.policy().threshold() + " failed logins" : ""));
        return new Refused();
    }

    private boolean enterCheck() {
        try {
            return checks.tryAcquire(checkWaitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static long seconds(Duration d) {
        return Math.max(1, (d.toMillis() + 999) / 1000);
    }
}
