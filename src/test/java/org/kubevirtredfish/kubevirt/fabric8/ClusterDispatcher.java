package org.kubevirtredfish.kubevirt.fabric8;

import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The mock API server's dispatcher: counts requests, injects faults, lets handlers answer first (virt-api's
 * lifecycle subresources, the VM admission webhook), tells the controller simulators of DataVolume creations and of
 * every write, and lets the CRUD dispatcher do the rest. A failed JSON
 * patch {@code test} (an exception inside the CRUD dispatcher) is answered 422 as a real API server does.
 */
final class ClusterDispatcher extends Dispatcher {

    /** A canned answer for matching requests, {@code times} times (-1: always), optionally after a delay. */
    record Fault(Predicate<RecordedRequest> matches, AtomicInteger remaining, int code, long delayMillis) {
    }

    private final Map<ServerRequest, Queue<ServerResponse>> responses;
    private final io.fabric8.mockwebserver.internal.MockDispatcher expectations;
    private final WatchHistoryCrudDispatcher store;
    /** Expectations set on the mock server first (as fabric8's KubernetesMixedDispatcher does), else the store. */
    private final Dispatcher crud = new Dispatcher() {
        @Override
        public MockResponse dispatch(RecordedRequest request) {
            Queue<ServerResponse> queue = responses.get(new io.fabric8.mockwebserver.internal.SimpleRequest(
                    io.fabric8.mockwebserver.dsl.HttpMethod.valueOf(request.getMethod()), request.getPath()));
            return queue != null && !queue.isEmpty() ? expectations.dispatch(request) : store.dispatch(request);
        }
    };
    /** Open watches (their sockets), for tests that end them from the server's side. */
    private final Map<io.fabric8.mockwebserver.http.WebSocket, String> sockets = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger leaseRequests = new AtomicInteger();
    /** {@code METHOD path} of every request, in arrival order. */
    final List<String> log = new CopyOnWriteArrayList<>();
    /**
     * The path of every watch once it is open, in order. The mock server does not replay what happened between a
     * list and the watch that follows it (a real API server does, from the list's resourceVersion); it sends what
     * exists as ADDED, and a watch that may have missed a deletion gets 410 ({@link WatchHistoryCrudDispatcher}). A
     * change that must be seen through a fresh informer still waits for its watch to be open.
     */
    final List<String> openWatches = new CopyOnWriteArrayList<>();
    private final List<Fault> faults = new CopyOnWriteArrayList<>();
    private final List<Function<RecordedRequest, MockResponse>> handlers = new CopyOnWriteArrayList<>();
    private final List<java.util.function.BiConsumer<String, String>> afterCreate = new CopyOnWriteArrayList<>();
    private final List<java.util.function.Consumer<String>> afterWrite = new CopyOnWriteArrayList<>();

    ClusterDispatcher(Map<ServerRequest, Queue<ServerResponse>> responses) {
        this.responses = responses;
        this.expectations = new io.fabric8.mockwebserver.internal.MockDispatcher(responses);
        this.store = new WatchHistoryCrudDispatcher();
    }

    int requestCount() {
        return requests.get();
    }

    /** Requests other than those for coordination.k8s.io Leases (leader election renews in the background). */
    int requestCountBesidesLeases() {
        return requests.get() - leaseRequests.get();
    }

    /** The requests from index {@code from} on. */
    List<String> logSince(int from) {
        List<String> all = List.copyOf(log);
        return all.subList(Math.min(from, all.size()), all.size());
    }

    void fail(Predicate<RecordedRequest> matches, int code, int times) {
        faults.add(new Fault(matches, new AtomicInteger(times), code, 0));
    }

    void delay(Predicate<RecordedRequest> matches, long millis, int times) {
        faults.add(new Fault(matches, new AtomicInteger(times), 200, millis));
    }

    /**
     * Just before the next request that matches, someone else changes the object at {@code path} with a JSON merge
     * patch, directly in the store: the request then works on a stale resourceVersion.
     */
    void changeBefore(Predicate<RecordedRequest> matches, String path, String mergePatch) {
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        handlers.add(0, r -> {
            if (matches.test(r) && done.compareAndSet(false, true)) {
                crud.dispatch(new RecordedRequest("HTTP/1.1", io.fabric8.mockwebserver.dsl.HttpMethod.PATCH, path,
                        io.fabric8.mockwebserver.http.Headers.builder()
                                .add("Content-Type", "application/merge-patch+json").build(),
                        new io.fabric8.mockwebserver.http.Buffer(mergePatch.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
            }
            return null;
        });
    }

    /**
     * Just before the next request that matches is answered, something happens in the cluster (e.g. the guest powers
     * itself off): the request meets a cluster its sender has not seen yet.
     */
    void beforeNext(Predicate<RecordedRequest> matches, Runnable happening) {
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        handlers.add(0, r -> {
            if (matches.test(r) && done.compareAndSet(false, true)) {
                happening.run();
            }
            return null;
        });
    }

    /** A handler answers a request itself or returns null. */
    void handle(Function<RecordedRequest, MockResponse> handler) {
        handlers.add(handler);
    }

    /** A handler that answers before every other one (an authorizer): its answer or null. */
    void guard(Function<RecordedRequest, MockResponse> handler) {
        handlers.add(0, handler);
    }

    /** The CRUD dispatcher's own answer, for a handler that checks something first (under its own lock). */
    MockResponse crud(RecordedRequest request) {
        return crud.dispatch(request);
    }

    /**
     * Ends, from the server's side, every open watch whose path contains {@code pathPart}, as an API server does when
     * it restarts or times a watch out; the client resumes it from its last resourceVersion.
     */
    int endWatches(String pathPart) {
        int ended = 0;
        for (Map.Entry<io.fabric8.mockwebserver.http.WebSocket, String> e : sockets.entrySet()) {
            if (e.getValue().contains(pathPart)) {
                e.getKey().close(1000, "watch ended by the server");
                sockets.remove(e.getKey());
                ended++;
            }
        }
        return ended;
    }

    /** The CRUD store behind this dispatcher, for the simulated controllers. */
    MockStore store() {
        return new MockStore(crud);
    }

    /** Called with the path of every write request (anything but GET) once answered, successfully or not. */
    void onWrite(java.util.function.Consumer<String> listener) {
        afterWrite.add(listener);
    }

    /** Called with path and body after the CRUD dispatcher created something (POST answered 2xx). */
    void onCreated(java.util.function.BiConsumer<String, String> listener) {
        afterCreate.add(listener);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        requests.incrementAndGet();
        if (request.getPath().startsWith("/apis/coordination.k8s.io/")) {
            leaseRequests.incrementAndGet();
        }
        log.add(request.getMethod() + " " + request.getPath());
        for (Fault f : faults) {
            if (f.matches().test(request) && (f.remaining().get() < 0 || f.remaining().getAndDecrement() > 0)) {
                if (f.delayMillis() > 0) {
                    sleep(f.delayMillis());
                }
                if (f.code() != 200) {
                    return status(f.code(), "injected fault");
                }
            }
        }
        for (Function<RecordedRequest, MockResponse> h : handlers) {
            MockResponse r = h.apply(request);
            if (r != null) {
                log.add("  -> " + r.code());
                if (!"GET".equals(request.getMethod())) {
                    afterWrite.forEach(l -> l.accept(request.getPath().split("\\?")[0]));
                }
                return r;
            }
        }
        String body = "POST".equals(request.getMethod())
                ? new String(request.getBody().getBytes(), java.nio.charset.StandardCharsets.UTF_8) : null; // not consumed
        MockResponse response;
        try {
            response = crud.dispatch(request);
        } catch (RuntimeException e) {
            response = status(422, "the server rejected our request due to an error in our request: " + e.getMessage());
        }
        log.add("  -> " + response.code());
        if (response.getWebSocketListener() != null) {
            response.withWebSocketUpgrade(new OpenRecorder(response.getWebSocketListener(), request.getPath()));
        }
        if ("POST".equals(request.getMethod()) && response.code() < 300) {
            afterCreate.forEach(l -> l.accept(request.getPath(), body));
        }
        if (!"GET".equals(request.getMethod())) {
            afterWrite.forEach(l -> l.accept(request.getPath().split("\\?")[0]));
        }
        return response;
    }

    /** A real API server's answer to a watch its history cannot serve (k8s.io/apimachinery errors.NewResourceExpired). */
    private static final String TOO_OLD = "{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"apiVersion\":\"v1\","
            + "\"metadata\":{},\"status\":\"Failure\",\"message\":\"too old resource version: %d\","
            + "\"reason\":\"Expired\",\"code\":410}}";

    /** The resourceVersion a watch resumes from, or 0 when it gives none. */
    static long resumedFrom(String path) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("[?&]resourceVersion=(\\d+)").matcher(path);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    /**
     * Passes everything to the mock's watch listener and records the watch's path once it is open. A watch that
     * resumes from before a deletion it may have missed gets 410 Gone instead ({@link WatchHistoryCrudDispatcher}).
     */
    private final class OpenRecorder extends io.fabric8.mockwebserver.http.WebSocketListener {
        private final io.fabric8.mockwebserver.http.WebSocketListener delegate;
        private final String path;

        OpenRecorder(io.fabric8.mockwebserver.http.WebSocketListener delegate, String path) {
            this.delegate = delegate;
            this.path = path;
        }

        @Override
        public void onBeforeAccept(io.fabric8.mockwebserver.http.WebSocket ws, io.fabric8.mockwebserver.http.Response r) {
            delegate.onBeforeAccept(ws, r);
        }

        @Override
        public void onOpen(io.fabric8.mockwebserver.http.WebSocket ws, io.fabric8.mockwebserver.http.Response r) {
            delegate.onOpen(ws, r);
            long from = resumedFrom(path);
            if (from > 0 && store.deletedSince(path, from)) {
                java.util.logging.Logger.getLogger(ClusterDispatcher.class.getName()).info(() -> "watch " + path
                        + " resumes from before a deletion it may have missed: 410 Gone, the client lists again");
                ws.send(TOO_OLD.formatted(from));
                ws.close(1000, "too old resource version");
                return;
            }
            sockets.put(ws, path);
            openWatches.add(path);
        }

        @Override
        public void onMessage(io.fabric8.mockwebserver.http.WebSocket ws, String text) {
            delegate.onMessage(ws, text);
        }

        @Override
        public void onMessage(io.fabric8.mockwebserver.http.WebSocket ws, io.fabric8.mockwebserver.http.ByteString bytes) {
            delegate.onMessage(ws, bytes);
        }

        @Override
        public void onMessage(io.fabric8.mockwebserver.http.WebSocket ws, byte[] bytes) {
            delegate.onMessage(ws, bytes);
        }

        @Override
        public void onClosing(io.fabric8.mockwebserver.http.WebSocket ws, int code, String reason) {
            delegate.onClosing(ws, code, reason);
        }

        @Override
        public void onClosed(io.fabric8.mockwebserver.http.WebSocket ws, int code, String reason) {
            sockets.remove(ws);
            delegate.onClosed(ws, code, reason);
        }

        @Override
        public void onFailure(io.fabric8.mockwebserver.http.WebSocket ws, Throwable t, io.fabric8.mockwebserver.http.Response r) {
            delegate.onFailure(ws, t, r);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis); // simulates a hanging API server for the timeout test only
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static MockResponse status(int code, String message) {
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
                .setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":" + code
                        + ",\"message\":\"" + message.replace("\"", "'") + "\"}");
    }
}
