package org.kubevirtredfish.kubevirt.fabric8;

import java.io.IOException;
import java.io.InputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.kubevirtredfish.kubevirt.GatewayException;

/**
 * The size probe over HTTP with the JDK client: a {@code HEAD}; when the server does not allow HEAD (405, 501), a
 * {@code GET} of the first byte whose {@code Content-Range} tells the total. It is no scanner for whoever may
 * insert media: every hop connects to the one address that {@link ImageAddressPolicy} admitted for the host (the
 * URL is rewritten to that address, the {@code Host} header and TLS server name keep the host, so no second DNS
 * answer is ever used), and a redirect is followed only to the same host, at most {@value #MAX_REDIRECTS} times.
 * Every refusal is one {@link GatewayException.ImageUnavailable}; its reason is for the log only. The URL is only
 * ever sent as a request target, and only its origin is logged.
 */
final class HttpImageProbe implements ImageProbe {

    static final int MAX_REDIRECTS = 5;
    /** The JDK client refuses a {@code Host} header unless this system property names it (liberty/jvm.options). */
    static final String RESTRICTED_HEADERS = "jdk.httpclient.allowRestrictedHeaders";

    private static final Logger LOG = Logger.getLogger(HttpImageProbe.class.getName());
    private static final Pattern TOTAL = Pattern.compile("bytes\\s+[^/]*/(\\d+)");

    private final SSLContext tls;
    private final ImageImportOptions options;

    HttpImageProbe(ImageImportOptions options) {
        this.options = options;
        this.tls = sslContext(options);
        requireHostHeaderAllowed();
    }

    @Override
    public OptionalLong size(URI image) {
        String scheme = image.getScheme() == null ? "" : image.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new GatewayException.BadRequest("only http and https image URLs with a host are imported", "Image",
                    ImageProbe.withoutQuery(image));
        }
        if (image.getHost() == null) { // e.g. http://127.1/: no host to java.net.URI, 127.0.0.1 to other clients
            throw refused(image, "no host name or address that the probe reads the same way as CDI's importer");
        }
        HttpClient client = client(image.getHost());
        HttpResponse<Void> head = follow(client, image, "HEAD", null, HttpResponse.BodyHandlers.discarding());
        if (head.statusCode() == 405 || head.statusCode() == 501) {
            return firstByte(client, image);
        }
        requireOk(image, head.statusCode());
        return contentLength(head);
    }

    private OptionalLong firstByte(HttpClient client, URI image) {
        HttpResponse<InputStream> get = follow(client, image, "GET", "bytes=0-0",
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = get.body()) { // closed unread: a server ignoring Range must not send us the image
            requireOk(image, get.statusCode());
            if (get.statusCode() == 206) {
                Matcher m = TOTAL.matcher(get.headers().firstValue("Content-Range").orElse(""));
                return m.matches() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
            }
            return contentLength(get);
        } catch (IOException e) {
            return OptionalLong.empty(); // only the close failed
        }
    }

    /** One request, and the redirects of the same host after it, each to an admitted address. */
    private <T> HttpResponse<T> follow(HttpClient client, URI image, String method, String range,
            HttpResponse.BodyHandler<T> body) {
        URI current = image;
        for (int hop = 0; ; hop++) {
            InetAddress address = admit(image, current);
            HttpRequest.Builder request = HttpRequest.newBuilder(pinned(current, address))
                    .method(method, HttpRequest.BodyPublishers.noBody())
                    .header("Host", hostHeader(current));
            if (range != null) {
                request.header("Range", range);
            }
            HttpResponse<T> response = send(client, image, request, body);
            if (!isRedirect(response.statusCode())) {
                return response;
            }
            discard(response);
            current = redirectTarget(image, current, response, hop);
        }
    }

    private InetAddress admit(URI image, URI hop) {
        try {
            return options.addresses().admit(hop.getHost());
        } catch (ImageAddressPolicy.Refused e) {
            throw refused(image, "host " + hop.getHost() + ": " + e.getMessage());
        }
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static URI redirectTarget(URI image, URI current, HttpResponse<?> response, int hop) {
        if (hop >= MAX_REDIRECTS) {
            throw refused(image, "more than " + MAX_REDIRECTS + " redirects");
        }
        String location = response.headers().firstValue("Location").orElse(null);
        URI next;
        try {
            next = location == null ? null : current.resolve(new URI(location));
        } catch (URISyntaxException | IllegalArgumentException e) {
            next = null;
        }
        if (next == null || next.getHost() == null) {
            throw refused(image, "HTTP " + response.statusCode() + " without a usable Location");
        }
        String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || !next.getHost().equalsIgnoreCase(image.getHost())) {
            throw refused(image, "redirect to another host or scheme: " + ImageProbe.origin(next));
        }
        return next;
    }

    /** The hop's URL with its host replaced by the admitted address: the client then never resolves the name. */
    static URI pinned(URI hop, InetAddress address) {
        String literal = address instanceof Inet6Address ? "[" + stripScope(address.getHostAddress()) + "]"
                : address.getHostAddress();
        int port = hop.getPort() >= 0 ? hop.getPort() : "https".equalsIgnoreCase(hop.getScheme()) ? 443 : 80;
        String path = hop.getRawPath() == null || hop.getRawPath().isEmpty() ? "/" : hop.getRawPath();
        return URI.create(hop.getScheme().toLowerCase(Locale.ROOT) + "://" + literal + ":" + port + path
                + (hop.getRawQuery() == null ? "" : "?" + hop.getRawQuery()));
    }

    private static String stripScope(String address) {
        int percent = address.indexOf('%');
        return percent < 0 ? address : address.substring(0, percent);
    }

    private static String hostHeader(URI hop) {
        return hop.getHost() + (hop.getPort() < 0 ? "" : ":" + hop.getPort());
    }

    /** One client per probe: its TLS server name (SNI, and the name the certificate is checked against) is the host. */
    private HttpClient client(String host) {
        SSLParameters parameters = tls.getDefaultSSLParameters();
        if (!host.startsWith("[") && isName(host)) {
            try {
                parameters.setServerNames(List.of(new SNIHostName(host)));
            } catch (IllegalArgumentException e) {
                // not a valid DNS name for SNI: the certificate is then checked against the address
            }
        }
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(options.probeTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .sslContext(tls)
                .sslParameters(parameters)
                .build();
    }

    private static void discard(HttpResponse<?> response) {
        if (response.body() instanceof InputStream in) {
            try {
                in.close();
            } catch (IOException e) {
                // nothing was read; the connection is dropped
            }
        }
    }

    private static OptionalLong contentLength(HttpResponse<?> response) {
        OptionalLong length = response.headers().firstValueAsLong("Content-Length");
        return length.isPresent() && length.getAsLong() > 0 ? length : OptionalLong.empty();
    }

    private static void requireOk(URI image, int status) {
        if (status < 200 || status > 299) {
            throw new GatewayException.ImageUnavailable(ImageProbe.origin(image), "answered HTTP " + status, status,
                    null);
        }
    }

    private static GatewayException.ImageUnavailable refused(URI image, String reason) {
        return new GatewayException.ImageUnavailable(ImageProbe.origin(image), "not probed: " + reason, 0, null);
    }

    private <T> HttpResponse<T> send(HttpClient client, URI image, HttpRequest.Builder request,
            HttpResponse.BodyHandler<T> body) {
        String origin = ImageProbe.origin(image);
        try {
            return client.send(request.timeout(options.probeTimeout()).build(), body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayException.ImageUnavailable(origin, "interrupted", 0, e);
        } catch (IOException | IllegalArgumentException e) {
            throw new GatewayException.ImageUnavailable(origin, "not reachable (" + e.getClass().getSimpleName()
                    + ")", 0, e);
        }
    }

    /** Without the Host header every image behind a name-based virtual host (or an OpenShift Route) would fail. */
    private static void requireHostHeaderAllowed() {
        try {
            HttpRequest.newBuilder(URI.create("http://127.0.0.1/")).header("Host", "probe.invalid");
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the image probe needs the JVM option -D" + RESTRICTED_HEADERS
                    + "=host (liberty/jvm.options)", e);
        }
    }

    private static boolean isName(String host) {
        try {
            return NumericHost.parse(host).isEmpty();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static SSLContext sslContext(ImageImportOptions options) {
        try {
            if (options.allowInsecureTls()) {
                LOG.warning("datavolume.allow_insecure_tls is true: certificates of https image servers are NOT"
                        + " verified, by the size probe nor by CDI's importer (insecureSkipVerify, CDI >= v1.66.0)");
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, new TrustManager[] {new TrustingTrustManager()}, new SecureRandom());
                return context;
            }
            // The JDK's CAs unless a bundle is given; never the JVM default context, which Liberty replaces with its own
            // (trusting only its keystore) when TLS is on in the pod.
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(options.caBundle() != null ? trustStore(Path.of(options.caBundle())) : null);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), new SecureRandom());
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("datavolume.ca_bundle " + options.caBundle() + " is not usable: " + e, e);
        }
    }

    private static KeyStore trustStore(Path pem) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int i = 0;
        try (InputStream in = Files.newInputStream(pem)) {
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + i++, c);
            }
        }
        if (i == 0) {
            throw new GeneralSecurityException("no certificate in " + pem);
        }
        return store;
    }
}
