package org.kubevirtredfish.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Two or three Liberty servers on backend=kubernetes against one modelled cluster, each its own process: the
 * replicas of a Deployment. Each is a copy of the kubernetesServer the pom created (server.xml, the loose
 * application, configDropins) under target/liberty/wlp/usr/servers/{name}, with its own free port on 127.0.0.1,
 * run with {@code server run} (which execs java, so the child process is the server's JVM).
 *
 * <p>Per replica: {@link Replica#start} (returns at once), {@link Replica#awaitReady} (its /health/ready answers
 * 200, the readiness probe), {@link Replica#stopGracefully} (what the kubelet does to a pod being deleted: the
 * Deployment's preStop hook creates the drain file, readiness turns false, a grace period, then SIGTERM, which
 * Liberty answers with its quiesce: listeners stop, requests in flight finish) and {@link Replica#kill} (SIGKILL to
 * the JVM and its descendants: a node lost, no shutdown hook runs). {@link #close} kills what still runs.
 *
 * <p>Usage: {@code try (var cluster = MockClusterProcess.start(dir, rbac); var servers = ReplicaServers.create(
 * cluster.kubeconfig(), 2, Map.of("session.timeout", "30"))) { servers.startAll(); servers.awaitAllReady(); ... }}.
 * Extra settings become {@code -Dkey=value} of every replica (MicroProfile Config reads them). {@link OwnCluster}
 * does this for a test class.
 */
final class ReplicaServers implements AutoCloseable {

    /** Generous: a start took over 5 minutes on a CI machine with a load average of 50 on 2 cores. */
    static final Duration START_TIMEOUT = Duration.ofSeconds(900);

    private final List<Replica> replicas = new ArrayList<>();

    private ReplicaServers() {
    }

    /** target/ of the build (the pom's mock cluster lives in target/mock-cluster). */
    static Path targetDir() {
        return Path.of(System.getProperty("it.mock.dir", "target/mock-cluster")).toAbsolutePath().getParent();
    }

    static Path projectDir() {
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
    }

    /**
     * Creates (does not start) {@code count} replicas named replica-a, replica-b, ... over the cluster of
     * {@code kubeconfig}, with the kubernetesServer's config.yaml (src/test/resources/k8s-it) and {@code settings}.
     */
    static ReplicaServers create(Path kubeconfig, int count, Map<String, String> settings) throws IOException {
        ReplicaServers servers = new ReplicaServers();
        Path wlp = targetDir().resolve("liberty/wlp");
        Path template = wlp.resolve("usr/servers/kubernetesServer");
        if (!Files.isRegularFile(template.resolve("server.xml"))) {
            throw new IllegalStateException("no kubernetesServer to copy at " + template + " (run under failsafe)");
        }
        for (int i = 0; i < count; i++) {
            String name = "replica-" + (char) ('a' + i);
            Path dir = wlp.resolve("usr/servers").resolve(name);
            copyServer(template, dir);
            int port = freePort();
            Files.writeString(dir.resolve("bootstrap.properties"), """
                    http.port=%d
                    # no HTTPS and no /metrics port: the include below does not exist
                    tls.include=%s
                    """.formatted(port, dir.resolve("no-tls.xml")));
            List<String> jvm = new ArrayList<>(List.of("-Xmx384m",
                    "-Dbackend=kubernetes",
                    "-Dconfig.path=" + projectDir().resolve("src/test/resources/k8s-it/config.yaml"),
                    "-Dkubeconfig=" + kubeconfig,
                    "-Djdk.httpclient.allowRestrictedHeaders=host",
                    // the drain file of the preStop hook (deploy/base/deployment.yaml)
                    "-Dshutdown.drain_file=" + dir.resolve("draining"),
                    // the identity in the reconciler's Lease, POD_NAME of the Deployment's downward API
                    "-Dpod.name=" + name));
            settings.forEach((k, v) -> jvm.add("-D" + k + "=" + v));
            Files.write(dir.resolve("jvm.options"), jvm);
            servers.replicas.add(new Replica(name, port, wlp, dir));
        }
        return servers;
    }

    List<Replica> replicas() {
        return List.copyOf(replicas);
    }

    Replica replica(int index) {
        return replicas.get(index);
    }

    void startAll() throws IOException {
        for (Replica r : replicas) {
            r.start();
        }
    }

    void awaitAllReady() throws InterruptedException {
        for (Replica r : replicas) {
            r.awaitReady(START_TIMEOUT);
        }
    }

    @Override
    public void close() {
        replicas.forEach(Replica::kill);
    }

    /**
     * The last lines of each replica's messages.log, on standard output: a failure on a CI machine whose work tree is
     * gone afterwards can still be read from the build's output.
     */
    void printLogTails(int lines) {
        for (Replica r : replicas) {
            Path log = r.dir.resolve("logs/messages.log");
            try {
                java.util.List<String> all = java.nio.file.Files.readAllLines(log,
                        java.nio.charset.StandardCharsets.ISO_8859_1);
                System.out.println("---- last " + lines + " lines of " + log);
                all.subList(Math.max(0, all.size() - lines), all.size()).forEach(System.out::println);
            } catch (IOException e) {
                System.out.println("---- " + log + ": " + e);
            }
        }
    }

    /** Registered with {@code @RegisterExtension}: prints the replicas' log tails when a test fails. */
    static org.junit.jupiter.api.extension.TestWatcher logsOnFailure(java.util.function.Supplier<ReplicaServers> servers) {
        return new org.junit.jupiter.api.extension.TestWatcher() {
            @Override
            public void testFailed(org.junit.jupiter.api.extension.ExtensionContext context, Throwable cause) {
                ReplicaServers s = servers.get();
                if (s != null) {
                    System.out.println("---- " + context.getDisplayName() + " failed: " + cause);
                    s.printLogTails(150);
                }
            }
        };
    }

    /**
     * What ReplicasIT and ReplicaFailoverIT share: a mock cluster process of their own (in {@code target/<dir>/
     * mock-cluster}, enforcing deploy/base/rbac.yaml) and {@code count} replicas over it with {@code settings}.
     * {@link #start} starts the replicas and waits until all are ready; {@link #close} kills them, then ends the
     * cluster.
     */
    static final class OwnCluster implements AutoCloseable {
        final MockClusterProcess cluster;
        final ReplicaServers servers;

        private OwnCluster(MockClusterProcess cluster, ReplicaServers servers) {
            this.cluster = cluster;
            this.servers = servers;
        }

        /** The cluster runs on return; the replicas are created, not started. */
        static OwnCluster create(String dir, int count, Map<String, String> settings)
                throws IOException, InterruptedException {
            MockClusterProcess cluster = MockClusterProcess.start(targetDir().resolve(dir).resolve("mock-cluster"),
                    projectDir().resolve("deploy/base/rbac.yaml"));
            try {
                return new OwnCluster(cluster, ReplicaServers.create(cluster.kubeconfig(), count, settings));
            } catch (IOException | RuntimeException e) {
                cluster.close();
                throw e;
            }
        }

        void start() throws IOException, InterruptedException {
            servers.startAll();
            servers.awaitAllReady();
        }

        @Override
        public void close() {
            servers.close();
            cluster.close();
        }
    }

    /** One server process. */
    static final class Replica {

        private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();

        final String name;
        final int port;
        final Path dir;
        private final Path wlp;
        private volatile Process process;

        Replica(String name, int port, Path wlp, Path dir) {
            this.name = name;
            this.port = port;
            this.wlp = wlp;
            this.dir = dir;
        }

        URI base() {
            return URI.create("http://127.0.0.1:" + port);
        }

        /** Starts the server (not waiting for it); its console goes to {@code console.log} in its directory. */
        synchronized void start() throws IOException {
            if (process != null && process.isAlive()) {
                throw new IllegalStateException(name + " runs already");
            }
            Files.deleteIfExists(dir.resolve("draining"));
            ProcessBuilder pb = new ProcessBuilder(wlp.resolve("bin/server").toString(), "run", name)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("console.log").toFile()));
            pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
            process = pb.start();
        }

        boolean alive() {
            Process p = process;
            return p != null && p.isAlive();
        }

        /** Whether /health/ready answers 200 now. */
        boolean ready() {
            try {
                return HTTP.send(HttpRequest.newBuilder(base().resolve("/health/ready"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        void awaitReady(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!ready()) {
                if (!alive()) {
                    throw new IllegalStateException(name + " ended before it was ready; see " + dir.resolve("logs"));
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(name + " not ready within " + timeout);
                }
                Thread.sleep(200);
            }
        }

        /**
         * A pod's deletion: the preStop hook's drain file, then (readiness having turned false) {@code grace} for the
         * routers to stop sending requests, then SIGTERM; returns when the JVM has ended.
         */
        void stopGracefully(Duration grace) throws IOException, InterruptedException {
            Files.writeString(dir.resolve("draining"), "");
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (ready() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            Thread.sleep(grace.toMillis());
            Process p = process;
            if (p == null) {
                return;
            }
            p.destroy(); // SIGTERM to the JVM (server run execs java)
            if (!p.waitFor(90, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " did not end within 90 s of SIGTERM");
            }
        }

        /** SIGKILL to the server's JVM and every process it started: no shutdown hook, no quiesce. */
        void kill() {
            Process p = process;
            if (p == null) {
                return;
            }
            p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            try {
                p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public String toString() {
            return name + "@" + port;
        }
    }

    private static void copyServer(Path template, Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> old = Files.walk(dir)) {
                old.sorted(Comparator.reverseOrder()).forEach(p -> {
                    try {
                        Files.delete(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
        try (Stream<Path> files = Files.walk(template)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path relative = template.relativize(source);
                String top = relative.getNameCount() == 0 ? "" : relative.getName(0).toString();
                if (top.equals("logs") || top.equals("workarea")) {
                    continue;
                }
                Path target = dir.resolve(relative.toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
