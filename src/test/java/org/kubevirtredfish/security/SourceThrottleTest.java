package org.kubevirtredfish.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SourceThrottleTest {

    private final TestClock clock = new TestClock();

    @Test
    void aBurstThenOneCheckPerRefillInterval() {
        SourceThrottle t = new SourceThrottle(3, 30, clock); // one token per 2 s
        for (int i = 0; i < 3; i++) {
            assertEquals(Optional.empty(), t.take("10.0.0.1"), "burst check " + i);
        }
        Optional<Duration> wait = t.take("10.0.0.1");
        assertEquals(Optional.of(Duration.ofSeconds(2)), wait);
        clock.advance(Duration.ofSeconds(1));
        assertEquals(Optional.of(Duration.ofSeconds(1)), t.take("10.0.0.1"));
        clock.advance(Duration.ofSeconds(1));
        assertEquals(Optional.empty(), t.take("10.0.0.1"));
        assertTrue(t.take("10.0.0.1").isPresent());
    }

    @Test
    void successfulChecksGiveTheirTokenBack() {
        SourceThrottle t = new SourceThrottle(2, 30, clock);
        for (int i = 0; i < 100; i++) {
            assertEquals(Optional.empty(), t.take("10.0.0.1"), "check " + i);
            t.giveBack("10.0.0.1");
        }
    }

    @Test
    void sourcesHaveTheirOwnBudget() {
        SourceThrottle t = new SourceThrottle(1, 30, clock);
        t.take("10.0.0.1");
        assertTrue(t.take("10.0.0.1").isPresent());
        assertEquals(Optional.empty(), t.take("10.0.0.2"));
    }

    @Test
    void theBucketNeverHoldsMoreThanTheBurst() {
        SourceThrottle t = new SourceThrottle(2, 60, clock);
        t.take("s");
        clock.advance(Duration.ofHours(1));
        t.take("s");
        t.take("s");
        assertTrue(t.take("s").isPresent());
    }

    @Test
    void zeroDisables() {
        SourceThrottle t = new SourceThrottle(0, 30, clock);
        for (int i = 0; i < 100; i++) {
            assertEquals(Optional.empty(), t.take("s"));
        }
    }
}
