package org.kubevirtredfish.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kubevirtredfish.event.EventSettings;
import org.kubevirtredfish.event.EventSource;
import org.kubevirtredfish.event.EventSubscriptions;
import org.kubevirtredfish.event.Events;
import org.kubevirtredfish.event.MemorySubscriptionStore;
import org.kubevirtredfish.event.Polling;
import org.kubevirtredfish.kubevirt.fabric8.ImageAddressPolicy;
import org.kubevirtredfish.message.BaseMessage;
import org.kubevirtredfish.message.RedfishException;
import org.kubevirtredfish.openapi.OpenApiDocument;
import org.kubevirtredfish.security.Caller;
import org.kubevirtredfish.security.Role;

/**
 * EventService, Subscriptions and the SSE stream over the simulator: CRUD, validation, chassis scoping, power events
 * delivered to a local receiver and streamed, and a destination that does not answer never holding up a request.
 */
class EventServiceResourceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLLECTION = "/redfish/v1/EventService/Subscriptions";
    private static OpenApiDocument doc;

    private final Fixture fixture = new Fixture();
    /** The default rules but the loopback network, where the tests' receivers listen. */
    private final EventSubscriptions subscriptions = new EventSubscriptions(
            new EventSettings(1, Duration.ofSeconds(1), 10, 4, 2, Duration.ofSeconds(30)),
            new MemorySubscriptionStore(), ImageAddressPolicy.of("0.0.0.0/8,169.254.0.0/16,fe80::/10", ""), o -> { });
    private final Events events = new Events(subscriptions);
    private final EventSource source = new EventSource(fixture.sim, fixture.exposed, subscriptions::publish);
    private HttpServer receiver;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger holding = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeAll
    static void load() {
        doc = OpenApiDocument.load();
    }

    @AfterEach
    void close() {
        release.countDown();
        source.close();
        subscriptions.close();
        fixture.close();
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    private String receiver(boolean hold) throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        receiver.createContext("/events", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (hold) {
                holding.incrementAndGet();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            received.add(body);
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/events";
    }

    private EventSubscriptionCollectionResource collection(CallerScope scope) {
        EventSubscriptionCollectionResource r = new EventSubscriptionCollectionResource();
        r.scope = scope;
        r.events = events;
        return r;
    }

    private EventSubscriptionResource member(CallerScope scope) {
        EventSubscriptionResource r = new EventSubscriptionResource();
        r.scope = scope;
        r.events = events;
        return r;
    }

    private EventServiceResource service(CallerScope scope) {
        return service(scope, "127.0.0.1", 40001);
    }

    /** The EventService as reached over a connection from that address and port. */
    private EventServiceResource service(CallerScope scope, String address, int port) {
        EventServiceResource r = new EventServiceResource();
        r.scope = scope;
        r.events = events;
        r.request = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getRemoteAddr" -> address;
                    case "getRemotePort" -> port;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return r;
    }

    /** Runs the stream's output into a pipe on a thread of its own; the returned reader reads it. */
    private static Thread streaming(Response r, PipedOutputStream out) {
        Thread writer = new Thread(() -> {
            try {
                ((StreamingOutput) r.getEntity()).write(out);
            } catch (Exception e) {
                // the reader closed the pipe
            }
        });
        writer.setDaemon(true);
        writer.start();
        return writer;
    }

    private CallerScope as(String user, Role role, String... chassis) {
        return new Fixture.FixedScope(new Caller(user, role, Set.of(chassis), null), fixture.exposed,
                fixture.settings);
    }

    private static RedfishException error(int status, BaseMessage first, Runnable call) {
        RedfishException e = assertThrows(RedfishException.class, call::run);
        assertEquals(status, e.status(), e.messages().toString());
        assertEquals(first, e.messages().get(0).message(), e.messages().toString());
        return e;
    }

    private String create(CallerScope scope, String body) {
        assertEquals(List.of(), doc.validateRequest("POST", COLLECTION, body));
        Response r = collection(scope).createEventSubscription(body);
        assertEquals(201, r.getStatus());
        String json = (String) r.getEntity();
        assertEquals(List.of(), doc.validateResponse("POST", COLLECTION, 201, json));
        String location = r.getHeaderString("Location");
        assertTrue(location.startsWith(COLLECTION + "/"), location);
        return location.substring(COLLECTION.length() + 1);
    }

    private static JsonNode json(Response r) throws Exception {
        return JSON.readTree((String) r.getEntity());
    }

    @Test
    void theEventServiceSaysWhatCanBeSubscribedTo() throws Exception {
        Response r = service(fixture.scope).getEventService();
        assertEquals(List.of(), doc.validateResponse("GET", "/redfish/v1/EventService", 200, (String) r.getEntity()));
        JsonNode o = json(r);
        assertEquals("[\"Alert\"]", o.path("EventTypesForSubscription").toString());
        assertEquals("/redfish/v1/EventService/SSE", o.path("ServerSentEventUri").asText());
        assertEquals(1, o.path("DeliveryRetryAttempts").asInt());
        assertEquals(COLLECTION, o.path("Subscriptions").path("@odata.id").asText());
    }

    /** What Ironic 21.4's create_subscription POSTs (vendor.py): Destination, Protocol, Context, EventTypes Alert. */
    @Test
    void createReadListDelete() throws Exception {
        String id = create(fixture.scope, "{\"Destination\":\"" + receiver(false) + "\",\"Protocol\":\"Redfish\","
                + "\"Context\":\"\",\"EventTypes\":[\"Alert\"],\"HttpHeaders\":[{\"X-Token\":\"s3cret\"}]}");

        Response got = member(fixture.scope).getEventSubscription(id);
        assertEquals(List.of(), doc.validateResponse("GET", COLLECTION + "/" + id, 200, (String) got.getEntity()));
        assertEquals("[]", json(got).path("HttpHeaders").toString(), "write-only");
        assertTrue(!((String) got.getEntity()).contains("s3cret"));
        JsonNode list = json(collection(fixture.scope).listEventSubscriptions());
        assertEquals(COLLECTION + "/" + id, list.path("Members").get(0).path("@odata.id").asText());

        assertEquals(204, member(fixture.scope).deleteEventSubscription(id).getStatus());

        error(404, BaseMessage.ResourceNotFound, () -> member(fixture.scope).getEventSubscription(id));
        assertEquals(0, json(collection(fixture.scope).listEventSubscriptions()).path("Members@odata.count").asInt());
    }

    @Test
    void invalidSubscriptionsAreRefusedWithBaseMessages() {
        CallerScope admin = fixture.scope;
        error(400, BaseMessage.CreateFailedMissingReqProperties,
                () -> collection(admin).createEventSubscription("{\"Protocol\":\"Redfish\"}"));
        error(400, BaseMessage.PropertyValueNotInList, () -> collection(admin).createEventSubscription(
                "{\"Destination\":\"http://192.0.2.1/\",\"Protocol\":\"Redfish\",\"EventTypes\":[\"StatusChange\"]}"));
        error(400, BaseMessage.PropertyValueNotInList, () -> collection(admin).createEventSubscription(
                "{\"Destination\":\"http://192.0.2.1/\",\"Protocol\":\"SNMPv2c\"}"));
        error(400, BaseMessage.PropertyUnknown, () -> collection(admin).createEventSubscription(
                "{\"Destination\":\"http://192.0.2.1/\",\"Protocol\":\"Redfish\",\"Severity\":\"OK\"}"));
        error(400, BaseMessage.PropertyValueFormatError, () -> collection(admin).createEventSubscription(
                "{\"Destination\":\"ftp://192.0.2.1/\",\"Protocol\":\"Redfish\"}"));
        error(400, BaseMessage.PropertyValueFormatError, () -> collection(admin).createEventSubscription(
                "{\"Destination\":\"http://192.0.2.1/\",\"Protocol\":\"Redfish\",\"HttpHeaders\":[{\"Host\":\"x\"}]}"));
        RedfishException denied = error(400, BaseMessage.PropertyValueIncorrect, () -> collection(admin)
                .createEventSubscription(
                        "{\"Destination\":\"http://169.254.169.254/latest?t=1\",\"Protocol\":\"Redfish\"}"));
        assertEquals(List.of("Destination", "http://169.254.169.254"), denied.messages().get(0).args());
        assertEquals(List.of(), subscriptions.visibleTo(Set.of("demo")));
    }

    @Test
    void subscriptionsAreScopedToTheirCreatorsChassis() throws Exception {
        String id = create(fixture.scope, "{\"Destination\":\"http://192.0.2.1/\",\"Protocol\":\"Redfish\"}");

        CallerScope lab = as("lab-admin", Role.Administrator, "lab");
        assertEquals(0, json(collection(lab).listEventSubscriptions()).path("Members@odata.count").asInt());
        error(404, BaseMessage.ResourceNotFound, () -> member(lab).getEventSubscription(id));
        error(404, BaseMessage.ResourceNotFound, () -> member(lab).deleteEventSubscription(id));
        // ConfigureSelf only: one's own subscriptions
        CallerScope reader = as("reader", Role.ReadOnly, "demo");
        assertEquals(200, member(reader).getEventSubscription(id).getStatus());
        error(403, BaseMessage.InsufficientPrivilege, () -> member(reader).deleteEventSubscription(id));
        CallerScope operator = as("admin", Role.Operator, "demo");
        assertEquals(204, member(operator).deleteEventSubscription(id).getStatus(), "the creator deletes his own");
    }

    /** A power-on through Redfish reaches a subscriber of the system's chassis as a PowerState event. */
    @Test
    void aPowerChangeIsPostedToTheSubscriber() throws Exception {
        source.start();
        create(fixture.scope,
                "{\"Destination\":\"" + receiver(false) + "\",\"Protocol\":\"Redfish\",\"Context\":\"m3\"}");

        fixture.systems().resetSystem(Fixture.OFF_ID, "{\"ResetType\":\"On\"}", null);

        Polling.until("a PowerState On event",
                () -> received.stream().anyMatch(b -> b.contains("[\"PowerState\",\"On\"]")));
        JsonNode event = JSON.readTree(received.get(0));
        assertEquals("m3", event.path("Context").asText());
        assertEquals("/redfish/v1/Systems/" + Fixture.OFF_ID,
                event.path("Events").get(0).path("OriginOfCondition").path("@odata.id").asText());
        assertEquals(List.of(), doc.validateSchema("Event", received.get(0)));
    }

    /**
     * The destination takes the POST and never answers: Redfish requests (a GET, and a reset that makes another
     * event) are answered while it still holds the first event.
     */
    @Test
    void aDestinationThatDoesNotAnswerHoldsUpNoRequest() throws Exception {
        source.start();
        create(fixture.scope, "{\"Destination\":\"" + receiver(true) + "\",\"Protocol\":\"Redfish\"}");
        fixture.systems().resetSystem(Fixture.OFF_ID, "{\"ResetType\":\"On\"}", null);
        Polling.until("the receiver holds the first event", () -> holding.get() == 1);

        assertEquals(200, fixture.systems().getSystem(Fixture.OFF_ID).getStatus());
        fixture.systems().resetSystem(Fixture.OFF_ID, "{\"ResetType\":\"ForceOff\"}", null);
        assertEquals(200, fixture.systems().getSystem(Fixture.RUNNING_ID).getStatus());

        assertEquals(1, holding.get(), "still held");
        assertEquals(List.of(), received);
    }

    /** The SSE stream of a demo user carries the power event of a demo system, as `id:` and `data:` lines. */
    @Test
    void theStreamCarriesAPowerEvent() throws Exception {
        source.start();
        Response r = service(fixture.scope).streamEvents();
        assertEquals("text/event-stream", r.getMediaType().toString());
        PipedInputStream in = new PipedInputStream(1 << 16);
        streaming(r, new PipedOutputStream(in));
        BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        assertNotNull(lines.readLine(), "the stream opens with a comment");

        fixture.systems().resetSystem(Fixture.OFF_ID, "{\"ResetType\":\"On\"}", null);

        String id = null;
        String data = null;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            if (line.startsWith("id: ")) {
                id = line.substring(4);
            } else if (line.startsWith("data: ") && line.contains("PowerState")) {
                data = line.substring(6);
                break;
            }
        }
        assertNotNull(data);
        JsonNode event = JSON.readTree(data);
        assertEquals(id, event.path("Id").asText());
        assertEquals(List.of(), doc.validateSchema("Event", data));
        in.close();
    }

    /**
     * DSP0266 v1.22.0 "Server-sent events": an open stream is an EventDestination (SSE, the client's address, a
     * service-generated Context) in Subscriptions, seen by the users of its chassis; deleting it ends the stream and
     * removes it. (What DMTF's Protocol Validator checks: SERV_SSE_OPEN_CREATES_EVENT_DEST, ..._CONTEXT_OPAQUE_STR,
     * ..._CLOSE_CONNECTION_IF_EVENT_DEST_DELETED.)
     */
    @Test
    void anOpenStreamIsAnEventDestinationUntilItIsDeleted() throws Exception {
        Response r = service(fixture.scope, "192.0.2.7", 40123).streamEvents();
        PipedInputStream in = new PipedInputStream(1 << 16);
        Thread writer = streaming(r, new PipedOutputStream(in));
        BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        assertNotNull(lines.readLine(), "the stream opens with a comment");

        Response list = collection(fixture.scope).listEventSubscriptions();
        assertEquals(List.of(), doc.validateResponse("GET", COLLECTION, 200, (String) list.getEntity()));
        JsonNode members = json(list).path("Members");
        assertEquals(1, members.size(), members.toString());
        String uri = members.get(0).path("@odata.id").asText();
        String id = uri.substring(COLLECTION.length() + 1);
        Response got = member(fixture.scope).getEventSubscription(id);
        assertEquals(List.of(), doc.validateResponse("GET", uri, 200, (String) got.getEntity()));
        JsonNode destination = json(got);
        assertEquals("SSE", destination.path("SubscriptionType").asText());
        assertEquals("redfish-sse://192.0.2.7:40123", destination.path("Destination").asText());
        assertTrue(destination.path("Context").asText().matches("[0-9a-f]{32}"), destination.toString());
        CallerScope lab = as("lab-admin", Role.Administrator, "lab");
        assertEquals(0, json(collection(lab).listEventSubscriptions()).path("Members@odata.count").asInt());
        error(404, BaseMessage.ResourceNotFound, () -> member(lab).deleteEventSubscription(id));
        error(403, BaseMessage.InsufficientPrivilege,
                () -> member(as("reader", Role.ReadOnly, "demo")).deleteEventSubscription(id));

        assertEquals(204, member(fixture.scope).deleteEventSubscription(id).getStatus());

        Polling.until("the stream ends", () -> !writer.isAlive());
        assertEquals(0, subscriptions.streams().openCount());
        error(404, BaseMessage.ResourceNotFound, () -> member(fixture.scope).getEventSubscription(id));
        assertEquals(0, json(collection(fixture.scope).listEventSubscriptions()).path("Members@odata.count").asInt());
    }

    /** A stream whose client has gone removes its EventDestination (DSP0266: deleted when the connection closes). */
    @Test
    void aClosedConnectionRemovesItsEventDestination() throws Exception {
        Response r = service(fixture.scope).streamEvents();
        assertEquals(1, json(collection(fixture.scope).listEventSubscriptions()).path("Members@odata.count").asInt());
        PipedInputStream in = new PipedInputStream();
        PipedOutputStream out = new PipedOutputStream(in);
        in.close();

        assertThrows(IOException.class, () -> ((StreamingOutput) r.getEntity()).write(out));

        assertEquals(0, json(collection(fixture.scope).listEventSubscriptions()).path("Members@odata.count").asInt());
    }

    @Test
    void streamsAreBounded() {
        EventServiceResource stream = service(fixture.scope);
        stream.streamEvents();
        stream.streamEvents();
        error(503, BaseMessage.ResourceExhaustion, stream::streamEvents);
        assertEquals(2, subscriptions.streams().openCount());
    }
}
