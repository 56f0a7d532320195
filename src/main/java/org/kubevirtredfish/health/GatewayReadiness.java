package org.kubevirtredfish.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.kubevirtredfish.kubevirt.KubeVirtGateway;

/** Ready when the gateway can answer reads (on a cluster: its informers have synced). */
@Readiness
@ApplicationScoped
public class GatewayReadiness implements HealthCheck {

    @Inject
    KubeVirtGateway gateway;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("kubevirt-gateway").status(gateway.isReady()).build();
    }
}
