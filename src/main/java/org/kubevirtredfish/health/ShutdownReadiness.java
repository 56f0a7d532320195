package org.kubevirtredfish.health;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready once the pod is being stopped, so that no new request is routed here while the requests in flight
 * finish. The Deployment's preStop hook creates {@code shutdown.drain_file} (SHUTDOWN_DRAIN_FILE) and waits before
 * the kubelet's SIGTERM, which starts Liberty's quiesce (inbound listeners stop, requests in flight complete, up to
 * 30 s); the application's own stop also turns readiness false.
 */
@Readiness
@ApplicationScoped
public class ShutdownReadiness implements HealthCheck {

    @Inject
    @ConfigProperty(name = "shutdown.drain_file")
    Optional<String> drainFile;

    private volatile boolean stopping;

    void stopping(@Observes @Priority(1) @BeforeDestroyed(ApplicationScoped.class) Object event) {
        stopping = true;
    }

    @Override
    public HealthCheckResponse call() {
        boolean draining = stopping || drainFile.filter(f -> !f.isBlank()).map(f -> Files.exists(Path.of(f)))
                .orElse(false);
        return HealthCheckResponse.named("shutdown").status(!draining).build();
    }
}
