package org.kubevirtredfish.kubevirt;

import java.time.Duration;
import java.util.List;

/**
 * One request of the gateway to the Kubernetes API server: its verb (get, list, watch, create, update, patch,
 * delete), resource (plural, with "/subresource"), outcome and time to the response's status line.
 */
public record KubernetesApiCall(String verb, String resource, String outcome, Duration took) {

    /** success (2xx), not_found, conflict, denied (401/403), invalid (422), client_error, server_error, unreachable. */
    public static final List<String> OUTCOMES = List.of("success", "not_found", "conflict", "denied", "invalid",
            "client_error", "server_error", "unreachable");

    /** Told about every API call of the gateway. */
    @FunctionalInterface
    public interface Listener {
        void called(KubernetesApiCall call);
    }
}
