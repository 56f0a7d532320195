package org.kubevirtredfish.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.kubevirtredfish.kubevirt.KubeVirtGateway;

/**
 * Ready when the gateway can answer reads (on a cluster: its informers have synced); its data names the Kubernetes
 * permissions the service lacks.
 */
@Readiness
@ApplicationScoped
public class GatewayReadiness implements HealthCheck {

    @Inject
    KubeVirtGateway gateway;

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("kubevirt-gateway").status(gateway.isReady());
        java.util.List<String> missing = gateway.missingPermissions();
        if (!missing.isEmpty()) {
            // ready all the same: reads work, and power falls back to VM patches; this says what does not work
            response.withData("missingPermissions", String.join("; ", missing));
        }
        return response.build();
    }
}
