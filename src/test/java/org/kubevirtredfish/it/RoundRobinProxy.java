package org.kubevirtredfish.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A round-robin HTTP proxy on 127.0.0.1 in front of the replicas, as a Route in front of a Service: it sends each
 * request to the next replica whose readiness (GET /health/ready, polled every {@link #PROBE_PERIOD}) is true, as
 * the endpoints controller keeps only ready pods behind a Service (one probe per replica at a time, each waiting
 * at most 5 s for its answer). With no ready replica it answers 503. A request
 * that fails between proxy and replica is answered 502 and counted in {@link #failures}: the proxy does not retry,
 * so a replica that drops requests shows.
 */
final class RoundRobinProxy implements AutoCloseable {

    static final Duration PROBE_PERIOD = Duration.ofMillis(100);
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host", "content-length",
            "expect");

    private final List<ReplicaServers.Replica> replicas;
    private final Map<ReplicaServers.Replica, Boolean> ready = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> served = new ConcurrentHashMap<>();
    private final AtomicInteger next = new AtomicInteger();
    final AtomicInteger failures = new AtomicInteger();
    private final HttpServer server;
    private final ScheduledExecutorService prober = Executors.newScheduledThreadPool(3);
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).followRedirects(HttpClient.Redirect.NEVER).build();

    RoundRobinProxy(List<ReplicaServers.Replica> replicas) throws IOException {
        this.replicas = List.copyOf(replicas);
        replicas.forEach(r -> ready.put(r, false));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::forward);
        server.setExecutor(Executors.newFixedThreadPool(8));
        for (ReplicaServers.Replica r : replicas) {
            prober.scheduleWithFixedDelay(() -> ready.put(r, r.ready()), 0, PROBE_PERIOD.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        server.start();
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** How many requests each replica (by name) answered through the proxy. */
    Map<String, Integer> served() {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        served.forEach((k, v) -> counts.put(k, v.get()));
        return counts;
    }

    private ReplicaServers.Replica pick() {
        for (int i = 0; i < replicas.size(); i++) {
            ReplicaServers.Replica r = replicas.get(Math.floorMod(next.getAndIncrement(), replicas.size()));
            if (ready.get(r)) {
                return r;
            }
        }
        return null;
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            ReplicaServers.Replica target = pick();
            if (target == null) {
                failures.incrementAndGet();
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(target.base().resolve(exchange.getRequestURI()))
                    .timeout(Duration.ofSeconds(30))
                    .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase())) {
                    values.forEach(v -> request.header(name, v));
                }
            });
            HttpResponse<byte[]> response;
            try {
                response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                failures.incrementAndGet();
                exchange.sendResponseHeaders(502, -1);
                return;
            }
            served.computeIfAbsent(target.name, n -> new AtomicInteger()).incrementAndGet();
            response.headers().map().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase()) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            if (exchange.getRequestHeaders().getOrDefault("Connection", List.of()).stream()
                    .anyMatch(v -> v.toLowerCase().contains("close"))) {
                // A server answers a "close" with "close" (RFC 9112 section 9.6). Without it the JDK 17 server reset
                // about one in four such connections before the client had read the answer (sushy sends
                // "Connection: close" on every request: Ironic saw RemoteDisconnected).
                exchange.getResponseHeaders().set("Connection", "close");
            }
            byte[] out = response.body();
            exchange.sendResponseHeaders(response.statusCode(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                exchange.getResponseBody().write(out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        prober.shutdownNow();
        server.stop(0);
    }
}
