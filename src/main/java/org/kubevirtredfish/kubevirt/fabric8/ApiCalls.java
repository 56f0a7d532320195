package org.kubevirtredfish.kubevirt.fabric8;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;
import org.kubevirtredfish.kubevirt.GatewayException;
import org.kubevirtredfish.kubevirt.VmId;

/**
 * Requests the gateway sends itself through the client's HTTP client (which carries the client's authentication),
 * each bounded by the gateway's request timeout: PUTs to KubeVirt's lifecycle subresources
 * ({@code subresources.kubevirt.io/v1}), which work whether a VM uses {@code spec.runStrategy} or the deprecated
 * {@code spec.running} (the gateway never patches either), and JSON patches of VMs (fabric8's own patch reads the
 * object first, which would cost a request per patch).
 */
final class ApiCalls {

    private static final Logger LOG = Logger.getLogger(ApiCalls.class.getName());

    enum Target {
        VM("virtualmachines"), VMI("virtualmachineinstances");

        final String plural;

        Target(String plural) {
            this.plural = plural;
        }
    }

    /** An answer of the API server, 2xx or not. */
    record Answer(int code, String body) {
        boolean ok() {
            return code >= 200 && code < 300;
        }
    }

    private final KubernetesClient client;
    private final Duration timeout;
    private final ApiErrors errors;
    private final ClusterPermissions permissions;
    private final LifecyclePatches patches;

    ApiCalls(KubernetesClient client, Duration timeout, ApiErrors errors) {
        this(client, timeout, errors, new ClusterPermissions());
    }

    ApiCalls(KubernetesClient client, Duration timeout, ApiErrors errors, ClusterPermissions permissions) {
        this.client = client;
        this.timeout = timeout;
        this.errors = errors;
        this.permissions = permissions;
        this.patches = new LifecyclePatches(this, errors);
    }

    /** PUT of a lifecycle subresource; any non-2xx answer is thrown as a GatewayException. */
    void put(VmId vm, Target target, String subresource, String jsonBody) {
        String what = "subresources.kubevirt.io " + target.plural + "/" + subresource;
        Answer answer = send(vm, "update", what, "PUT", "apis/subresources.kubevirt.io/v1/namespaces/" + vm.namespace()
                + "/" + target.plural + "/" + vm.name() + "/" + subresource, "application/json", jsonBody);
        if (target == Target.VM && answer.code() == 403 && ApiErrors.isRbacDenial(ApiErrors.statusMessage(answer.body()))) {
            // the documented ClusterRole: VM patches allowed, subresources.kubevirt.io not
            permissions.record(ClusterPermissions.lifecycle(target.plural, subresource), vm.namespace());
            patches.apply(vm, subresource, jsonBody);
            LOG.fine(() -> subresource + " of " + vm + " done with VM patches (" + what + " denied)");
            return;
        }
        if (target == Target.VMI && answer.code() == 404) {
            throw new GatewayException.Conflict("virtual machine " + vm + " has no running instance to " + subresource);
        }
        if (!answer.ok()) {
            throw errors.of(answer.code(), answer.body(), "update", what, vm, null);
        }
        LOG.fine(() -> "PUT " + what + " " + vm + " " + jsonBody + " -> " + answer.code());
    }

    /** JSON patch of a VirtualMachine; the caller interprets the answer (conflicts are retried). */
    Answer patchVm(VmId vm, String jsonPatch) {
        return send(vm, "patch", "kubevirt.io virtualmachines", "PATCH", "apis/kubevirt.io/v1/namespaces/"
                + vm.namespace() + "/virtualmachines/" + vm.name(), "application/json-patch+json", jsonPatch);
    }

    /** JSON patch of a VM's status subresource (status.stateChangeRequests, as virt-api writes them). */
    Answer patchVmStatus(VmId vm, String jsonPatch) {
        return send(vm, "patch", "kubevirt.io virtualmachines/status", "PATCH", "apis/kubevirt.io/v1/namespaces/"
                + vm.namespace() + "/virtualmachines/" + vm.name() + "/status", "application/json-patch+json",
                jsonPatch);
    }

    /** JSON patch of a VMI (its terminationGracePeriodSeconds, as virt-api writes it). */
    Answer patchVmi(VmId vm, String jsonPatch) {
        return send(vm, "patch", "kubevirt.io virtualmachineinstances", "PATCH", "apis/kubevirt.io/v1/namespaces/"
                + vm.namespace() + "/virtualmachineinstances/" + vm.name(), "application/json-patch+json", jsonPatch);
    }

    /** GET of an object by its API path; the caller interprets the answer. */
    Answer get(VmId vm, String path, String what) {
        return send(vm, "get", what, "GET", path, null, null);
    }

    private Answer send(VmId vm, String verb, String what, String method, String path, String contentType,
            String body) {
        String base = client.getMasterUrl().toString();
        HttpRequest.Builder builder = client.getHttpClient().newHttpRequestBuilder()
                .uri((base.endsWith("/") ? base : base + "/") + path)
                .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        HttpRequest request = (body == null ? builder : builder.method(method, contentType, body)).build();
        try {
            HttpResponse<String> response = client.getHttpClient().sendAsync(request, String.class)
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new Answer(response.code(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw errors.of(0, "interrupted", verb, what, vm, e);
        } catch (ExecutionException | TimeoutException e) {
            throw errors.of(0, e instanceof TimeoutException ? "no answer within " + timeout.toMillis() + " ms"
                    : String.valueOf(e.getCause()), verb, what, vm, e);
        }
    }
}
