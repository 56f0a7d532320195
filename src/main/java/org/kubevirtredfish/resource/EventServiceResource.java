package org.kubevirtredfish.resource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.kubevirtredfish.api.EventServiceApi;
import org.kubevirtredfish.event.EventPayload;
import org.kubevirtredfish.event.EventSettings;
import org.kubevirtredfish.event.EventStreams;
import org.kubevirtredfish.event.Events;
import org.kubevirtredfish.event.RedfishEvent;
import org.kubevirtredfish.message.BaseMessage;
import org.kubevirtredfish.message.RedfishException;
import org.kubevirtredfish.security.Caller;

/** The EventService and its Server-Sent Event stream (the events of the caller's chassis). */
@RequestScoped
public class EventServiceResource implements EventServiceApi {

    /** A comment line this often tells a stream whose client has gone away (the write fails) and keeps proxies open. */
    static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    @Inject
    CallerScope scope;

    @Inject
    Events events;

    @Inject
    HttpServletRequest request;

    @Override
    public Response getEventService() {
        scope.caller();
        EventSettings settings = events.subscriptions().settings();
        ObjectNode o = Json.resource(Uris.EVENT_SERVICE, Uris.TYPE_EVENT_SERVICE, "EventService", "Event Service");
        o.put("Description", "Events of the systems of the caller's chassis, by HTTP POST or Server-Sent Events");
        o.put("ServiceEnabled", true);
        ObjectNode status = o.putObject("Status");
        status.put("State", "Enabled");
        status.put("Health", "OK");
        o.put("DeliveryRetryAttempts", settings.retryAttempts());
        o.put("DeliveryRetryIntervalSeconds", settings.retryInterval().toSeconds());
        o.set("EventFormatTypes", Json.strings(List.of("Event")));
        o.set("EventTypesForSubscription", Json.strings(SubscriptionRequest.EVENT_TYPES));
        o.set("RegistryPrefixes", Json.strings(SubscriptionRequest.REGISTRY_PREFIXES));
        o.set("ResourceTypes", Json.strings(new java.util.TreeSet<>(SubscriptionRequest.RESOURCE_TYPES)));
        o.put("SubordinateResourcesSupported", false);
        o.put("ServerSentEventUri", Uris.EVENT_STREAM);
        o.set("Subscriptions", Json.link(Uris.SUBSCRIPTIONS));
        o.putObject("Actions").putObject("#" + TestEventRequest.ACTION).put("target", Uris.EVENT_SERVICE
                + "/Actions/" + TestEventRequest.ACTION);
        return new Representation(o).ok();
    }

    /** Queues a test event for the subscriptions and streams the caller can see; never waits for a delivery. */
    @Override
    public Response submitTestEvent(String body) {
        Set<String> chassis = scope.caller().chassis();
        events.subscriptions().publish(TestEventRequest.parse(body, chassis));
        return Response.noContent().build();
    }

    /**
     * Holds the request's thread while the client reads: the number of streams is bounded (events.max_streams), and
     * a stream ends when a write fails (the client left), its EventDestination is deleted or the service stops.
     */
    @Override
    public Response streamEvents() {
        Caller caller = scope.caller();
        Optional<EventStreams.Stream> opened = events.subscriptions().streams().open(caller.username(),
                caller.chassis(), destination(request));
        if (opened.isEmpty()) {
            throw new RedfishException(503, List.of(BaseMessage.ResourceExhaustion.with("ServerSentEventUri")),
                    Map.of("Retry-After", "30"));
        }
        EventStreams.Stream stream = opened.get();
        StreamingOutput output = out -> {
            try (stream) {
                out.write(": events of your chassis\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                while (!stream.isClosed()) {
                    Optional<RedfishEvent> next = stream.next(KEEP_ALIVE);
                    write(out, next.map(e -> "id: " + e.eventId() + "\ndata: " + EventPayload.of(e, null) + "\n\n")
                            .orElse(":\n\n"));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        return Response.ok(output, "text/event-stream").header("X-Accel-Buffering", "no").build();
    }

    /**
     * {@code redfish-sse://ip:port} of the connection's peer (DSP8010 EventDestination v1_16_0, Destination): the
     * TCP peer, which behind a Route is the router.
     */
    static String destination(HttpServletRequest request) {
        String address = request.getRemoteAddr();
        return "redfish-sse://" + (address.contains(":") ? "[" + address + "]" : address) + ":"
                + request.getRemotePort();
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
