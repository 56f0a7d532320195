package org.kubevirtredfish.kubevirt.fabric8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.OptionalLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kubevirtredfish.kubevirt.GatewayException;

/**
 * The probe of https image servers: the JDK's CAs by default, {@code datavolume.ca_bundle} instead, or no
 * verification at all with {@code datavolume.allow_insecure_tls}. Certificates are self-signed test fixtures
 * (one for 127.0.0.1, one for another host name).
 */
class Fabric8ImageProbeTlsTest {

    private static final char[] PASSWORD = "changeit".toCharArray();
    private HttpsServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private URI serve(String keystore) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = getClass().getResourceAsStream("/images-tls/" + keystore)) {
            ks.load(in, PASSWORD);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 8);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/", x -> {
            x.getResponseHeaders().set("Content-Length", "4096");
            x.sendResponseHeaders(200, -1);
            x.close();
        });
        server.start();
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/agent.iso");
    }

    private static String resource(String name) throws Exception {
        return Path.of(Fabric8ImageProbeTlsTest.class.getResource("/images-tls/" + name).toURI()).toString();
    }

    private static HttpImageProbe probe(boolean insecure, String caBundle) {
        return new HttpImageProbe(new ImageImportOptions(Duration.ofSeconds(5), insecure, caBundle, null, "100Gi",
                Duration.ofMinutes(30), ImageServer.POLICY));
    }

    @Test
    void anUntrustedCertificateIsRefusedByDefault() throws Exception {
        URI image = serve("server.p12");
        var e = assertThrows(GatewayException.ImageUnavailable.class, () -> probe(false, null).size(image));
        assertEquals(0, e.httpStatus());
    }

    @Test
    void theCaBundleIsTrusted() throws Exception {
        URI image = serve("server.p12");
        assertEquals(OptionalLong.of(4096), probe(false, resource("ca.pem")).size(image));
    }

    @Test
    void theCaBundleDoesNotExcuseAWrongHostName() throws Exception {
        URI image = serve("wrong-host.p12");
        assertThrows(GatewayException.ImageUnavailable.class,
                () -> probe(false, resource("wrong-host-ca.pem")).size(image));
    }

    @Test
    void insecureTlsAcceptsAnyCertificateAndHostName() throws Exception {
        URI image = serve("wrong-host.p12");
        assertEquals(OptionalLong.of(4096), probe(true, null).size(image));
    }
}
