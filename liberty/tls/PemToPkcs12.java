import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a PEM certificate chain and private key (an OpenShift service-serving certificate, cert-manager's
 * tls.crt/tls.key) into the PKCS#12 keystore Liberty reads. Run by the container's start script with Java's
 * single-file launcher: {@code java PemToPkcs12.java CERT_PEM KEY_PEM OUT_P12 PASSWORD}. Keys may be PKCS#8
 * (BEGIN PRIVATE KEY, RSA or EC) or PKCS#1 (BEGIN RSA PRIVATE KEY). Never prints key material.
 */
public final class PemToPkcs12 {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    private PemToPkcs12() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: java PemToPkcs12.java CERT_PEM KEY_PEM OUT_P12 PASSWORD");
            System.exit(2);
        }
        Certificate[] chain;
        try (var in = Files.newInputStream(Path.of(args[0]))) {
            chain = CertificateFactory.getInstance("X.509").generateCertificates(in).toArray(new Certificate[0]);
        }
        if (chain.length == 0) {
            throw new IllegalArgumentException(args[0] + " holds no certificate");
        }
        PrivateKey key = privateKey(Files.readString(Path.of(args[1]), StandardCharsets.US_ASCII),
                chain[0].getPublicKey().getAlgorithm());
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        char[] password = args[3].toCharArray();
        store.setKeyEntry("default", key, password, chain);
        try (OutputStream out = Files.newOutputStream(Path.of(args[2]))) {
            store.store(out, password);
        }
        System.out.println("keystore written: " + args[2] + " (" + chain.length + " certificate(s))");
    }

    static PrivateKey privateKey(String pem, String algorithm) throws Exception {
        Matcher m = BLOCK.matcher(pem);
        while (m.find()) {
            byte[] der = Base64.getMimeDecoder().decode(m.group(2));
            switch (m.group(1)) {
                case "PRIVATE KEY":
                    return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
                case "RSA PRIVATE KEY":
                    return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(rsaPkcs8(der)));
                default:
                    break; // e.g. EC PARAMETERS before the key
            }
        }
        throw new IllegalArgumentException("no PKCS#8 or PKCS#1 RSA private key found (convert an EC key with "
                + "openssl pkcs8 -topk8 -nocrypt)");
    }

    /** Wraps a PKCS#1 RSAPrivateKey in a PKCS#8 PrivateKeyInfo: version 0, rsaEncryption, the key as octets. */
    static byte[] rsaPkcs8(byte[] pkcs1) {
        byte[] algorithm = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01,
            0x01, 0x01, 0x05, 0x00};
        byte[] version = {0x02, 0x01, 0x00};
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(version);
        body.writeBytes(algorithm);
        body.writeBytes(tlv(0x04, pkcs1));
        return tlv(0x30, body.toByteArray());
    }

    private static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int n = value.length;
        if (n < 0x80) {
            out.write(n);
        } else {
            int bytes = (32 - Integer.numberOfLeadingZeros(n) + 7) / 8;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(n >>> (8 * i));
            }
        }
        out.writeBytes(value);
        return out.toByteArray();
    }
}
