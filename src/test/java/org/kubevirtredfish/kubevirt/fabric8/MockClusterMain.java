package org.kubevirtredfish.kubevirt.fabric8;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.time.Duration;
import org.kubevirtredfish.kubevirt.VmSeed;
import org.kubevirtredfish.kubevirt.model.KubeVirtTimings;

/**
 * A mock KubeVirt cluster as a process, for the integration tests of {@code backend=kubernetes}: the fabric8 mock
 * API server (CRUD, 127.0.0.1) with simulated virt-controller and CDI, seeded with the VMs of namespace
 * {@code cluster}, plus a local web server that serves the installation image and the API server's request count. Writes into the directory given
 * as argument: {@code kubeconfig} (for the Liberty server's KUBECONFIG) and {@code image-url}. Runs until killed.
 * A second argument names a YAML file with a ClusterRole: the kubeconfig then authenticates as the service's
 * ServiceAccount and the API server enforces that role for it ({@link ClusterRoleAuthorizer}); the pom passes the
 * ClusterRole of the OpenShift procedure, so the backend=kubernetes ITs (IronicIT among them) run under it.
 */
public final class MockClusterMain {

    private MockClusterMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        // as on a real cluster, a stop leaves a PoweringOff window: graceful 3 s (the guest takes 2 s), forced 1 s
        KubeVirtMockCluster cluster = new KubeVirtMockCluster(new KubeVirtTimings(Duration.ofSeconds(2),
                Duration.ofSeconds(1), Duration.ofMillis(150)), 150);
        Map<String, String> exposed = Map.of("redfish-enabled", "true");
        for (int i = 0; i < 3; i++) {
            cluster.seed(new VmSeed("cluster", "control-plane-" + i, exposed, 8, "16Gi",
                    java.util.List.of("52:54:00:00:01:0" + i), "Halted", null));
            // a 120 GiB root disk: Ironic's redfish inspection reads local_gb 119 from its Volume
            cluster.claim("cluster", "control-plane-" + i + "-rootdisk", "120Gi", true);
        }
        // the older spec.running style, and one VM that no selector picks
        cluster.seed(new VmSeed("cluster", "legacy-running", exposed, 2, "4Gi",
                java.util.List.of("52:54:00:00:01:10"), null, false));
        cluster.seed(new VmSeed("cluster", "not-exposed", Map.of(), 2, "4Gi",
                java.util.List.of("52:54:00:00:01:20"), "Halted", null));

        String token = "mock-token";
        if (args.length > 1) {
            ClusterRoleAuthorizer authorizer = ClusterRoleAuthorizer.fromYaml(Path.of(args[1]));
            if (args.length > 2) {
                // the Roles in the service's own namespace (reconciler Lease, installation ConfigMap)
                authorizer.withRolesFrom(Path.of(args[2]));
            }
            cluster.enforce(authorizer);
            token = ClusterRoleAuthorizer.TOKEN;
            System.out.println("mock cluster enforces the ClusterRole of " + args[1]);
        }

        HttpServer images = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        images.createContext("/", exchange -> {
            boolean found = exchange.getRequestURI().getPath().endsWith(".iso");
            exchange.getResponseHeaders().add("Content-Length", found ? Long.toString(1L << 30) : "0");
            exchange.sendResponseHeaders(found ? 200 : 404, -1);
            exchange.close();
        });
        // How many requests the API server has received: lets the ITs prove that Redfish reads make none.
        images.createContext("/api-requests", exchange -> {
            // without the reconciler's Lease renewals, which go on in the background every retry period
            byte[] count = Integer.toString(cluster.dispatcher.requestCountBesidesLeases())
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, count.length);
            exchange.getResponseBody().write(count);
            exchange.close();
        });
        // "METHOD path?query" of every request from the ?from=-th on (answers' codes left out): lets the ITs count
        // the requests of one kind, e.g. the session ConfigMaps' writes.
        images.createContext("/api-log", exchange -> {
            String query = exchange.getRequestURI().getQuery();
            int from = query != null && query.startsWith("from=") ? Integer.parseInt(query.substring(5)) : 0;
            java.util.List<String> requests = cluster.dispatcher.logSince(0).stream()
                    .filter(line -> !line.startsWith(" ")).toList();
            byte[] log = String.join("\n", requests.subList(Math.min(from, requests.size()), requests.size()))
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, log.length == 0 ? -1 : log.length);
            exchange.getResponseBody().write(log);
            exchange.close();
        });
        // Every VMI the simulated virt-controller created: with or without the media CD-ROM, and its import's phase.
        images.createContext("/boots", exchange -> {
            byte[] boots = KubeVirtResources.MAPPER.writeValueAsBytes(cluster.kubevirt.boots);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, boots.length);
            exchange.getResponseBody().write(boots);
            exchange.close();
        });
        // The imports of images under /held/ stay in progress until this is called (CdiControllerSimulator)
        images.createContext("/release-held-imports", exchange -> {
            byte[] count = Integer.toString(cluster.cdi.releaseHeld()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, count.length);
            exchange.getResponseBody().write(count);
            exchange.close();
        });
        images.start();

        String web = "http://127.0.0.1:" + images.getAddress().getPort();
        Files.writeString(dir.resolve("image-url"), web + "/agent.x86_64.iso");
        Files.writeString(dir.resolve("api-requests-url"), web + "/api-requests");
        Files.writeString(dir.resolve("boots-url"), web + "/boots");
        Files.writeString(dir.resolve("api-log-url"), web + "/api-log");
        Files.writeString(dir.resolve("release-held-imports-url"), web + "/release-held-imports");
        Files.writeString(dir.resolve("kubeconfig.tmp"), """
                apiVersion: v1
                kind: Config
                clusters:
                - name: mock
                  cluster:
                    server: %s
                contexts:
                - name: mock
                  context:
                    cluster: mock
                    user: mock
                    namespace: cluster
                current-context: mock
                users:
                - name: mock
                  user:
                    token: %s
                """.formatted(cluster.masterUrl(), token));
        Files.move(dir.resolve("kubeconfig.tmp"), dir.resolve("kubeconfig"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        System.out.println("mock cluster at " + cluster.masterUrl());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            images.stop(0);
            cluster.close();
        }));
        Thread.currentThread().join();
    }
}
