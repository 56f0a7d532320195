package org.kubevirtredfish.kubevirt;

import java.time.Duration;
import java.util.function.Predicate;

/** Waiting, bounded, for a VM to reach a condition, as a client polling its BMC would. */
public final class GatewayPolling {

    private GatewayPolling() {
    }

    public static VirtualMachine await(KubeVirtGateway gateway, VmId id, String what, Duration deadline,
            Predicate<VirtualMachine> condition) {
        long end = System.nanoTime() + deadline.toNanos();
        VirtualMachine last = gateway.find(id).orElseThrow();
        while (!condition.test(last)) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not " + what + " within " + deadline + ": " + last);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            last = gateway.find(id).orElseThrow();
        }
        return last;
    }
}
