package org.kubevirtredfish.kubevirt.fabric8;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.logging.Logger;
import org.kubevirtredfish.kubevirt.GatewayException;
import org.kubevirtredfish.kubevirt.VmId;

/**
 * Turns API server answers into {@link GatewayException}s. A 403 is logged with the API server's own message; it is
 * blamed on missing RBAC only when the message is an authorizer's denial ({@code ... is forbidden: User "..." cannot
 * update resource ...}), since KubeVirt answers 403 for other reasons too (e.g. KubeVirt v1.9.0
 * pkg/virt-api/rest/lifecycle.go, PauseVMIRequestHandler: a VMI with a non-GuestAgentPing liveness probe).
 */
final class ApiErrors {

    private static final Logger LOG = Logger.getLogger(ApiErrors.class.getName());

    private final int retryAfterSeconds;
    private final ClusterPermissions permissions;

    ApiErrors(int retryAfterSeconds) {
        this(retryAfterSeconds, new ClusterPermissions());
    }

    /** @param permissions told of every RBAC denial, for the readiness data */
    ApiErrors(int retryAfterSeconds, ClusterPermissions permissions) {
        this.retryAfterSeconds = retryAfterSeconds;
        this.permissions = permissions;
    }

    /**
     * @param code    HTTP status, 0 when no answer arrived (connection refused, timeout)
     * @param verb    the RBAC verb attempted, for the log line of a 403
     * @param what    the resource attempted, e.g. {@code subresources.kubevirt.io virtualmachines/start}
     */
    GatewayException of(int code, String message, String verb, String what, VmId vm, Throwable cause) {
        message = statusMessage(message);
        String detail = verb + " " + what + " of " + vm + ": " + (message == null ? "HTTP " + code : message);
        if (code == 403) {
            String refusal = "Kubernetes API refused " + verb + " on " + what + " in namespace " + vm.namespace()
                    + " (HTTP 403): " + (message == null ? "no message" : message);
            LOG.severe(isRbacDenial(message)
                    ? refusal + "; grant this verb on this resource to the service's ServiceAccount" : refusal);
            if (isRbacDenial(message)) {
                permissions.denied(message);
            }
            return new GatewayException.Forbidden("the cluster refused to " + detail, cause);
        }
        if (code == 404) {
            return new GatewayException.NotFound(vm);
        }
        if (code == 409) {
            return new GatewayException.Conflict(detail);
        }
        if (code == 0 || code == 429 || code >= 500) {
            LOG.warning("Kubernetes API unavailable: " + detail);
            return new GatewayException.Unavailable("the cluster is unavailable: " + detail, retryAfterSeconds, cause);
        }
        return new GatewayException.BadRequest("the cluster rejected " + detail, null, null);
    }

    GatewayException of(KubernetesClientException e, String verb, String what, VmId vm) {
        String message = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
                : e.getMessage();
        return of(e.getCode(), message, verb, what, vm, e);
    }

    /**
     * The wording of the API server's authorizer denial: {@code User "<name>" cannot <verb> resource ...}
     * (kubernetes staging/src/k8s.io/apiserver/pkg/endpoints/handlers/responsewriters/errors.go, forbiddenMessage).
     */
    static boolean isRbacDenial(String message) {
        return message != null && RBAC_DENIAL.matcher(message).find();
    }

    private static final java.util.regex.Pattern RBAC_DENIAL =
            java.util.regex.Pattern.compile("User \"[^\"]*\" cannot [a-z]+ ");

    /** The {@code message} of a Kubernetes Status body, else the text itself. */
    static String statusMessage(String body) {
        if (body != null && body.startsWith("{")) {
            try {
                return KubeVirtResources.MAPPER.readTree(body).path("message").asText(body);
            } catch (java.io.IOException e) {
                return body;
            }
        }
        return body;
    }
}
