package org.kubevirtredfish.resource;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.kubevirtredfish.api.EventDestinationCollectionApi;
import org.kubevirtredfish.event.EventSubscriptions;
import org.kubevirtredfish.event.Events;
import org.kubevirtredfish.event.Subscription;
import org.kubevirtredfish.message.BaseMessage;
import org.kubevirtredfish.message.RedfishException;
import org.kubevirtredfish.message.RedfishExceptionMapper;
import org.kubevirtredfish.security.Caller;

/**
 * The subscriptions of the caller's chassis, then the open SSE streams of this replica; POST subscribes a destination
 * (201 with Location).
 */
@RequestScoped
public class EventSubscriptionCollectionResource implements EventDestinationCollectionApi {

    private static final Logger LOG = Logger.getLogger(EventSubscriptionCollectionResource.class.getName());

    @Inject
    CallerScope scope;

    @Inject
    Events events;

    @Override
    public Response listEventSubscriptions() {
        Caller caller = scope.caller();
        List<String> kept = EventSubscriptionResource.guarded(() -> events.subscriptions()
                .visibleTo(caller.chassis())).stream().map(s -> Uris.subscription(s.id())).toList();
        List<String> members = new ArrayList<>(kept);
        events.subscriptions().streams().visibleTo(caller.chassis())
                .forEach(stream -> members.add(Uris.subscription(stream.id())));
        return new Representation(Json.collection(Uris.SUBSCRIPTIONS, Uris.TYPE_SUBSCRIPTIONS, "Event Subscriptions",
                members)).ok();
    }

    @Override
    public Response createEventSubscription(String body) {
        Caller caller = scope.caller();
        EventSubscriptions.Request request = SubscriptionRequest.parse(body);
        Subscription created;
        try {
            created = EventSubscriptionResource.guarded(() -> events.subscriptions()
                    .create(request, caller.username(), caller.chassis()))
                    .orElseThrow(() -> new RedfishException(503,
                            List.of(BaseMessage.EventSubscriptionLimitExceeded.with()), Map.of("Retry-After", "60")));
        } catch (IllegalArgumentException e) {
            // only the origin is shown: a path or query may carry a token
            URI destination = URI.create(request.destination());
            LOG.info(() -> "subscription to " + destination.getScheme() + "://" + destination.getHost()
                    + " refused for " + caller.username() + ": " + e.getMessage());
            throw RedfishException.of(BaseMessage.PropertyValueIncorrect, "Destination",
                    destination.getScheme() + "://" + destination.getRawAuthority());
        }
        Representation r = new Representation(EventSubscriptionResource.payload(created));
        // A relative Location, as for sessions: never built from the client's Host header.
        return r.with(Response.status(Response.Status.CREATED)
                        .header(HttpHeaders.LOCATION, Uris.subscription(created.id()))
                        .entity(r.body().toString())
                        .type(RedfishExceptionMapper.JSON))
                .build();
    }
}
