package org.kubevirtredfish.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.kubevirtredfish.kubevirt.ExposedSystems;
import org.kubevirtredfish.kubevirt.InformerHealth;
import org.kubevirtredfish.kubevirt.KubeVirtGateway;
import org.kubevirtredfish.kubevirt.KubernetesApiCall;
import org.kubevirtredfish.kubevirt.MediaState;
import org.kubevirtredfish.kubevirt.ResetType;
import org.kubevirtredfish.security.SessionStore;

/**
 * The service's metrics, in /metrics (Prometheus format) under the application scope, each with its help text.
 * Tags have bounded values (route templates, never concrete ids), and every counter whose label values are known
 * up front exists at zero from the start, so that a rate or an alert works from the first scrape. Timers are
 * histograms (buckets in microprofile-config.properties), which add up across replicas. The request duration is
 * Liberty's own {@code http_server_request_duration_seconds}; only the request count by route and status is ours.
 */
@ApplicationScoped
public class ServiceMetrics {

    static final List<String> POWER_RESULTS = List.of("performed", "unchanged", "refused", "failed");
    static final List<String> MEDIA_ACTIONS = List.of("insert", "eject");
    static final List<String> MEDIA_RESULTS = List.of("accepted", "refused", "failed");
    static final List<String> AUTHENTICATION_MECHANISMS = List.of("basic", "session", "login");
    static final List<String> IMPORT_RESULTS = List.of("succeeded", "failed");
    /** The calls the gateway makes, by verb and resource, whose counters exist at zero for every outcome. */
    static final List<String[]> KUBERNETES_CALLS = List.of(
            new String[] {"list", "virtualmachines"}, new String[] {"watch", "virtualmachines"},
            new String[] {"list", "virtualmachineinstances"}, new String[] {"watch", "virtualmachineinstances"},
            new String[] {"list", "datavolumes"}, new String[] {"watch", "datavolumes"},
            new String[] {"get", "virtualmachines"}, new String[] {"patch", "virtualmachines"},
            new String[] {"update", "virtualmachines/start"}, new String[] {"update", "virtualmachines/stop"},
            new String[] {"update", "virtualmachines/restart"},
            new String[] {"create", "datavolumes"}, new String[] {"delete", "datavolumes"});

    static final Metadata REQUESTS = help("redfish_requests",
            "Requests to the application by route template, method and HTTP status (401 and 404 answered before "
                    + "routing have route=\"unmatched\"); durations: http_server_request_duration_seconds");
    static final Metadata POWER_ACTIONS = help("redfish_power_actions",
            "ComputerSystem.Reset requests by ResetType and result: performed, unchanged (already in that state), "
                    + "refused (4xx), failed (5xx)");
    static final Metadata MEDIA_ACTIONS_METRIC = help("redfish_media_actions",
            "VirtualMedia InsertMedia/EjectMedia requests by action and result: accepted, refused (4xx), failed (5xx)");
    static final Metadata AUTHENTICATION_FAILURES = help("redfish_authentication_failures",
            "Refused credentials by mechanism: basic (HTTP Basic, malformed included), session (unknown or expired "
                    + "X-Auth-Token), login (POST to SessionService/Sessions)");
    static final Metadata MEDIA_IMPORTS = help("redfish_media_imports",
            "Ended imports of virtual media (CDI DataVolume or simulator) by result");
    static final Metadata MEDIA_IMPORT_DURATION = Metadata.builder().withName("redfish_media_import_duration")
            .withDescription("Time from InsertMedia to the end of the import, by result")
            .withUnit(MetricUnits.SECONDS).build();
    static final List<String> EVENT_OUTCOMES = List.of("delivered", "failed", "dropped");
    static final Metadata EVENT_DELIVERIES = help("redfish_event_deliveries",
            "Events for EventService subscriptions by outcome: delivered (2xx), failed (no 2xx after "
                    + "DeliveryRetryAttempts retries), dropped (the subscription's queue was full)");
    static final Metadata SESSIONS = help("redfish_sessions_active", "Open Redfish sessions");
    static final Metadata EXPOSED = help("redfish_exposed_systems", "ComputerSystems the service exposes");
    static final Metadata VIRTUAL_MEDIA = help("redfish_virtual_media",
            "Exposed systems whose virtual media is in that phase: importing, ready, failed");
    static final Metadata API_REQUESTS = help("redfish_kubernetes_api_requests",
            "Requests to the Kubernetes API server by verb, resource (plural/subresource) and outcome: success, "
                    + "not_found, conflict, denied (401/403), invalid (422), client_error, server_error, unreachable");
    static final Metadata API_DURATION = Metadata.builder().withName("redfish_kubernetes_api_request_duration")
            .withDescription("Time to the Kubernetes API server's response status, by verb and resource")
            .withUnit(MetricUnits.SECONDS).build();
    static final Metadata INFORMER_SYNCED = help("redfish_informer_synced",
            "1 when the informer of that resource in that namespace has listed it at least once, else 0");
    static final Metadata INFORMER_WATCHING = help("redfish_informer_watching",
            "1 when the informer's watch on the Kubernetes API server is open, else 0");
    static final Metadata INFORMER_EVENT_AGE = Metadata.builder().withName("redfish_informer_last_event_age")
            .withDescription("Seconds since the informer last delivered an event or a resync (every 30 s when "
                    + "healthy); -1 before the first").withUnit(MetricUnits.SECONDS).build();

    static final Metadata LEADER = help("redfish_leader",
            "1 when this replica holds the reconciler Lease (it issues held power-ons and restores Once boot "
                    + "overrides), else 0; every replica serves Redfish requests");

    @Inject
    MetricRegistry registry;

    @Inject
    SessionStore sessions;

    @Inject
    ExposedSystems exposed;

    @Inject
    KubeVirtGateway gateway;

    private static Metadata help(String name, String description) {
        return Metadata.builder().withName(name).withDescription(description).build();
    }

    void register(@Observes @Initialized(ApplicationScoped.class) Object started) {
        for (ResetType type : ResetType.values()) {
            POWER_RESULTS.forEach(r -> registry.counter(POWER_ACTIONS, tag("reset_type", type.name()),
                    tag("result", r)));
        }
        for (String action : MEDIA_ACTIONS) {
            MEDIA_RESULTS.forEach(r -> registry.counter(MEDIA_ACTIONS_METRIC, tag("action", action), tag("result", r)));
        }
        AUTHENTICATION_MECHANISMS.forEach(m -> registry.counter(AUTHENTICATION_FAILURES, tag("mechanism", m)));
        for (String result : IMPORT_RESULTS) {
            registry.counter(MEDIA_IMPORTS, tag("result", result));
            registry.timer(MEDIA_IMPORT_DURATION, tag("result", result));
        }
        gateway.onMediaImport((vm, took, succeeded) -> {
            Tag result = tag("result", succeeded ? "succeeded" : "failed");
            registry.counter(MEDIA_IMPORTS, result).inc();
            registry.timer(MEDIA_IMPORT_DURATION, result).update(took);
        });
        EVENT_OUTCOMES.forEach(o -> registry.counter(EVENT_DELIVERIES, tag("outcome", o)));
        registry.gauge(SESSIONS, sessions, s -> s.all().size());
        registry.gauge(EXPOSED, exposed, e -> e.all().size());
        for (MediaState.Phase phase : MediaState.Phase.values()) {
            if (phase != MediaState.Phase.EMPTY) {
                registry.gauge(VIRTUAL_MEDIA, exposed, e -> mediaIn(e, phase),
                        tag("phase", phase.name().toLowerCase()));
            }
        }
        registerKubernetes();
    }

    private void registerKubernetes() {
        List<InformerHealth> informers = gateway.informers();
        if (informers.isEmpty()) {
            return; // the simulator makes no API calls
        }
        if (gateway.reconciling().isPresent()) {
            registry.gauge(LEADER, gateway, g -> g.reconciling().orElse(false) ? 1 : 0);
        }
        for (String[] call : KUBERNETES_CALLS) {
            Tag verb = tag("verb", call[0]);
            Tag resource = tag("resource", call[1]);
            KubernetesApiCall.OUTCOMES.forEach(o -> registry.counter(API_REQUESTS, verb, resource, tag("outcome", o)));
            registry.timer(API_DURATION, verb, resource);
        }
        gateway.onApiCall(this::apiCall);
        for (InformerHealth informer : informers) {
            Tag resource = tag("resource", informer.resource());
            Tag namespace = tag("namespace", informer.namespace());
            gauge(INFORMER_SYNCED, informer, h -> h.synced() ? 1 : 0, resource, namespace);
            gauge(INFORMER_WATCHING, informer, h -> h.watching() ? 1 : 0, resource, namespace);
            gauge(INFORMER_EVENT_AGE, informer, InformerHealth::secondsSinceLastEvent, resource, namespace);
        }
    }

    /** A gauge read from the informer's current state (found again by resource and namespace at each scrape). */
    private void gauge(Metadata metadata, InformerHealth informer, ToDoubleFunction<InformerHealth> value,
            Tag... tags) {
        registry.gauge(metadata, gateway, g -> g.informers().stream()
                .filter(h -> h.resource().equals(informer.resource()) && h.namespace().equals(informer.namespace()))
                .mapToDouble(value).findFirst().orElse(0), tags);
    }

    void apiCall(KubernetesApiCall call) {
        Tag verb = tag("verb", call.verb());
        Tag resource = tag("resource", call.resource());
        registry.counter(API_REQUESTS, verb, resource, tag("outcome", call.outcome())).inc();
        registry.timer(API_DURATION, verb, resource).update(call.took());
    }

    /** How many exposed systems have their virtual media in that phase (importing, ready, failed). */
    private static long mediaIn(ExposedSystems systems, MediaState.Phase phase) {
        return systems.all().stream().map(systems::vm).flatMap(java.util.Optional::stream)
                .filter(vm -> vm.media().phase() == phase).count();
    }

    private static Tag tag(String name, String value) {
        return new Tag(name, value);
    }

    /** One request to the application, whatever answered it. */
    public void request(String route, String method, int status) {
        // the registry validates tags and locks on every lookup (a profile showed it on each request): the counter of
        // each combination is looked up once; the combinations are as bounded as the registry's own
        String label = methodLabel(method);
        requestCounters.computeIfAbsent(route + ' ' + label + ' ' + status, k -> registry.counter(REQUESTS,
                tag("route", route), tag("method", label), tag("status", Integer.toString(status)))).inc();
    }

    private static final Set<String> HTTP_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE",
            "OPTIONS", "TRACE", "CONNECT");

    /** A client may send any method name: each would be a new series (and counter) for good, so others are "other". */
    static String methodLabel(String method) {
        return method != null && HTTP_METHODS.contains(method) ? method : "other";
    }

    private final java.util.Map<String, org.eclipse.microprofile.metrics.Counter> requestCounters =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** result: performed, unchanged (already in that state), refused, failed. */
    public void powerAction(String resetType, String result) {
        registry.counter(POWER_ACTIONS, tag("reset_type", resetType), tag("result", result)).inc();
    }

    /** action: insert, eject; result: accepted, refused, failed. */
    public void mediaAction(String action, String result) {
        registry.counter(MEDIA_ACTIONS_METRIC, tag("action", action), tag("result", result)).inc();
    }

    /** @param outcome delivered, failed or dropped */
    public void eventDelivery(String outcome) {
        registry.counter(EVENT_DELIVERIES, tag("outcome", outcome)).inc();
    }

    public void authenticationFailure(String mechanism) {
        registry.counter(AUTHENTICATION_FAILURES, tag("mechanism", mechanism)).inc();
    }
}
