package org.kubevirtredfish.kubevirt.fabric8;

import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.kubevirtredfish.kubevirt.KubernetesApiCall;

/**
 * Measures every request of the fabric8 client (reads, writes, the informers' lists and watches) as a
 * {@link KubernetesApiCall}: an HTTP interceptor of the client, so no call site can be missed. The start time
 * travels in a request header: fabric8 builds a new request (with a new id) after the interceptors' {@code before},
 * so nothing else links {@code before} to {@code after}; the API server ignores the header.
 */
public final class ApiCallMeter implements Interceptor {

    public static final String NAME = "kubevirt-redfish-metrics";
    static final String STARTED = "X-Kubevirt-Redfish-Started";
    /** Calls made before anyone listens (the informers' first lists start with the gateway), replayed once. */
    static final int EARLY_CALLS = 1000;
    private final List<KubernetesApiCall.Listener> listeners = new CopyOnWriteArrayList<>();
    private final List<KubernetesApiCall> early = new ArrayList<>();

    public void listen(KubernetesApiCall.Listener listener) {
        List<KubernetesApiCall> replay;
        synchronized (early) {
            listeners.add(listener);
            replay = List.copyOf(early);
            early.clear();
        }
        replay.forEach(call -> tell(listener, call));
    }

    @Override
    public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
        builder.setHeader(STARTED, Long.toString(System.nanoTime()));
    }

    @Override
    public void after(HttpRequest request, HttpResponse<?> response, AsyncBody.Consumer<List<ByteBuffer>> consumer) {
        report(request, outcome(response.code()));
    }

    @Override
    public void afterConnectionFailure(HttpRequest request, Throwable failure) {
        report(request, "unreachable");
    }

    private void report(HttpRequest request, String outcome) {
        Duration took = Duration.ZERO;
        List<String> started = request.headers(STARTED);
        if (started != null && !started.isEmpty()) {
            try {
                took = Duration.ofNanos(Math.max(0, System.nanoTime() - Long.parseLong(started.get(0))));
            } catch (NumberFormatException ignored) {
                // not ours
            }
        }
        ApiPath path = ApiPath.of(request.method(), request.uri());
        KubernetesApiCall call = new KubernetesApiCall(path.verb(), path.resource(), outcome, took);
        if (listeners.isEmpty()) {
            synchronized (early) {
                if (listeners.isEmpty()) {
                    if (early.size() < EARLY_CALLS) {
                        early.add(call);
                    }
                    return;
                }
            }
        }
        listeners.forEach(listener -> tell(listener, call));
    }

    private static void tell(KubernetesApiCall.Listener listener, KubernetesApiCall call) {
        try {
            listener.called(call);
        } catch (RuntimeException ignored) {
            // a metric must never fail an API call
        }
    }

    /** 101: a watch over a WebSocket, switched protocols as asked. */
    static String outcome(int code) {
        if (code == 101 || code >= 200 && code < 300) {
            return "success";
        }
        return switch (code) {
            case 401, 403 -> "denied";
            case 404 -> "not_found";
            case 409 -> "conflict";
            case 422 -> "invalid";
            default -> code >= 500 ? "server_error" : "client_error";
        };
    }
}
