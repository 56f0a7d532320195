package org.kubevirtredfish.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Reads VirtualMachines (and the reconciler's Lease) from the mock cluster of the backend=kubernetes server
 * (MockClusterMain) as the service's ServiceAccount, with the kubeconfig MockClusterMain writes into
 * {@code it.mock.dir} (or another mock cluster's): what a write through Redfish did to the VM spec.
 */
final class MockClusterVms {

    private final String server;
    private final String token;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private MockClusterVms(String server, String token) {
        this.server = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
        this.token = token;
    }

    static MockClusterVms fromKubeconfig() {
        return fromKubeconfig(Path.of(System.getProperty("it.mock.dir"), "kubeconfig"));
    }

    /** The cluster of another kubeconfig, e.g. a {@link MockClusterProcess} of a test's own. */
    static MockClusterVms fromKubeconfig(Path kubeconfig) {
        try {
            List<String> lines = Files.readAllLines(kubeconfig);
            return new MockClusterVms(value(lines, "server:"), value(lines, "token:"));
        } catch (IOException e) {
            throw new IllegalStateException("no kubeconfig of the mock cluster: " + e, e);
        }
    }

    private static String value(List<String> lines, String key) {
        return lines.stream().map(String::trim).filter(l -> l.startsWith(key))
                .map(l -> l.substring(key.length()).trim()).findFirst()
                .orElseThrow(() -> new IllegalStateException("kubeconfig without " + key));
    }

    /** The VirtualMachine as the API server has it. */
    JsonNode vm(String namespace, String name) {
        return get("/apis/kubevirt.io/v1/namespaces/" + namespace + "/virtualmachines/" + name);
    }

    /** A coordination.k8s.io Lease (the service account may read the reconciler's). */
    JsonNode lease(String namespace, String name) {
        return get("/apis/coordination.k8s.io/v1/namespaces/" + namespace + "/leases/" + name);
    }

    private JsonNode get(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server + path))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).GET().build();
        try {
            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new AssertionError("GET " + path + ": " + r.statusCode());
            }
            return RedfishHttp.JSON.readTree(r.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
