package org.kubevirtredfish.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.kubevirtredfish.kubevirt.ExposedSystems;
import org.kubevirtredfish.kubevirt.KubeVirtGateway;
import org.kubevirtredfish.kubevirt.MediaState;
import org.kubevirtredfish.security.SessionStore;

/**
 * The service's metrics, in /metrics (Prometheus format) under the application scope. Tags have bounded values:
 * route templates, never concrete ids.
 */
@ApplicationScoped
public class ServiceMetrics {

    @Inject
    MetricRegistry registry;

    @Inject
    SessionStore sessions;

    @Inject
    ExposedSystems exposed;

    @Inject
    KubeVirtGateway gateway;

    void register(@Observes @Initialized(ApplicationScoped.class) Object started) {
        gateway.onMediaImport((vm, took, succeeded) -> {
            String result = succeeded ? "succeeded" : "failed";
            registry.counter("redfish_media_imports", new Tag("result", result)).inc();
            registry.timer("redfish_media_import_duration", new Tag("result", result)).update(took);
        });
        registry.gauge("redfish_sessions_active", sessions, s -> s.all().size());
        registry.gauge("redfish_exposed_systems", exposed, e -> e.all().size());
        for (MediaState.Phase phase : MediaState.Phase.values()) {
            if (phase != MediaState.Phase.EMPTY) {
                registry.gauge("redfish_virtual_media", exposed, e -> mediaIn(e, phase),
                        new Tag("phase", phase.name().toLowerCase()));
            }
        }
    }

    /** How many exposed systems have their virtual media in that phase (importing, ready, failed). */
    private static long mediaIn(ExposedSystems systems, MediaState.Phase phase) {
        return systems.all().stream().map(systems::vm).flatMap(java.util.Optional::stream)
                .filter(vm -> vm.media().phase() == phase).count();
    }

    public void request(String route, String method, int status, Duration took) {
        registry.counter("redfish_requests", new Tag("route", route), new Tag("method", method),
                new Tag("status", Integer.toString(status))).inc();
        registry.timer("redfish_request_duration", new Tag("route", route), new Tag("method", method)).update(took);
    }

    /** result: performed, unchanged (already in that state), refused, failed. */
    public void powerAction(String resetType, String result) {
        registry.counter("redfish_power_actions", new Tag("reset_type", resetType), new Tag("result", result)).inc();
    }

    /** action: insert, eject; result: accepted, refused, failed. */
    public void mediaAction(String action, String result) {
        registry.counter("redfish_media_actions", new Tag("action", action), new Tag("result", result)).inc();
    }

    public void authenticationFailure(String mechanism) {
        registry.counter("redfish_authentication_failures", new Tag("mechanism", mechanism)).inc();
    }
}
