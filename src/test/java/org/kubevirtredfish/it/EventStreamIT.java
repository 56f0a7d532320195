package org.kubevirtredfish.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.kubevirtredfish.openapi.OpenApiDocument;

/**
 * The EventService's Server-Sent Event stream through Liberty, on both IT servers: a client with a session opens the
 * ServerSentEventUri, a power change of one of its systems follows, and the event arrives in the stream as an
 * {@code id:} and a {@code data:} line whose JSON is an Event of openapi/openapi.yaml. It proves what the unit test of
 * the stream (EventServiceResourceTest#theStreamCarriesAPowerEvent) cannot: that Liberty passes each event on while
 * the response is still open (no buffering until the end of the response).
 */
class EventStreamIT {

    private static final OpenApiDocument OPENAPI = OpenApiDocument.load();
    /** Bounded waits, not timing assertions: a loaded CI machine is slow, never stuck. */
    private static final Duration WAIT = Duration.ofSeconds(90);

    record Server(String name, int port, String system, String user, String password) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Server> servers() {
        return Stream.of(
                new Server("simulator", Integer.getInteger("it.http.port", 8443), "demo.control-plane-0", "admin",
                        "demo-admin"),
                new Server("kubernetes", Integer.getInteger("it.kubernetes.port", 8444), "cluster.control-plane-0",
                        "admin", "cluster-admin"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aPowerChangeArrivesInTheOpenStream(Server server) throws Exception {
        String system = "/redfish/v1/Systems/" + server.system();
        RedfishHttp login = new RedfishHttp(server.port(), HttpClient.Version.HTTP_1_1);
        RedfishHttp.Reply session = login.send("POST", "/redfish/v1/SessionService/Sessions",
                "{\"UserName\":\"" + server.user() + "\",\"Password\":\"" + server.password() + "\"}", Map.of());
        assertEquals(201, session.status(), session.text());
        String token = session.header("X-Auth-Token");
        RedfishHttp http = new RedfishHttp(server.port(), HttpClient.Version.HTTP_1_1).token(token);
        String streamUri = http.get("/redfish/v1/EventService").json().path("ServerSentEventUri").asText();
        String before = stablePowerState(http, system);
        String resetType = before.equals("Off") ? "On" : "ForceOff";

        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<InputStream> stream = client.send(HttpRequest.newBuilder(URI.create(http.base + streamUri))
                .header("X-Auth-Token", token).header("Accept", "text/event-stream").GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> read(stream.body(), lines), "sse-reader-" + server.name());
        reader.setDaemon(true);
        try (InputStream body = stream.body()) {
            assertEquals(200, stream.statusCode());
            assertTrue(stream.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"),
                    stream.headers().map().toString());
            reader.start();
            String opening = lines.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertNotNull(opening, "the stream opens with a comment line before any event");
            assertTrue(opening.startsWith(":"), opening);

            RedfishHttp.Reply reset = http.send("POST", system + "/Actions/ComputerSystem.Reset",
                    "{\"ResetType\":\"" + resetType + "\"}", Map.of());
            assertEquals(204, reset.status(), reset.text());

            JsonNode event = powerEvent(lines, system, before);
            assertNotNull(event, "no PowerState event of " + system + " in the stream within " + WAIT);
            JsonNode record = event.path("Events").get(0);
            assertTrue(record.path("MessageId").asText().endsWith(".PropertyValueModified"), record.toString());
            assertEquals("Alert", record.path("EventType").asText());
        } finally {
            reader.interrupt();
            restore(http, system, before);
            http.send("DELETE", session.header("Location"), null, Map.of());
        }
    }

    /**
     * DSP0266 "Server-sent events" through Liberty: the open stream is an EventDestination (SubscriptionType SSE,
     * Destination the client's {@code redfish-sse://} address) in Subscriptions, and its DELETE ends the response.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void theOpenStreamIsASubscriptionWhoseDeleteEndsIt(Server server) throws Exception {
        RedfishHttp http = new RedfishHttp(server.port(), HttpClient.Version.HTTP_1_1)
                .basic(server.user(), server.password());
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<InputStream> stream = client.send(HttpRequest.newBuilder(
                URI.create(http.base + "/redfish/v1/EventService/SSE")).header("Authorization", "Basic "
                        + Base64.getEncoder().encodeToString((server.user() + ":" + server.password())
                        .getBytes(StandardCharsets.UTF_8))).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> read(stream.body(), lines), "sse-destination-" + server.name());
        reader.setDaemon(true);
        try (InputStream body = stream.body()) {
            assertEquals(200, stream.statusCode());
            reader.start();
            assertNotNull(lines.poll(WAIT.toSeconds(), TimeUnit.SECONDS), "the stream opens with a comment line");

            List<String> streams = new ArrayList<>();
            http.get("/redfish/v1/EventService/Subscriptions").json().path("Members")
                    .forEach(m -> streams.add(m.path("@odata.id").asText()));
            streams.removeIf(uri -> !uri.startsWith("/redfish/v1/EventService/Subscriptions/sse-"));
            assertEquals(1, streams.size(), streams.toString());
            RedfishHttp.Reply destination = http.get(streams.get(0));
            assertEquals(200, destination.status(), destination.text());
            assertEquals(List.of(), OPENAPI.validateResponse("GET", streams.get(0), 200, destination.text()));
            assertEquals("SSE", destination.json().path("SubscriptionType").asText());
            assertTrue(destination.json().path("Destination").asText().startsWith("redfish-sse://127.0.0.1:"),
                    destination.text());

            RedfishHttp.Reply deleted = http.send("DELETE", streams.get(0), null, Map.of());
            assertEquals(204, deleted.status(), deleted.text());

            reader.join(WAIT.toMillis());
            assertTrue(!reader.isAlive(), "the stream's response ended");
            assertEquals(404, http.get(streams.get(0)).status());
        } finally {
            reader.interrupt();
        }
    }

    /** Lines of the stream, until it ends or fails (the test closed it). */
    private static void read(InputStream body, BlockingQueue<String> lines) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(line);
            }
        } catch (java.io.IOException e) {
            // closed by the test
        }
    }

    /**
     * The first Event of the stream, within {@link #WAIT}, that reports a new PowerState of the system; each is
     * preceded by an {@code id:} line holding its EventId and valid against the document's Event schema.
     */
    private static JsonNode powerEvent(BlockingQueue<String> lines, String system, String before) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String id = null;
        while (System.nanoTime() < deadline) {
            String line = lines.poll(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
            if (line == null) {
                return null;
            }
            if (line.startsWith("id: ")) {
                id = line.substring(4);
            } else if (line.startsWith("data: ")) {
                String data = line.substring(6);
                assertEquals(List.of(), OPENAPI.validateSchema("Event", data), data);
                JsonNode event = RedfishHttp.JSON.readTree(data);
                JsonNode record = event.path("Events").get(0);
                assertEquals(id, record.path("EventId").asText(), "the id: line names the event");
                JsonNode args = record.path("MessageArgs");
                if (system.equals(record.at("/OriginOfCondition/@odata.id").asText())
                        && args.path(0).asText().equals("PowerState") && !args.path(1).asText().equals(before)) {
                    return event;
                }
            }
        }
        return null;
    }

    /** On or Off, after waiting out a transition another test may have left (bounded polling). */
    private static String stablePowerState(RedfishHttp http, String system) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String state = http.get(system).json().path("PowerState").asText();
        while (!state.equals("On") && !state.equals("Off") && System.nanoTime() < deadline) {
            Thread.sleep(200);
            state = http.get(system).json().path("PowerState").asText();
        }
        assertTrue(state.equals("On") || state.equals("Off"), system + " stays " + state);
        return state;
    }

    /** Puts the system back the way the other tests found it. */
    private static void restore(RedfishHttp http, String system, String before) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            String state = http.get(system).json().path("PowerState").asText();
            if (state.equals(before)) {
                return;
            }
            if (state.equals("On") || state.equals("Off")) {
                http.send("POST", system + "/Actions/ComputerSystem.Reset",
                        "{\"ResetType\":\"" + (before.equals("Off") ? "ForceOff" : "On") + "\"}", Map.of());
            }
            Thread.sleep(200);
        }
    }
}
