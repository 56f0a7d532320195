package org.kubevirtredfish.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.kubevirtredfish.security.SessionStore;

/**
 * Ready when this replica knows every session (on a cluster: the session informer has synced and watches): a
 * replica that took requests before would refuse the tokens that other replicas handed out.
 */
@Readiness
@ApplicationScoped
public class SessionReadiness implements HealthCheck {

    @Inject
    SessionStore sessions;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("sessions").status(sessions.ready()).build();
    }
}
