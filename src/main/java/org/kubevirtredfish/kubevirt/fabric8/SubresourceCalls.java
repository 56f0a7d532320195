package org.kubevirtredfish.kubevirt.fabric8;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;
import org.kubevirtredfish.kubevirt.VmId;

/**
 * PUTs to KubeVirt's lifecycle subresources ({@code subresources.kubevirt.io/v1}) through the client's own HTTP
 * client, which carries its authentication. These calls work whether a VM uses {@code spec.runStrategy} or the
 * deprecated {@code spec.running}; the gateway never patches either field.
 */
final class SubresourceCalls {

    private static final Logger LOG = Logger.getLogger(SubresourceCalls.class.getName());

    enum Target {
        VM("virtualmachines"), VMI("virtualmachineinstances");

        final String plural;

        Target(String plural) {
            this.plural = plural;
        }
    }

    private final KubernetesClient client;
    private final Duration timeout;
    private final ApiErrors errors;

    SubresourceCalls(KubernetesClient client, Duration timeout, ApiErrors errors) {
        this.client = client;
        this.timeout = timeout;
        this.errors = errors;
    }

    void put(VmId vm, Target target, String subresource, String jsonBody) {
        String what = "subresources.kubevirt.io " + target.plural + "/" + subresource;
        String base = client.getMasterUrl().toString();
        String url = (base.endsWith("/") ? base : base + "/") + "apis/subresources.kubevirt.io/v1/namespaces/"
                + vm.namespace() + "/" + target.plural + "/" + vm.name() + "/" + subresource;
        HttpRequest request = client.getHttpClient().newHttpRequestBuilder()
                .uri(url)
                .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .put("application/json", jsonBody)
                .build();
        HttpResponse<String> response;
        try {
            response = client.getHttpClient().sendAsync(request, String.class)
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw errors.of(0, "interrupted", "update", what, vm, e);
        } catch (ExecutionException | TimeoutException e) {
            throw errors.of(0, e instanceof TimeoutException ? "no answer within " + timeout.toSeconds() + " s"
                    : String.valueOf(e.getCause()), "update", what, vm, e);
        }
        if (!response.isSuccessful()) {
            throw errors.of(response.code(), response.body(), "update", what, vm, null);
        }
        LOG.fine(() -> "PUT " + what + " " + vm + " " + jsonBody + " -> " + response.code());
    }
}
