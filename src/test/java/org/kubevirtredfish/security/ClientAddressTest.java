package org.kubevirtredfish.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressTest {

    @Test
    void withoutTrustedProxiesTheHeaderIsIgnored() {
        ClientAddress c = new ClientAddress(List.of(""));
        assertEquals("203.0.113.9", c.of("203.0.113.9", "198.51.100.1"));
        assertEquals("203.0.113.9", c.of("203.0.113.9", null));
    }

    @Test
    void aTrustedProxyNamesTheClientAsTheRightMostUntrustedHop() {
        ClientAddress c = new ClientAddress(List.of("10.128.0.0/14", "192.0.2.7"));
        // the client put a fake first entry; the router appended the address it saw
        assertEquals("198.51.100.1", c.of("10.128.2.3", "1.2.3.4, 198.51.100.1"));
        assertEquals("198.51.100.1", c.of("10.128.2.3", "198.51.100.1, 192.0.2.7"));
        assertEquals("2001:db8::1", c.of("10.131.255.255", "2001:db8::1"));
    }

    @Test
    void anUntrustedPeerIsTheClientWhateverTheHeaderSays() {
        ClientAddress c = new ClientAddress(List.of("10.128.0.0/14"));
        assertEquals("10.132.0.1", c.of("10.132.0.1", "198.51.100.1"));
    }

    @Test
    void aHopThatIsNoAddressMakesThePeerTheClient() {
        ClientAddress c = new ClientAddress(List.of("10.0.0.0/8"));
        assertEquals("10.0.0.1", c.of("10.0.0.1", "example.com"));
        assertEquals("10.0.0.1", c.of("10.0.0.1", "999.1.1.1"));
        assertEquals("10.0.0.1", c.of("10.0.0.1", "10.0.0.2, 10.0.0.3"));
    }

    @Test
    void badSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ClientAddress(List.of("router.local")));
        assertThrows(IllegalArgumentException.class, () -> new ClientAddress(List.of("10.0.0.0/33")));
    }
}
