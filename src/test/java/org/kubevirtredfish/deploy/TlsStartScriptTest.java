package org.kubevirtredfish.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The container's entry script (liberty/tls/start.sh) with and without a PEM certificate and key. */
class TlsStartScriptTest {

    @TempDir
    Path work;

    private String run(Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("sh", "liberty/tls/start.sh", "echo", "server started")
                .redirectErrorStream(true);
        pb.environment().put("KUBEVIRT_REDFISH_HOME", Path.of("liberty/tls").toAbsolutePath().toString());
        pb.environment().put("TLS_WORK_DIR", work.toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "start.sh ended");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void withoutCertificateMetricsGetTheirOwnHttpsPortWithTheMetricsUser() throws Exception {
        String out = run(Map.of("METRICS_PASSWORD", "m&<x"));
        assertTrue(out.contains("server started"), out);
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(work.resolve("tls.xml").toFile());
        Map<String, String> variables = variables(xml);
        assertEquals("${server.config.dir}/metrics/https.xml",
                ((Element) xml.getElementsByTagName("include").item(0)).getAttribute("location"));
        assertEquals("m&<x", variables.get("metrics.password"), "escaped for XML, read back intact");
        assertEquals("9443", variables.get("metrics.port"));
        KeyStore keystore = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(variables.get("metrics.keystore"))) {
            keystore.load(in, variables.get("metrics.keystore.password").toCharArray());
        }
        assertTrue(keystore.isKeyEntry("default"), "a self-signed key for the metrics port");
        assertTrue(Files.exists(Path.of("liberty/metrics/https.xml")));
        assertFalse(Files.readString(Path.of("liberty/metrics/https.xml")).contains("authentication=\"false\""));
    }

    private static Map<String, String> variables(Document xml) {
        Map<String, String> variables = new HashMap<>();
        NodeList nodes = xml.getElementsByTagName("variable");
        for (int i = 0; i < nodes.getLength(); i++) {
            Element v = (Element) nodes.item(i);
            variables.put(v.getAttribute("name"), v.getAttribute("value"));
        }
        return variables;
    }

    @Test
    void withAPemCertificateAndKeyItWritesTheKeystoreAndTheHttpsInclude() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("TLS_CERT_FILE", "src/test/resources/pod-tls/cert.pem");
        env.put("TLS_KEY_FILE", "src/test/resources/pod-tls/key-pkcs8.pem");
        env.put("METRICS_PASSWORD", "p&<\"x>");
        String out = run(env);
        assertTrue(out.contains("server started"), out);
        assertFalse(out.contains("PRIVATE KEY"), "no key material printed");

        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(work.resolve("tls.xml").toFile());
        Map<String, String> variables = new HashMap<>();
        NodeList nodes = xml.getElementsByTagName("variable");
        for (int i = 0; i < nodes.getLength(); i++) {
            Element v = (Element) nodes.item(i);
            variables.put(v.getAttribute("name"), v.getAttribute("value"));
        }
        assertEquals("p&<\"x>", variables.get("metrics.password"), "escaped for XML, read back intact");
        assertEquals("${server.config.dir}/tls/enabled.xml",
                ((Element) xml.getElementsByTagName("include").item(0)).getAttribute("location"));
        KeyStore keystore = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(variables.get("tls.keystore"))) {
            keystore.load(in, variables.get("tls.keystore.password").toCharArray());
        }
        assertTrue(keystore.isKeyEntry("default"));
        assertTrue(variables.get("tls.keystore.password").matches("[A-Za-z0-9]{32}"));
    }
}
