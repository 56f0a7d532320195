package org.kubevirtredfish.kubevirt.fabric8;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * Whether the API server answers, for readiness: {@code GET /version} at most once per {@code interval}, in the
 * background, so that a readiness probe never waits on the network. Any HTTP answer below 500 counts as reachable;
 * no answer or a 5xx does not. Redfish requests never use this.
 */
final class ApiReachability {

    private static final Logger LOG = Logger.getLogger(ApiReachability.class.getName());

    private final KubernetesClient client;
    private final long intervalNanos;
    private final AtomicBoolean checking = new AtomicBoolean();
    private volatile boolean reachable = true;
    private volatile long checkedAt = Long.MIN_VALUE / 2;

    ApiReachability(KubernetesClient client, Duration interval) {
        this.client = client;
        this.intervalNanos = interval.toNanos();
    }

    /** The last known answer; starts a new check when it is older than the interval. */
    boolean reachable() {
        if (System.nanoTime() - checkedAt > intervalNanos && checking.compareAndSet(false, true)) {
            CompletableFuture.runAsync(this::check);
        }
        return reachable;
    }

    private void check() {
        boolean now;
        try {
            client.getKubernetesVersion();
            now = true;
        } catch (KubernetesClientException e) {
            now = e.getCode() > 0 && e.getCode() < 500;
        } catch (RuntimeException e) {
            now = false;
        } finally {
            checkedAt = System.nanoTime();
            checking.set(false);
        }
        if (now != reachable) {
            boolean state = now;
            LOG.warning(() -> state ? "the Kubernetes API server answers again" : "the Kubernetes API server does not answer: not ready");
        }
        reachable = now;
    }
}
