package org.kubevirtredfish.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A modelled cluster of its own ({@code MockClusterMain}: the fabric8 mock API server with simulated virt-controller
 * and CDI, seeded with the VMs of namespace {@code cluster}) as a child process of the test, for tests that need an
 * API server nobody else uses: its request log then counts only their servers' requests. The pom's mock cluster
 * (it.mock.dir) serves the kubernetesServer and can be used instead through {@link #existing}.
 */
final class MockClusterProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final Path dir;
    private final Process process;

    private MockClusterProcess(Path dir, Process process) {
        this.dir = dir;
        this.process = process;
    }

    /**
     * Starts one whose API server enforces the ClusterRole and Roles of {@code rbacYaml} for the service's
     * ServiceAccount (the kubeconfig it writes authenticates as that account), and waits for its kubeconfig.
     */
    static MockClusterProcess start(Path dir, Path rbacYaml) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Files.deleteIfExists(dir.resolve("kubeconfig"));
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(Arrays.asList(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-cp", classpath, "org.kubevirtredfish.kubevirt.fabric8.MockClusterMain",
                dir.toString(), rbacYaml.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("mock-cluster.log").toFile()).start();
        MockClusterProcess cluster = new MockClusterProcess(dir, p);
        // a JVM start on a busy CI machine took over a minute
        long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
        while (!Files.exists(dir.resolve("kubeconfig"))) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                cluster.close();
                throw new IllegalStateException("mock cluster did not start; see " + dir.resolve("mock-cluster.log"));
            }
            Thread.sleep(100);
        }
        return cluster;
    }

    /** The pom's mock cluster (not stopped by {@link #close}). */
    static MockClusterProcess existing() {
        return new MockClusterProcess(Path.of(System.getProperty("it.mock.dir")), null);
    }

    Path kubeconfig() {
        return dir.resolve("kubeconfig");
    }

    /** {@code METHOD path?query} of every request the API server received, in order. */
    List<String> apiLog() throws IOException, InterruptedException {
        String body = get("api-log-url");
        return body.isEmpty() ? List.of() : List.of(body.split("\n"));
    }

    /** The same from index {@code from} on. */
    List<String> apiLogFrom(int from) throws IOException, InterruptedException {
        String body = get("api-log-url", "?from=" + from);
        return body.isEmpty() ? List.of() : List.of(body.split("\n"));
    }

    /** The installation image the cluster's web server serves, under {@code path} (e.g. {@code /held/a.iso}). */
    URI image(String path) throws IOException {
        return URI.create(Files.readString(dir.resolve("image-url")).trim()).resolve(path);
    }

    /** Lets the imports of images under {@code /held/} end; returns how many there were. */
    int releaseHeldImports() throws IOException, InterruptedException {
        return Integer.parseInt(get("release-held-imports-url").trim());
    }

    int apiRequests() throws IOException, InterruptedException {
        return Integer.parseInt(get("api-requests-url").trim());
    }

    private String get(String urlFile) throws IOException, InterruptedException {
        return get(urlFile, "");
    }

    private String get(String urlFile, String query) throws IOException, InterruptedException {
        URI uri = URI.create(Files.readString(dir.resolve(urlFile)).trim() + query);
        return HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroy();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
