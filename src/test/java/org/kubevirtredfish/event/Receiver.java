package org.kubevirtredfish.event;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An event receiver on 127.0.0.1: answers 503 to the first {@code failures} POSTs, 204 after; optionally holds every
 * request until {@link #release()}. Records each body and its headers.
 */
final class Receiver implements AutoCloseable {

    record Received(String body, Map<String, List<String>> headers) {
    }

    final List<Received> received = new CopyOnWriteArrayList<>();
    final AtomicInteger requests = new AtomicInteger();
    /** Requests that have arrived and are held. */
    final AtomicInteger holding = new AtomicInteger();
    private final HttpServer server;
    private final CountDownLatch released;

    Receiver(int failures, boolean hold) throws IOException {
        released = new CountDownLatch(hold ? 1 : 0);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/events", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int n = requests.incrementAndGet();
            holding.incrementAndGet();
            try {
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            holding.decrementAndGet();
            if (n <= failures) {
                exchange.sendResponseHeaders(503, -1);
            } else {
                received.add(new Received(body, Map.copyOf(exchange.getRequestHeaders())));
                exchange.sendResponseHeaders(204, -1);
            }
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/events";
    }

    void release() {
        released.countDown();
    }

    @Override
    public void close() {
        release();
        server.stop(0);
    }
}
