package org.kubevirtredfish.kubevirt.fabric8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The simulated controllers' and virt-api's access to the mock API server's store: straight into the CRUD
 * dispatcher, in-process and synchronous (watches are notified as for any request), so that they neither block the
 * server's event loop nor show up in the request count and log that tests read.
 */
final class MockStore {

    private final io.fabric8.mockwebserver.http.Dispatcher crud;

    MockStore(io.fabric8.mockwebserver.http.Dispatcher crud) {
        this.crud = crud;
    }

    static String path(ResourceDefinitionContext type, String ns, String name) {
        String base = "/apis/" + type.getGroup() + "/" + type.getVersion() + "/namespaces/" + ns + "/" + type.getPlural();
        return name == null ? base : base + "/" + name;
    }

    /** The object, or null when it does not exist. */
    ObjectNode get(ResourceDefinitionContext type, String ns, String name) {
        MockResponse r = send(HttpMethod.GET, path(type, ns, name), null, null);
        return r.code() == 200 ? (ObjectNode) parse(r) : null;
    }

    /** A cluster-scoped object, or null when it does not exist. */
    ObjectNode getClusterScoped(ResourceDefinitionContext type, String name) {
        MockResponse r = send(HttpMethod.GET, "/apis/" + type.getGroup() + "/" + type.getVersion() + "/"
                + type.getPlural() + "/" + name, null, null);
        return r.code() == 200 ? (ObjectNode) parse(r) : null;
    }

    /** Every object of this type in every namespace. */
    List<ObjectNode> list(ResourceDefinitionContext type) {
        MockResponse r = send(HttpMethod.GET, "/apis/" + type.getGroup() + "/" + type.getVersion() + "/" + type.getPlural(),
                null, null);
        List<ObjectNode> out = new ArrayList<>();
        if (r.code() == 200) {
            parse(r).path("items").forEach(i -> out.add((ObjectNode) i));
        }
        return out;
    }

    void create(ResourceDefinitionContext type, String ns, JsonNode object) {
        check(send(HttpMethod.POST, path(type, ns, null), "application/json", object.toString()));
    }

    /** A JSON patch (RFC 6902); false when it did not apply (e.g. the object is gone). */
    boolean jsonPatch(ResourceDefinitionContext type, String ns, String name, ArrayNode ops) {
        return send(HttpMethod.PATCH, path(type, ns, name), "application/json-patch+json", ops.toString()).code() < 300;
    }

    /** A JSON merge patch (objects only: the mock server appends to arrays instead of replacing them). */
    boolean mergePatch(ResourceDefinitionContext type, String ns, String name, JsonNode patch) {
        return send(HttpMethod.PATCH, path(type, ns, name), "application/merge-patch+json", patch.toString()).code() < 300;
    }

    void delete(ResourceDefinitionContext type, String ns, String name) {
        send(HttpMethod.DELETE, path(type, ns, name), null, null);
    }

    private MockResponse send(HttpMethod method, String path, String contentType, String body) {
        Headers.Builder headers = Headers.builder();
        if (contentType != null) {
            headers.add("Content-Type", contentType);
        }
        Buffer buffer = new Buffer(body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
        try {
            return crud.dispatch(new RecordedRequest("HTTP/1.1", method, path, headers.build(), buffer));
        } catch (RuntimeException e) {
            return new MockResponse().setResponseCode(422).setBody(String.valueOf(e.getMessage()));
        }
    }

    private static JsonNode parse(MockResponse r) {
        try {
            return KubeVirtResources.MAPPER.readTree(new String(r.getBody().getBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void check(MockResponse r) {
        if (r.code() >= 300) {
            throw new IllegalStateException("mock store refused: " + r.code());
        }
    }
}
