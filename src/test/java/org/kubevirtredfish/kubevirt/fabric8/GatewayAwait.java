package org.kubevirtredfish.kubevirt.fabric8;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.kubevirtredfish.kubevirt.KubeVirtGateway;

/** Bounded polling for tests: never a fixed sleep before an assertion. */
final class GatewayAwait {

    private GatewayAwait() {
    }

    static void ready(KubeVirtGateway gateway) {
        until("the informers to sync", Duration.ofSeconds(10), gateway::isReady);
    }

    static void until(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + timeout + " waiting for " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }
}
