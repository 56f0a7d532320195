package org.kubevirtredfish.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.kubevirtredfish.kubevirt.InformerHealth;
import org.kubevirtredfish.kubevirt.KubeVirtGateway;

/**
 * Ready when the gateway can answer reads (on a cluster: its informers have synced and the API server answers).
 * Its data names what is not: one entry per informer that has not synced or lost its watch ("virtualmachines in
 * ns1": "not synced"), the API server when it does not answer, and the Kubernetes permissions the service lacks.
 */
@Readiness
@ApplicationScoped
public class GatewayReadiness implements HealthCheck {

    @Inject
    KubeVirtGateway gateway;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("kubevirt-gateway").status(gateway.isReady());
        notReady(gateway).forEach(response::withData);
        return response.build();
    }

    /** What is not ready, by name: the readiness data. */
    public static Map<String, String> notReady(KubeVirtGateway gateway) {
        Map<String, String> data = new LinkedHashMap<>();
        for (InformerHealth informer : gateway.informers()) {
            if (!informer.healthy()) {
                data.put(informer.resource() + " in " + informer.namespace(),
                        !informer.synced() ? "not synced" : "watch not open");
            }
        }
        gateway.unreachable().ifPresent(why -> data.put("kubernetes-api", why));
        // not a readiness condition: every replica serves requests, one of them reconciles
        gateway.reconciling().ifPresent(leads -> data.put("reconciler", leads ? "leader"
                : "standby (leader: " + gateway.reconcilerLeader().orElse("unknown") + ")"));
        java.util.List<String> missing = gateway.missingPermissions();
        if (!missing.isEmpty()) {
            // ready all the same: reads work, and power falls back to VM patches; this says what does not work
            data.put("missingPermissions", String.join("; ", missing));
        }
        return data;
    }
}
