package org.kubevirtredfish.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.kubevirtredfish.kubevirt.InformerHealth;
import org.kubevirtredfish.kubevirt.KubeVirtGateway;

/**
 * Ready when the gateway can answer reads (on a cluster: its informers have synced and the API server answers).
 * Its data names what is not: one entry per informer that has not synced or lost its watch ("virtualmachines in
 * ns1": "not synced"), and the API server when it does not answer.
 */
@Readiness
@ApplicationScoped
public class GatewayReadiness implements HealthCheck {

    @Inject
    KubeVirtGateway gateway;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("kubevirt-gateway").status(gateway.isReady());
        for (InformerHealth informer : gateway.informers()) {
            if (!informer.healthy()) {
                response.withData(informer.resource() + " in " + informer.namespace(),
                        !informer.synced() ? "not synced" : "watch not open");
            }
        }
        gateway.unreachable().ifPresent(why -> response.withData("kubernetes-api", why));
        return response.build();
    }
}
