package org.kubevirtredfish.kubevirt.fabric8;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
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
import java.util.OptionalLong;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.kubevirtredfish.kubevirt.GatewayException;

/**
 * The size probe over HTTP with the JDK client: a {@code HEAD}, following redirects; when the server does not
 * allow HEAD (405, 501), a {@code GET} of the first byte whose {@code Content-Range} tells the total. The URL is
 * only ever sent as a request target, and only its origin is logged.
 */
final class HttpImageProbe implements ImageProbe {

    private static final Logger LOG = Logger.getLogger(HttpImageProbe.class.getName());
    private static final Pattern TOTAL = Pattern.compile("bytes\\s+[^/]*/(\\d+)");

    private final HttpClient client;
    private final ImageImportOptions options;

    HttpImageProbe(ImageImportOptions options) {
        this.options = options;
        this.client = HttpClient.newBuilder()
                .connectTimeout(options.probeTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .sslContext(sslContext(options))
                .build();
    }

    @Override
    public OptionalLong size(URI image) {
        String scheme = image.getScheme() == null ? "" : image.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || image.getHost() == null) {
            throw new GatewayException.BadRequest("only http and https image URLs with a host are imported", "Image",
                    ImageProbe.withoutQuery(image));
        }
        HttpResponse<Void> head = send(image, HttpRequest.newBuilder(image).method("HEAD",
                HttpRequest.BodyPublishers.noBody()), HttpResponse.BodyHandlers.discarding());
        if (head.statusCode() == 405 || head.statusCode() == 501) {
            return firstByte(image);
        }
        requireOk(image, head.statusCode());
        return contentLength(head);
    }

    private OptionalLong firstByte(URI image) {
        HttpResponse<InputStream> get = send(image, HttpRequest.newBuilder(image).GET().header("Range", "bytes=0-0"),
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

    private static OptionalLong contentLength(HttpResponse<?> response) {
        OptionalLong length = response.headers().firstValueAsLong("Content-Length");
        return length.isPresent() && length.getAsLong() > 0 ? length : OptionalLong.empty();
    }

    private void requireOk(URI image, int status) {
        if (status < 200 || status > 299) {
            throw new GatewayException.ImageUnavailable(ImageProbe.origin(image), "answered HTTP " + status, status,
                    null);
        }
    }

    private <T> HttpResponse<T> send(URI image, HttpRequest.Builder request, HttpResponse.BodyHandler<T> body) {
        String origin = ImageProbe.origin(image);
        try {
            return client.send(request.timeout(options.probeTimeout()).build(), body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayException.ImageUnavailable(origin, "interrupted", 0, e);
        } catch (IOException | IllegalArgumentException e) {
            LOG.info(() -> "image server " + origin + " not reachable: " + e.getClass().getSimpleName());
            throw new GatewayException.ImageUnavailable(origin, "not reachable (" + e.getClass().getSimpleName()
                    + ")", 0, e);
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
