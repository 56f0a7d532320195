package org.kubevirtredfish.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Ironic's bare metal REST API (v1, noauth), as the {@code baremetal} CLI uses it: asynchronous power and provision
 * requests (202), then polling the node. Like python-ironicclient, a request that finds the node locked by the
 * conductor (409 NodeLocked) is retried.
 */
final class IronicClient {

    /** Ironic 21.4's maximum (ironic/api/controllers/v1/versions.py, MINOR_82_NODE_SHARD). */
    static final String API_VERSION = "1.82";
    private static final Duration POLL = Duration.ofMillis(250);
    /** States a provision request never ends in unless it failed (ironic/common/states.py). */
    static final Set<String> FAILED = Set.of("deploy failed", "clean failed", "error", "inspect failed",
            "rescue failed", "unrescue failed", "adopt failed");

    private final String api;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    IronicClient(String api) {
        this.api = api;
    }

    static ObjectNode object() {
        return RedfishHttp.JSON.createObjectNode();
    }

    JsonNode createNode(ObjectNode body) {
        return expect(201, "POST", "/v1/nodes", body).json;
    }

    JsonNode node(String id) {
        return expect(200, "GET", "/v1/nodes/" + id, null).json;
    }

    void deleteNode(String id) {
        expect(204, "DELETE", "/v1/nodes/" + id, null);
    }

    /** A JSON patch: one {@code add} per field, e.g. {@code /instance_info/boot_iso}. */
    void set(String id, String path, Object value) {
        var op = object().put("op", "add").put("path", path);
        op.set("value", RedfishHttp.JSON.valueToTree(value));
        expect(200, "PATCH", "/v1/nodes/" + id, RedfishHttp.JSON.createArrayNode().add(op));
    }

    /** The node's ports ({@code address}, {@code uuid}). */
    JsonNode ports(String id) {
        // /v1/nodes/<name>/ports answers 404 "Portgroup None" for a node name with a dot: the ports API's node filter
        return expect(200, "GET", "/v1/ports?fields=uuid,address&node=" + java.net.URLEncoder.encode(id,
                java.nio.charset.StandardCharsets.UTF_8), null).json.path("ports");
    }

    void deletePort(String uuid) {
        expect(204, "DELETE", "/v1/ports/" + uuid, null);
    }

    JsonNode validate(String id) {
        return expect(200, "GET", "/v1/nodes/" + id + "/validate", null).json;
    }

    /** {@code power on}, {@code power off}, {@code rebooting}, {@code soft power off}, {@code soft rebooting}. */
    void power(String id, String target) {
        expect(202, "PUT", "/v1/nodes/" + id + "/states/power", object().put("target", target));
    }

    void provision(String id, ObjectNode body) {
        expect(202, "PUT", "/v1/nodes/" + id + "/states/provision", body);
    }

    void provision(String id, String target) {
        provision(id, object().put("target", target));
    }

    /** {@code cdrom}, {@code pxe}, {@code disk}; synchronous. */
    void bootDevice(String id, String device, boolean persistent) {
        expect(204, "PUT", "/v1/nodes/" + id + "/management/boot_device",
                object().put("boot_device", device).put("persistent", persistent));
    }

    JsonNode bootDevice(String id) {
        return expect(200, "GET", "/v1/nodes/" + id + "/management/boot_device", null).json;
    }

    /** {@code uefi} or {@code bios}; asynchronous (API 1.76). */
    void bootMode(String id, String mode) {
        expect(202, "PUT", "/v1/nodes/" + id + "/states/boot_mode", object().put("target", mode));
    }

    /** {@code true} or {@code false}; asynchronous (API 1.76). */
    void secureBoot(String id, boolean enabled) {
        expect(202, "PUT", "/v1/nodes/" + id + "/states/secure_boot", object().put("target", enabled));
    }

    /** The BIOS settings Ironic cached for the node ({@code baremetal node bios setting list}). */
    JsonNode biosSettings(String id) {
        return expect(200, "GET", "/v1/nodes/" + id + "/bios", null).json;
    }

    /** Polls the node until {@code done} holds and the conductor holds no lock on it (bounded). */
    JsonNode await(String id, Duration timeout, String what, Predicate<JsonNode> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode node = null;
        while (System.nanoTime() < deadline) {
            node = node(id);
            if (done.test(node) && node.path("reservation").isNull()) {
                return node;
            }
            sleep(POLL);
        }
        throw new AssertionError("Ironic node " + id + " did not reach " + what + " within " + timeout.toSeconds()
                + " s: " + summary(node));
    }

    /** Waits for a power request to end: no target power state and no conductor lock. */
    JsonNode awaitPower(String id) {
        return await(id, Duration.ofSeconds(60), "the end of its power request",
                n -> n.path("target_power_state").isNull());
    }

    /** Waits for the provision state; a failed state ends the wait at once. */
    JsonNode awaitProvision(String id, String state, Duration timeout) {
        JsonNode node = await(id, timeout, "provision state '" + state + "'", n -> {
            String current = n.path("provision_state").asText();
            if (FAILED.contains(current) && !current.equals(state)) {
                throw new AssertionError("Ironic node " + id + " reached '" + current + "' instead of '" + state
                        + "': " + summary(n));
            }
            // a wait or failed state keeps its target (e.g. clean failed -> manageable)
            return current.equals(state) && (n.path("target_provision_state").isNull()
                    || state.endsWith(" wait") || FAILED.contains(state));
        });
        return node;
    }

    static String summary(JsonNode node) {
        if (node == null) {
            return "no answer";
        }
        return "provision_state=" + node.path("provision_state").asText() + " target_provision_state="
                + node.path("target_provision_state").asText() + " power_state=" + node.path("power_state").asText()
                + " target_power_state=" + node.path("target_power_state").asText() + " maintenance="
                + node.path("maintenance").asText() + " last_error=" + node.path("last_error").asText();
    }

    record Reply(int status, String text, JsonNode json) {
    }

    Reply send(String method, String path, JsonNode body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api + path)).timeout(Duration.ofSeconds(60))
                .header("X-OpenStack-Ironic-API-Version", API_VERSION)
                .header("Accept", "application/json");
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body.toString()));
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = r.body().isEmpty() ? null : RedfishHttp.JSON.readTree(r.body());
            return new Reply(r.statusCode(), r.body(), json);
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * python-ironicclient 5.0 retries every 409 and 503 (ironicclient/common/http.py, with_retries); here only a
     * locked node and 503 are retried, so that any other conflict shows.
     */
    private Reply expect(int status, String method, String path, JsonNode body) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Reply r = send(method, path, body);
        while ((r.status == 409 && r.text.contains("locked") || r.status == 503) && System.nanoTime() < deadline) {
            sleep(POLL);
            r = send(method, path, body);
        }
        if (r.status != status) {
            throw new AssertionError(method + " " + path + " " + (body == null ? "" : body + " ") + "-> "
                    + r.status + " " + r.text);
        }
        return r;
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
