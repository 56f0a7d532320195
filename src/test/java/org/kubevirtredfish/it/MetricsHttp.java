package org.kubevirtredfish.it;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * /metrics of the simulator IT server on its HTTPS metrics port (it.metrics.port), as the container sets it up
 * for plain HTTP (liberty/metrics/https.xml), with the test certificate of src/test/resources/pod-tls.
 */
final class MetricsHttp {

    static final int PORT = Integer.getInteger("it.metrics.port", 9443);
    /** The same for the backend=kubernetes IT server. */
    static final int KUBERNETES_PORT = Integer.getInteger("it.metrics.kubernetes.port", 9444);
    static final String READER = "metrics:it-metrics";

    private MetricsHttp() {
    }

    /** @param credentials {@code user:password}, or null for none */
    static HttpResponse<String> get(String pathAndQuery, String credentials) throws Exception {
        return get(PORT, pathAndQuery, credentials);
    }

    /** The metrics text of the server whose metrics port is {@code port}, read as the metrics user. */
    static String scrape(int port, String pathAndQuery) {
        try {
            HttpResponse<String> r = get(port, pathAndQuery, READER);
            if (r.statusCode() != 200) {
                throw new AssertionError("metrics answered " + r.statusCode() + ": " + r.body());
            }
            return r.body();
        } catch (Exception e) {
            throw new AssertionError("metrics on port " + port, e);
        }
    }

    static HttpResponse<String> get(int port, String pathAndQuery, String credentials) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + pathAndQuery));
        if (credentials != null) {
            request.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return client().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpClient client() throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(Path.of("src/test/resources/pod-tls/cert.pem"))) {
            trust.setCertificateEntry("it", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(10)).build();
    }
}
