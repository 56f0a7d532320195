package org.kubevirtredfish.kubevirt.fabric8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import org.junit.jupiter.api.Test;

/** kubevirt.timeout and kubevirt.allow_insecure_tls reach the client configuration. */
class Fabric8ClientFactoryTest {

    private static final Config BASE = new ConfigBuilder(Config.empty()).withMasterUrl("https://api.example:6443").build();

    @Test
    void theTimeoutAppliesToRequestsAndConnections() {
        Config config = KubernetesClientFactory.config(BASE, 30, false);
        assertEquals(30_000, config.getRequestTimeout());
        assertEquals(30_000, config.getConnectionTimeout());
        assertFalse(config.isTrustCerts());
        assertFalse(config.isDisableHostnameVerification());
    }

    @Test
    void insecureTlsTrustsAnyCertificate() {
        Config config = KubernetesClientFactory.config(BASE, 5, true);
        assertTrue(config.isTrustCerts());
        assertTrue(config.isDisableHostnameVerification());
    }

    @Test
    void aTimeoutMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> KubernetesClientFactory.config(BASE, 0, false));
    }
}
