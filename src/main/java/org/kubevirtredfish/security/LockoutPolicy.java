package org.kubevirtredfish.security;

import java.time.Duration;
import java.util.logging.Logger;
import org.kubevirtredfish.config.ServiceSettings;

/**
 * AccountService's lockout settings (DMTF AccountService v1_18_1): {@code threshold} failed logins, each within
 * {@code counterResetAfter} of the previous one, lock the account for {@code duration}. A threshold or a duration
 * of 0 disables lockout, as the schema defines. Settings {@code accounts.lockout_threshold},
 * {@code accounts.lockout_duration} and {@code accounts.lockout_counter_reset_after} (seconds).
 */
public record LockoutPolicy(int threshold, Duration duration, Duration counterResetAfter) {

    private static final Logger LOG = Logger.getLogger(LockoutPolicy.class.getName());

    public LockoutPolicy {
        if (threshold < 0 || duration.isNegative() || counterResetAfter.isNegative()) {
            throw new IllegalArgumentException("lockout settings must not be negative");
        }
    }

    public static LockoutPolicy from(ServiceSettings settings) {
        int threshold = Math.max(0, settings.integer("accounts.lockout_threshold", 5));
        long duration = Math.max(0, settings.integer("accounts.lockout_duration", 300));
        long resetAfter = Math.max(0, settings.integer("accounts.lockout_counter_reset_after", 60));
        if (duration != 0 && duration < resetAfter) {
            // AccountLockoutDuration "shall be greater than or equal to" AccountLockoutCounterResetAfter
            LOG.warning("accounts.lockout_duration " + duration + " is shorter than accounts.lockout_counter_reset_after "
                    + resetAfter + "; using " + resetAfter);
            duration = resetAfter;
        }
        return new LockoutPolicy(threshold, Duration.ofSeconds(duration), Duration.ofSeconds(resetAfter));
    }

    public boolean enabled() {
        return threshold > 0 && !duration.isZero();
    }
}
