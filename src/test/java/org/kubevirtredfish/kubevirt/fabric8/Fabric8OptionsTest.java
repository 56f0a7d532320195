package org.kubevirtredfish.kubevirt.fabric8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kubevirtredfish.config.MapConfig;
import org.kubevirtredfish.config.ServiceSettings;

/** The datavolume.* keys the fabric8 gateway reads, with their defaults. */
class Fabric8OptionsTest {

    private static ServiceSettings settings(Map<String, String> values) {
        return new ServiceSettings(new MapConfig(values));
    }

    @Test
    void defaults() {
        Fabric8Options o = Fabric8Options.from(settings(Map.of()));
        assertEquals("10Gi", o.storageSize());
        assertNull(o.storageClass());
        ImageImportOptions i = o.imports();
        assertEquals(Duration.ofSeconds(10), i.probeTimeout());
        assertFalse(i.allowInsecureTls());
        assertNull(i.caBundle());
        assertNull(i.certConfigMap());
        assertEquals(100L << 30, i.maxImageBytes());
        assertEquals(Duration.ofMinutes(30), i.downloadTimeout());
    }

    @Test
    void configured() {
        ImageImportOptions i = Fabric8Options.from(settings(Map.of(
                "datavolume.image_probe_timeout", "5s",
                "datavolume.allow_insecure_tls", "true",
                "datavolume.ca_bundle", "/app/config/ca.pem",
                "datavolume.cert_configmap", "image-ca",
                "datavolume.max_image_size", "8Gi",
                "datavolume.iso_download_timeout", "1h30m"))).imports();
        assertEquals(Duration.ofSeconds(5), i.probeTimeout());
        assertTrue(i.allowInsecureTls());
        assertEquals("/app/config/ca.pem", i.caBundle());
        assertEquals("image-ca", i.certConfigMap());
        assertEquals(8L << 30, i.maxImageBytes());
        assertEquals(Duration.ofMinutes(90), i.downloadTimeout());
    }

    @Test
    void badValuesNameTheirKey() {
        var e = assertThrows(IllegalArgumentException.class, () -> Fabric8Options.from(
                settings(Map.of("datavolume.iso_download_timeout", "30 minutes"))));
        assertTrue(e.getMessage().startsWith("datavolume.iso_download_timeout"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Fabric8Options.from(
                settings(Map.of("datavolume.max_image_size", "big"))));
        assertTrue(e.getMessage().startsWith("datavolume.max_image_size"), e.getMessage());
    }
}
