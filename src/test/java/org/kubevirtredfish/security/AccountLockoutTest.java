package org.kubevirtredfish.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AccountLockoutTest {

    private final TestClock clock = new TestClock();

    private AccountLockout lockout(int threshold, int duration, int resetAfter) {
        return new AccountLockout(new LockoutPolicy(threshold, Duration.ofSeconds(duration),
                Duration.ofSeconds(resetAfter)), clock);
    }

    @Test
    void thresholdFailuresLockForTheDurationThenUnlockByTime() {
        AccountLockout l = lockout(3, 300, 60);
        assertFalse(l.failed("admin"));
        assertFalse(l.failed("admin"));
        assertFalse(l.isLocked("admin"));
        assertTrue(l.failed("admin"), "the third failure locks");
        assertTrue(l.isLocked("admin"));
        clock.advance(Duration.ofSeconds(299));
        assertTrue(l.isLocked("admin"));
        clock.advance(Duration.ofSeconds(1));
        assertFalse(l.isLocked("admin"), "unlocked when the duration has passed");
        assertFalse(l.failed("admin"), "counting starts again at 1 after a lockout");
    }

    @Test
    void failuresWhileLockedDoNotExtendTheLock() {
        AccountLockout l = lockout(2, 100, 10);
        l.failed("u");
        l.failed("u");
        clock.advance(Duration.ofSeconds(90));
        assertFalse(l.failed("u"));
        clock.advance(Duration.ofSeconds(10));
        assertFalse(l.isLocked("u"));
    }

    @Test
    void theCounterResetsAfterCounterResetAfterSinceTheLastFailure() {
        AccountLockout l = lockout(3, 300, 60);
        l.failed("u");
        clock.advance(Duration.ofSeconds(59));
        l.failed("u");
        clock.advance(Duration.ofSeconds(60));
        assertFalse(l.failed("u"), "the 60 s since the last failure reset the count");
        assertFalse(l.isLocked("u"));
        l.failed("u");
        assertTrue(l.failed("u"));
    }

    @Test
    void aSuccessResetsTheCounterButNotALock() {
        AccountLockout l = lockout(2, 300, 60);
        l.failed("u");
        l.succeeded("u");
        assertFalse(l.failed("u"), "the success reset the count");
        assertTrue(l.failed("u"));
        l.succeeded("u");
        assertTrue(l.isLocked("u"), "a success cannot happen while locked; it does not unlock");
    }

    @Test
    void thresholdOrDurationZeroNeverLocks() {
        AccountLockout noThreshold = lockout(0, 300, 60);
        AccountLockout noDuration = lockout(3, 0, 0);
        for (int i = 0; i < 50; i++) {
            noThreshold.failed("u");
            noDuration.failed("u");
        }
        assertFalse(noThreshold.isLocked("u"));
        assertFalse(noDuration.isLocked("u"));
    }

    @Test
    void usersAreCountedSeparately() {
        AccountLockout l = lockout(2, 300, 60);
        l.failed("a");
        l.failed("b");
        assertFalse(l.isLocked("a"));
        assertTrue(l.failed("a"));
        assertFalse(l.isLocked("b"));
    }
}
