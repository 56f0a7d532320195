package org.kubevirtredfish.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.kubevirtredfish.openapi.OpenApiDocument;

/**
 * An HTTP client for the Liberty server of the integration tests (port from {@code it.http.port}). Every JSON
 * response it receives is validated against openapi/openapi.yaml for its path, method and status.
 */
final class RedfishHttp {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final OpenApiDocument OPENAPI = OpenApiDocument.load();

    final String base;
    private final HttpClient client;
    private String authorization;
    private String token;

    /** The server with the simulator. */
    RedfishHttp() {
        this(Integer.getInteger("it.http.port", 8443));
    }

    RedfishHttp(int port) {
        this(port, HttpClient.Version.HTTP_2);
    }

    /**
     * {@code HTTP_1_1} for many concurrent clients: the JDK client's default is an h2c upgrade of each new
     * connection, and a dozen upgrades at once wedged Liberty's HTTP/2 channel (threads stuck in
     * H2InboundLink.close / H2StreamProcessor.waitForConnectionInit, health probes unanswered) until the endpoint
     * was set to HTTP/1.1 only (HardeningIT#concurrentH2cUpgradesWithBodiesAreAnsweredInHttp11).
     */
    RedfishHttp(int port, HttpClient.Version version) {
        this.base = "http://127.0.0.1:" + port;
        this.client = HttpClient.newBuilder().version(version)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** The server with backend=kubernetes over the mock cluster. */
    static RedfishHttp kubernetes() {
        return new RedfishHttp(Integer.getInteger("it.kubernetes.port", 8444));
    }

    RedfishHttp basic(String user, String password) {
        authorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        token = null;
        return this;
    }

    RedfishHttp token(String sessionToken) {
        token = sessionToken;
        authorization = null;
        return this;
    }

    RedfishHttp anonymous() {
        token = null;
        authorization = null;
        return this;
    }

    /** A response and its body parsed (or null when it is not JSON). */
    record Reply(int status, Map<String, List<String>> headers, String text, JsonNode json) {

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .findFirst().map(e -> e.getValue().get(0)).orElse(null);
        }

        /** The MessageIds of a Redfish error body, without the {@code Base.1.22.} prefix. */
        List<String> messageIds() {
            return json.path("error").path("@Message.ExtendedInfo").findValuesAsText("MessageId").stream()
                    .map(id -> id.substring(id.lastIndexOf('.') + 1)).toList();
        }
    }

    Reply get(String path) {
        return send("GET", path, null, Map.of());
    }

    Reply send(String method, String path, String body, Map<String, String> headers) {
        return send(method, path, body, body == null ? null : "application/json", headers);
    }

    /** With the given {@code Content-Type}, or none when it is null (whether or not there is a body). */
    Reply send(String method, String path, String body, String contentType, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (token != null) {
            b.header("X-Auth-Token", token);
        }
        headers.forEach(b::header);
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            String answerType = r.headers().firstValue("Content-Type").orElse("");
            JsonNode json = answerType.startsWith("application/json") && !r.body().isEmpty()
                    ? JSON.readTree(r.body()) : null;
            Reply reply = new Reply(r.statusCode(), r.headers().map(), r.body(), json);
            validate(method, path, reply);
            return reply;
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every JSON body of a route the document describes must match its schema; every error is a Redfish error. */
    private static void validate(String method, String path, Reply reply) {
        if (reply.json == null || method.equals("HEAD") || !path.startsWith("/redfish")) {
            return;
        }
        String plain = path.replaceAll("\\?.*$", "");
        List<String> errors;
        if (reply.status >= 400) {
            errors = OPENAPI.validateSchema("RedfishError", reply.text);
        } else {
            errors = OPENAPI.validateResponse(method, plain, reply.status, reply.text);
        }
        assertTrue(errors.isEmpty(), method + " " + path + " " + reply.status + " does not match openapi.yaml: "
                + errors + "\n" + reply.text);
    }

    /** A new session for the user; its token is used from now on. */
    RedfishHttp login(String user, String password) {
        anonymous();
        Reply r = send("POST", "/redfish/v1/SessionService/Sessions",
                "{\"UserName\":\"" + user + "\",\"Password\":\"" + password + "\"}", Map.of());
        assertEquals(201, r.status(), r.text());
        return token(r.header("X-Auth-Token"));
    }

    /** Polls GET {@code path} until {@code done} holds (bounded). */
    JsonNode await(String path, Predicate<JsonNode> done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = get(path).json();
            if (done.test(last)) {
                return last;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("condition not reached on " + path + ": " + last);
    }
}
