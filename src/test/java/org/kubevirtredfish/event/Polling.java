package org.kubevirtredfish.event;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Bounded polling for a condition (no timed assertions: the bound only ends a test that would hang). */
public final class Polling {

    private Polling() {
    }

    public static void until(String what, BooleanSupplier condition) {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("never " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
