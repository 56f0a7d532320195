package org.kubevirtredfish.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.kubevirtredfish.kubevirt.fabric8.ImageAddressPolicy;
import org.kubevirtredfish.openapi.OpenApiDocument;

/** Delivery by HTTP POST to a real local receiver: retries, the bounded queue, the address rules. */
class EventDeliveryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** 127.0.0.1 is denied by default (the pod's own loopback); these tests' receivers live there. */
    private static final ImageAddressPolicy LOOPBACK_ALLOWED = ImageAddressPolicy.of("169.254.0.0/16", "");

    private final List<DeliveryOutcome> outcomes = new CopyOnWriteArrayList<>();

    private EventSubscriptions subscriptions(int retries, int queueSize, ImageAddressPolicy policy) {
        return new EventSubscriptions(new EventSettings(retries, Duration.ofMillis(20), queueSize, 8, 2,
                Duration.ofSeconds(5)), new MemorySubscriptionStore(), policy, outcomes::add);
    }

    static SystemEvent power(String value) {
        return new SystemEvent(java.util.UUID.randomUUID().toString(), Instant.now(), "demo.cp-0", Set.of("demo"),
                "ComputerSystem", "/redfish/v1/Systems/demo.cp-0", EventMessage.PropertyValueModified,
                List.of("PowerState", value));
    }

    static EventSubscriptions.Request to(String url) {
        return new EventSubscriptions.Request(url, "ctx-1", List.of("Alert"), List.of(), List.of(),
                List.of(Map.of("Authorization", "Bearer receiver-token")));
    }

    private static void await(BooleanSupplier condition) {
        Polling.until("so", condition);
    }

    @Test
    void retriesUntilTheReceiverTakesTheEventAndSendsTheEventPayload() throws Exception {
        try (Receiver receiver = new Receiver(2, false);
                EventSubscriptions s = subscriptions(3, 10, LOOPBACK_ALLOWED)) {
            s.create(to(receiver.url()), "admin", Set.of("demo")).orElseThrow();

            s.publish(power("On"));

            await(() -> outcomes.size() == 1);
            assertEquals(3, receiver.requests.get(), "two 503s, then the 204");
            assertEquals(List.of(DeliveryOutcome.delivered), List.copyOf(outcomes));
            Receiver.Received got = receiver.received.get(0);
            assertEquals(List.of("Bearer receiver-token"), got.headers().get("Authorization"));
            JsonNode event = JSON.readTree(got.body());
            assertEquals("ctx-1", event.path("Context").asText());
            JsonNode record = event.path("Events").get(0);
            assertEquals("Base.1.22.PropertyValueModified", record.path("MessageId").asText());
            assertEquals("The property PowerState was assigned the value 'On' due to modification by the service.",
                    record.path("Message").asText());
            assertEquals("/redfish/v1/Systems/demo.cp-0", record.path("OriginOfCondition").path("@odata.id").asText());
            assertEquals(List.of(), OpenApiDocument.load().validateSchema("Event", got.body()));
        }
    }

    @Test
    void givesAnEventUpAfterTheRetriesAndSendsTheNext() throws Exception {
        try (Receiver receiver = new Receiver(3, false);
                EventSubscriptions s = subscriptions(2, 10, LOOPBACK_ALLOWED)) {
            s.create(to(receiver.url()), "admin", Set.of("demo")).orElseThrow();

            s.publish(power("On"));
            s.publish(power("Off"));

            await(() -> outcomes.size() == 2);
            assertEquals(4, receiver.requests.get(), "the first event: 1 + 2 retries, all 503; the second: 1");
            assertEquals(List.of(DeliveryOutcome.failed, DeliveryOutcome.delivered), List.copyOf(outcomes));
            assertTrue(receiver.received.get(0).body().contains("'Off'"));
        }
    }

    /** While the receiver holds the first POST, later events fill the queue and the oldest are dropped and counted. */
    @Test
    void aFullQueueDropsTheOldestEvents() throws Exception {
        try (Receiver receiver = new Receiver(0, true); EventSubscriptions s = subscriptions(0, 2, LOOPBACK_ALLOWED)) {
            Subscription sub = s.create(to(receiver.url()), "admin", Set.of("demo")).orElseThrow();
            List<SystemEvent> events = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                events.add(power("v" + i));
            }
            s.publish(events.get(0));
            await(() -> receiver.holding.get() == 1);
            for (int i = 1; i < 5; i++) {
                s.publish(events.get(i));
            }

            assertEquals(3, s.dropped(sub.id()));
            receiver.release();
            await(() -> outcomes.size() == 6);
            List<String> ids = receiver.received.stream().map(r -> id(r.body())).toList();
            assertEquals(List.of(events.get(0).eventId(), events.get(3).eventId(), events.get(4).eventId()), ids);
            assertEquals(3, outcomes.stream().filter(o -> o == DeliveryOutcome.dropped).count());
        }
    }

    /** The default rules deny the loopback network: such a destination is refused and nothing is kept. */
    @Test
    void aDeniedDestinationIsRefused() {
        try (EventSubscriptions s = subscriptions(0, 2, ImageAddressPolicy.defaults())) {
            assertThrows(IllegalArgumentException.class,
                    () -> s.create(to("http://127.0.0.1:9/events"), "admin", Set.of("demo")));
            assertThrows(IllegalArgumentException.class,
                    () -> s.create(to("http://169.254.169.254/latest"), "admin", Set.of("demo")));
            assertEquals(List.of(), s.visibleTo(Set.of("demo")));
        }
    }

    @Test
    void onlySubscriptionsOfTheEventsChassisAndFiltersReceiveIt() throws Exception {
        try (Receiver receiver = new Receiver(0, false);
                EventSubscriptions s = subscriptions(0, 10, LOOPBACK_ALLOWED)) {
            s.create(to(receiver.url()), "lab-user", Set.of("lab")).orElseThrow();
            s.create(new EventSubscriptions.Request(receiver.url(), null, List.of(), List.of(),
                    List.of("VirtualMedia"), List.of()), "admin", Set.of("demo")).orElseThrow();
            s.create(new EventSubscriptions.Request(receiver.url(), "wanted", List.of(), List.of("Base"),
                    List.of("ComputerSystem"), List.of()), "admin", Set.of("demo", "lab")).orElseThrow();

            s.publish(power("On"));

            await(() -> outcomes.size() == 1);
            assertEquals(1, receiver.received.size());
            assertTrue(receiver.received.get(0).body().contains("\"Context\":\"wanted\""));
            assertEquals(1, s.visibleTo(Set.of("demo")).size(), "demo users see only the demo-only subscription");
        }
    }

    private static String id(String body) {
        try {
            return JSON.readTree(body).path("Id").asText();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
