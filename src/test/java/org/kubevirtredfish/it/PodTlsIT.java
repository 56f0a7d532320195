package org.kubevirtredfish.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;

/**
 * HTTPS inside the pod: a Liberty server set up as liberty/tls/start.sh sets it up from PEM files (the test
 * certificate of src/test/resources/pod-tls, converted by liberty/tls/PemToPkcs12.java) serves Redfish over TLS
 * with that certificate, and no longer plain HTTP.
 */
class PodTlsIT {

    private final int port = Integer.getInteger("it.tls.port", 8445);

    @Test
    void theServiceSpeaksHttpsWithTheGivenCertificate() throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(trusting(Path.of("src/test/resources/pod-tls/cert.pem")))
                .connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> root = client.send(HttpRequest.newBuilder(
                URI.create("https://127.0.0.1:" + port + "/redfish/v1/")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, root.statusCode());
        assertTrue(root.body().contains("\"RedfishVersion\""), root.body());
        HttpResponse<String> systems = client.send(HttpRequest.newBuilder(
                        URI.create("https://127.0.0.1:" + port + "/redfish/v1/Systems"))
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString("admin:demo-admin".getBytes()))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, systems.statusCode(), systems.body());
    }

    @Test
    void overHttpsMetricsAreForTheMetricsUserOnly() throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(trusting(Path.of("src/test/resources/pod-tls/cert.pem")))
                .build();
        URI metrics = URI.create("https://127.0.0.1:" + port + "/metrics?scope=application");
        assertEquals(401, client.send(HttpRequest.newBuilder(metrics).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        assertTrue(java.util.List.of(401, 403).contains(client.send(HttpRequest.newBuilder(metrics)
                .header("Authorization", basic("admin:demo-admin")).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()), "a Redfish user is not a metrics reader");
        HttpResponse<String> ok = client.send(HttpRequest.newBuilder(metrics)
                .header("Authorization", basic("metrics:it-metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ok.statusCode());
        assertTrue(ok.body().contains("redfish_exposed_systems"), ok.body());
    }

    private static String basic(String userPassword) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString(userPassword.getBytes());
    }

    @Test
    void plainHttpIsNotServed() {
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        assertThrows(IOException.class, () -> plain.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/redfish/v1/")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()));
    }

    private static SSLContext trusting(Path pem) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            trust.setCertificateEntry("pod", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }
}
