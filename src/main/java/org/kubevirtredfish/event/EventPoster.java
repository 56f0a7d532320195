package org.kubevirtredfish.event;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Logger;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.kubevirtredfish.kubevirt.fabric8.ImageAddressPolicy;

/**
 * One POST of an event to a subscription's destination, without blocking the caller: the destination's host is
 * checked by the image address rules ({@link ImageAddressPolicy}: deny CIDRs, allow-list) at every attempt and the
 * request goes to the address that was checked (the {@code Host} header and the TLS server name keep the host).
 * Redirects are not followed. Success is a 2xx answer within the timeout.
 */
final class EventPoster {

    private static final Logger LOG = Logger.getLogger(EventPoster.class.getName());

    private final ImageAddressPolicy addresses;
    private final Duration timeout;
    /** One client per destination host (subscriptions are few): its TLS server name is that host. */
    private final Map<String, HttpClient> clients = new java.util.concurrent.ConcurrentHashMap<>();

    EventPoster(ImageAddressPolicy addresses, Duration timeout) {
        this.addresses = addresses;
        this.timeout = timeout;
        // The JDK client refuses a Host header unless this names it; it is read when the client is first used.
        if (System.getProperty("jdk.httpclient.allowRestrictedHeaders") == null) {
            System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
        }
    }

    /** Whether the destination may be connected to now; the reason only goes to the log. */
    boolean admitted(URI destination) {
        try {
            addresses.pinned(destination);
            return true;
        } catch (ImageAddressPolicy.Refused e) {
            LOG.info(() -> "event destination " + origin(destination) + " refused: " + e.getMessage());
            return false;
        }
    }

    /** Completes with true on a 2xx answer, false on any other answer, a refusal, a failure or the timeout. */
    CompletableFuture<Boolean> post(Subscription subscription, String body) {
        URI destination = URI.create(subscription.destination());
        URI pinned;
        try {
            pinned = addresses.pinned(destination);
        } catch (ImageAddressPolicy.Refused e) {
            LOG.info(() -> "event not sent to " + origin(destination) + ": " + e.getMessage());
            return CompletableFuture.completedFuture(false);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(pinned)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        try {
            request.header("Host", destination.getHost()
                    + (destination.getPort() < 0 ? "" : ":" + destination.getPort()));
        } catch (IllegalArgumentException e) {
            // the JDK was started without Host allowed: the receiver sees the address instead of the name
        }
        for (Map<String, String> header : subscription.httpHeaders()) {
            header.forEach(request::header);
        }
        return clients.computeIfAbsent(destination.getHost(), this::client)
                .sendAsync(request.build(), HttpResponse.BodyHandlers.discarding())
                .thenApply(r -> r.statusCode() / 100 == 2)
                .exceptionally(e -> false);
    }

    private HttpClient client(String host) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER);
        try {
            SSLContext tls = SSLContext.getDefault();
            SSLParameters parameters = tls.getDefaultSSLParameters();
            if (!host.startsWith("[") && !host.matches("[0-9.]+")) {
                parameters.setServerNames(List.of(new SNIHostName(host)));
            }
            builder.sslContext(tls).sslParameters(parameters);
        } catch (NoSuchAlgorithmException | IllegalArgumentException e) {
            // no TLS default or no valid SNI name: the certificate is checked against the address
        }
        return builder.build();
    }

    static String origin(URI uri) {
        return (uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT) + "://") + uri.getHost()
                + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }
}
