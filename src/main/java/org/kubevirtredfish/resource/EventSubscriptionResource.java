package org.kubevirtredfish.resource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.kubevirtredfish.api.EventDestinationApi;
import org.kubevirtredfish.event.EventStreams;
import org.kubevirtredfish.event.EventSubscriptions;
import org.kubevirtredfish.event.Events;
import org.kubevirtredfish.event.Subscription;
import org.kubevirtredfish.message.BaseMessage;
import org.kubevirtredfish.message.RedfishException;
import org.kubevirtredfish.security.Caller;
import org.kubevirtredfish.security.Privilege;

/**
 * One subscription of the caller's chassis, or one open SSE stream of this replica. DELETE with ConfigureManager
 * deletes any of them; with ConfigureSelf only (DMTF privilege registry, EventDestination DELETE) a user deletes
 * those he created.
 */
@RequestScoped
public class EventSubscriptionResource implements EventDestinationApi {

    @Inject
    CallerScope scope;

    @Inject
    Events events;

    @Override
    public Response getEventSubscription(String id) {
        Caller caller = scope.caller();
        Optional<EventStreams.Stream> stream = events.subscriptions().streams().find(id, caller.chassis());
        if (stream.isPresent()) {
            return new Representation(payload(stream.get())).ok();
        }
        Subscription s = guarded(() -> events.subscriptions().find(id, caller.chassis()))
                .orElseThrow(() -> notFound(id));
        return new Representation(payload(s)).ok();
    }

    /** Deleting the EventDestination of an open stream ends that stream. */
    @Override
    public Response deleteEventSubscription(String id) {
        Caller caller = scope.caller();
        Optional<EventStreams.Stream> stream = events.subscriptions().streams().find(id, caller.chassis());
        if (stream.isPresent()) {
            mayDelete(caller, stream.get().owner());
            stream.get().close();
            return Response.noContent().build();
        }
        Subscription s = guarded(() -> events.subscriptions().find(id, caller.chassis()))
                .orElseThrow(() -> notFound(id));
        mayDelete(caller, s.owner());
        if (!guarded(() -> events.subscriptions().delete(id, caller.chassis()))) {
            throw notFound(id);
        }
        return Response.noContent().build();
    }

    private static void mayDelete(Caller caller, String owner) {
        if (!caller.role().privileges().contains(Privilege.ConfigureManager) && !owner.equals(caller.username())) {
            throw RedfishException.of(BaseMessage.InsufficientPrivilege);
        }
    }

    /** An open stream: every event of its chassis, no filter, and the service's opaque Context. */
    static ObjectNode payload(EventStreams.Stream stream) {
        ObjectNode o = Json.resource(Uris.subscription(stream.id()), Uris.TYPE_SUBSCRIPTION, stream.id(),
                "Server-Sent Event stream " + stream.id());
        o.put("Destination", stream.destination());
        o.put("Protocol", "Redfish");
        o.put("SubscriptionType", "SSE");
        o.put("EventFormatType", "Event");
        o.put("Context", stream.context());
        o.putArray("EventTypes");
        o.putArray("RegistryPrefixes");
        o.putArray("ResourceTypes");
        o.putArray("HttpHeaders");
        return o;
    }

    static ObjectNode payload(Subscription s) {
        ObjectNode o = Json.resource(Uris.subscription(s.id()), Uris.TYPE_SUBSCRIPTION, s.id(),
                "Event Subscription " + s.id());
        o.put("Destination", s.destination());
        o.put("Protocol", s.protocol());
        o.put("SubscriptionType", "RedfishEvent");
        o.put("EventFormatType", "Event");
        o.put("Context", s.context());
        o.set("EventTypes", Json.strings(s.eventTypes()));
        o.set("RegistryPrefixes", Json.strings(s.registryPrefixes()));
        o.set("ResourceTypes", Json.strings(s.resourceTypes()));
        o.putArray("HttpHeaders"); // write-only (DSP8010 EventDestination HttpHeaders: empty when read)
        return o;
    }

    private static RedfishException notFound(String id) {
        return RedfishException.of(BaseMessage.ResourceNotFound, "EventDestination", id);
    }

    /** The store cannot be reached (backend=kubernetes): 503, to be retried. */
    static <T> T guarded(Supplier<T> action) {
        try {
            return action.get();
        } catch (EventSubscriptions.StoreUnavailable e) {
            throw new RedfishException(503, List.of(BaseMessage.ServiceTemporarilyUnavailable.with("5")),
                    Map.of("Retry-After", "5"));
        }
    }
}
