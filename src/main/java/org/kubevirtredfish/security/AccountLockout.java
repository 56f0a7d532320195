package org.kubevirtredfish.security;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed logins per user name under a {@link LockoutPolicy}. Names that are no account are counted too, so that
 * a locked name answers the same (quickly, without a bcrypt check) whether the account exists or not. At most
 * {@link #MAX_NAMES} names are tracked; beyond that, names with nothing left to remember are dropped first.
 */
final class AccountLockout {

    static final int MAX_NAMES = 10_000;

    private record State(int failures, Instant lastFailure, Instant lockedUntil) {
    }

    private final LockoutPolicy policy;
    private final Clock clock;
    private final Map<String, State> states = new ConcurrentHashMap<>();

    AccountLockout(LockoutPolicy policy, Clock clock) {
        this.policy = policy;
        this.clock = clock;
    }

    LockoutPolicy policy() {
        return policy;
    }

    boolean isLocked(String name) {
        State s = states.get(name);
        return s != null && s.lockedUntil() != null && clock.instant().isBefore(s.lockedUntil());
    }

    /** Counts a failed login; true when this failure locked the account. */
    boolean failed(String name) {
        if (!policy.enabled()) {
            return false;
        }
        Instant now = clock.instant();
        if (!states.containsKey(name) && states.size() >= MAX_NAMES) {
            prune(now);
            if (states.size() >= MAX_NAMES) {
                return false;
            }
        }
        boolean[] locked = {false};
        states.compute(name, (k, s) -> {
            if (s != null && s.lockedUntil() != null && now.isBefore(s.lockedUntil())) {
                return s;
            }
            boolean counting = s != null && s.lockedUntil() == null
                    && now.isBefore(s.lastFailure().plus(policy.counterResetAfter()));
            int failures = counting ? s.failures() + 1 : 1;
            locked[0] = failures >= policy.threshold();
            return new State(failures, now, locked[0] ? now.plus(policy.duration()) : null);
        });
        return locked[0];
    }

    /** A successful login resets the counter (DMTF: "also resets to 0 after each successful login"). */
    void succeeded(String name) {
        states.computeIfPresent(name, (k, s) -> s.lockedUntil() != null && clock.instant().isBefore(s.lockedUntil())
                ? s : null);
    }

    private void prune(Instant now) {
        states.values().removeIf(s -> s.lockedUntil() != null ? !now.isBefore(s.lockedUntil())
                : !now.isBefore(s.lastFailure().plus(policy.counterResetAfter())));
    }
}
