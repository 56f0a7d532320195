package org.kubevirtredfish.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kubevirtredfish.event.EventPayload;
import org.kubevirtredfish.event.EventSettings;
import org.kubevirtredfish.event.EventStreams;
import org.kubevirtredfish.event.EventSubscriptions;
import org.kubevirtredfish.event.Events;
import org.kubevirtredfish.event.MemorySubscriptionStore;
import org.kubevirtredfish.event.Polling;
import org.kubevirtredfish.event.RedfishEvent;
import org.kubevirtredfish.event.Subscription;
import org.kubevirtredfish.event.TestEvent;
import org.kubevirtredfish.kubevirt.fabric8.ImageAddressPolicy;
import org.kubevirtredfish.message.BaseMessage;
import org.kubevirtredfish.message.RedfishException;
import org.kubevirtredfish.openapi.OpenApiDocument;

/**
 * EventService.SubmitTestEvent (EventService v1_12_0): the event goes, as given, to the subscriptions and streams its
 * sender can see, whatever their filters; bad parameters are refused, each with its Base message, and send nothing.
 */
class SubmitTestEventTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACTION = "/redfish/v1/EventService/Actions/EventService.SubmitTestEvent";
    /** The client of a stream opened here (its EventDestination Destination). */
    private static final String PEER = "redfish-sse://127.0.0.1:1";
    private static OpenApiDocument doc;

    private final Fixture fixture = new Fixture();
    /** The default rules but the loopback network, where the test's receiver listens. */
    private final EventSubscriptions subscriptions = new EventSubscriptions(
            new EventSettings(1, Duration.ofSeconds(1), 10, 4, 3, Duration.ofSeconds(30)),
            new MemorySubscriptionStore(), ImageAddressPolicy.of("0.0.0.0/8,169.254.0.0/16,fe80::/10", ""), o -> { });
    private final Events events = new Events(subscriptions);
    private final List<String> received = new CopyOnWriteArrayList<>();
    private HttpServer receiver;

    @BeforeAll
    static void load() {
        doc = OpenApiDocument.load();
    }

    @AfterEach
    void close() {
        subscriptions.close();
        fixture.close();
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    private String receiver() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/events", exchange -> {
            received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/events";
    }

    private EventServiceResource service(CallerScope scope) {
        EventServiceResource r = new EventServiceResource();
        r.scope = scope;
        r.events = events;
        return r;
    }

    private void submit(String body) {
        assertEquals(List.of(), doc.validateRequest("POST", ACTION, body));
        assertEquals(204, service(fixture.scope).submitTestEvent(body).getStatus());
    }

    @Test
    void theEventServiceNamesTheAction() throws Exception {
        String body = (String) service(fixture.scope).getEventService().getEntity();
        assertEquals(List.of(), doc.validateResponse("GET", "/redfish/v1/EventService", 200, body));
        assertEquals(ACTION, JSON.readTree(body).at("/Actions/#EventService.SubmitTestEvent/target").asText());
    }

    /** A subscription for VirtualMedia events only still receives the test event, with what was given. */
    @Test
    void theTestEventReachesTheSubscriptionWhateverItsFilters() throws Exception {
        EventSubscriptionCollectionResource collection = new EventSubscriptionCollectionResource();
        collection.scope = fixture.scope;
        collection.events = events;
        assertEquals(201, collection.createEventSubscription("{\"Destination\":\"" + receiver()
                + "\",\"Protocol\":\"Redfish\",\"Context\":\"ping\",\"ResourceTypes\":[\"VirtualMedia\"]}")
                .getStatus());

        submit("{\"MessageId\":\"TestRegistry.1.0.Ping\",\"Message\":\"ping 7\",\"MessageArgs\":[\"7\"],"
                + "\"MessageSeverity\":\"Critical\",\"OriginOfCondition\":\"/redfish/v1/Systems/" + Fixture.OFF_ID
                + "\",\"EventTimestamp\":\"2026-12-01T10:00:00+01:00\",\"EventGroupId\":3,\"EventId\":\"mine\","
                + "\"EventType\":\"Alert\"}");

        Polling.until("the test event at the receiver", () -> !received.isEmpty());
        assertEquals(List.of(), doc.validateSchema("Event", received.get(0)));
        JsonNode event = JSON.readTree(received.get(0));
        assertEquals("ping", event.path("Context").asText());
        JsonNode record = event.path("Events").get(0);
        assertEquals("TestRegistry.1.0.Ping", record.path("MessageId").asText());
        assertEquals("ping 7", record.path("Message").asText());
        assertEquals("[\"7\"]", record.path("MessageArgs").toString());
        assertEquals("Critical", record.path("MessageSeverity").asText());
        assertEquals("/redfish/v1/Systems/" + Fixture.OFF_ID, record.at("/OriginOfCondition/@odata.id").asText());
        assertEquals(OffsetDateTime.parse("2026-12-01T10:00:00+01:00"),
                OffsetDateTime.parse(record.path("EventTimestamp").asText()));
        assertEquals(3, record.path("EventGroupId").asInt());
        assertEquals("Alert", record.path("EventType").asText());
        assertFalse(record.path("EventId").asText().equals("mine"), "the service assigns the EventId");
        assertEquals(event.path("Id").asText(), record.path("EventId").asText());
    }

    /** Only MessageId given: the record has no Message, MessageArgs, MessageSeverity or OriginOfCondition. */
    @Test
    void whatWasNotGivenIsLeftOut() throws Exception {
        EventStreams.Stream stream = subscriptions.streams().open("admin", Set.of("demo"), PEER).orElseThrow();
        submit("{\"MessageId\":\"Base.1.22.Success\"}");
        RedfishEvent event = stream.next(Duration.ZERO).orElseThrow(); // published before the action answered
        String payload = EventPayload.of(event, null).toString();
        assertEquals(List.of(), doc.validateSchema("Event", payload));
        JsonNode record = JSON.readTree(payload).path("Events").get(0);
        for (String absent : List.of("Message", "MessageArgs", "MessageSeverity", "OriginOfCondition",
                "EventGroupId")) {
            assertTrue(record.path(absent).isMissingNode(), absent + " in " + record);
        }
    }

    /**
     * A user of chassis demo reaches streams and subscriptions of users whose chassis he holds all of: not those of a
     * lab user, nor those of a user of demo and lab (as he sees no subscription of theirs).
     */
    @Test
    void theTestEventReachesOnlyWhatItsSenderSees() throws Exception {
        EventStreams.Stream demo = subscriptions.streams().open("admin", Set.of("demo"), PEER).orElseThrow();
        EventStreams.Stream lab = subscriptions.streams().open("admin", Set.of("lab"), PEER).orElseThrow();
        EventStreams.Stream both = subscriptions.streams().open("admin", Set.of("demo", "lab"), PEER).orElseThrow();
        submit("{\"MessageId\":\"Base.1.22.Success\"}");
        assertTrue(demo.next(Duration.ZERO).isPresent());
        assertTrue(lab.next(Duration.ZERO).isEmpty());
        assertTrue(both.next(Duration.ZERO).isEmpty());

        TestEvent test = new TestEvent("t", OffsetDateTime.now(), Set.of("demo"), "Base.1.22.Success", null, null,
                null, null, null);
        assertTrue(subscription(Set.of("demo")).wants(test));
        assertFalse(subscription(Set.of("lab")).wants(test));
        assertFalse(subscription(Set.of("demo", "lab")).wants(test));
    }

    private static Subscription subscription(Set<String> chassis) {
        return new Subscription("s", "http://192.0.2.1/", null, "Redfish", List.of("Alert"), List.of("Base"),
                List.of("ComputerSystem"), List.of(), chassis, "someone", java.time.Instant.now());
    }

    @Test
    void badParametersAreRefusedEachWithItsMessageAndSendNothing() throws Exception {
        EventStreams.Stream stream = subscriptions.streams().open("admin", Set.of("demo"), PEER).orElseThrow();
        RedfishException e = assertThrows(RedfishException.class, () -> service(fixture.scope).submitTestEvent(
                "{\"MessageId\":\"no id\",\"Severity\":\"OK\",\"OriginOfCondition\":\"http://elsewhere/x\","
                        + "\"EventType\":\"Event\",\"MessageArgs\":[1],\"EventTimestamp\":\"yesterday\","
                        + "\"Color\":\"red\"}"));
        assertEquals(400, e.status());
        assertEquals(List.of(BaseMessage.ActionParameterValueFormatError, BaseMessage.ActionParameterNotSupported,
                BaseMessage.ActionParameterValueFormatError, BaseMessage.ActionParameterValueNotInList,
                BaseMessage.ActionParameterValueTypeError, BaseMessage.ActionParameterValueFormatError,
                BaseMessage.ActionParameterUnknown), e.messages().stream().map(m -> m.message()).toList());
        RedfishException missing = assertThrows(RedfishException.class,
                () -> service(fixture.scope).submitTestEvent("{}"));
        assertEquals(BaseMessage.ActionParameterMissing, missing.messages().get(0).message());
        assertEquals(List.of("EventService.SubmitTestEvent", "MessageId"), missing.messages().get(0).args());
        assertTrue(stream.next(Duration.ZERO).isEmpty());
        assertEquals(List.of(), received);
    }
}
