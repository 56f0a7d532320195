package org.kubevirtredfish.kubevirt.fabric8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kubevirtredfish.config.MapConfig;
import org.kubevirtredfish.config.ServiceSettings;

/** Which image hosts the probe may connect to: every spelling of a denied address is caught. */
class ImageAddressPolicyTest {

    private static final ImageAddressPolicy DEFAULTS = ImageAddressPolicy.defaults().withResolver(ImageAddressPolicyTest::dns);

    /** A fixed DNS: no test depends on the machine's resolver. */
    private static InetAddress[] dns(String host) throws UnknownHostException {
        Map<String, String[]> zone = Map.of(
                "metadata.test", new String[] {"169.254.169.254"},
                "mixed.test", new String[] {"10.0.0.1", "127.0.0.1"},
                "images.test", new String[] {"10.0.0.1"},
                "images.example.com", new String[] {"10.1.1.1"},
                "a.mirror.test", new String[] {"10.2.2.2"},
                "other.test", new String[] {"10.1.1.1"},
                "loop.example.com", new String[] {"127.0.0.1"},
                "1.2.3.4.nip.io", new String[] {"1.2.3.4"});
        String[] addresses = zone.get(host.toLowerCase(java.util.Locale.ROOT));
        if (addresses == null) {
            throw new UnknownHostException(host);
        }
        InetAddress[] result = new InetAddress[addresses.length];
        for (int i = 0; i < addresses.length; i++) {
            result[i] = InetAddress.getByName(addresses[i]);
        }
        return result;
    }

    /**
     * The host as the probe receives it: what {@link URI#getHost()} returns, or, for a form that the URI class does
     * not take as a host (the probe then refuses the URL before the policy), the text itself.
     */
    private static String host(String authority) {
        String parsed = URI.create("http://" + authority + "/a.iso").getHost();
        return parsed != null ? parsed : authority;
    }

    private static List<String> admitted(ImageAddressPolicy policy, String... authorities) {
        List<String> wrongly = new ArrayList<>();
        for (String a : authorities) {
            try {
                policy.admit(host(a));
                wrongly.add(a);
            } catch (ImageAddressPolicy.Refused expected) {
                // refused, as it should be
            }
        }
        return wrongly;
    }

    @Test
    void loopbackInEverySpellingIsDenied() {
        assertEquals(List.of(), admitted(DEFAULTS, "127.0.0.1", "127.255.255.254", "127.0.0.1.", "127.1", "127.0.1",
                "2130706433", "017700000001", "0x7f000001", "0X7F000001", "0x7f.1", "0x7f.0.0.1", "0177.0.0.1",
                "0177.1", "0177.0.0.01", "127.000.000.001", "[::1]", "[0:0:0:0:0:0:0:1]", "[::ffff:127.0.0.1]",
                "[::ffff:7f00:1]", "[0:0:0:0:0:ffff:127.0.0.1]", "[::127.0.0.1]", "[64:ff9b::127.0.0.1]",
                "[64:ff9b::7f00:1]", "loop.example.com", "mixed.test"));
    }

    @Test
    void linkLocalAndCloudMetadataAreDenied() {
        assertEquals(List.of(), admitted(DEFAULTS, "169.254.169.254", "169.254.0.1", "2852039166", "0xa9fea9fe",
                "0251.0376.0251.0376", "169.254.43518", "[::ffff:169.254.169.254]", "[::ffff:a9fe:a9fe]",
                "[fe80::1]", "[fe80::1%25eth0]", "[febf:ffff::1]", "metadata.test"));
    }

    @Test
    void theUnspecifiedAddressIsDenied() {
        // connecting to 0.0.0.0 or :: reaches the pod's own loopback on Linux
        assertEquals(List.of(), admitted(DEFAULTS, "0.0.0.0", "0", "0x0", "00", "[::]", "[::ffff:0.0.0.0]"));
    }

    @Test
    void numericHostsThatAreNoAddressAreRefusedNotResolved() {
        assertEquals(List.of(), admitted(DEFAULTS, "256.0.0.1", "1.2.3.4.5", "0x100000000", "4294967296", "08.0.0.1",
                "1.2.65536", "99999999999999999999999", "unknown.test"));
    }

    @Test
    void privateAndPublicAddressesStayAllowedByDefault() throws Exception {
        for (String a : List.of("10.0.0.5", "192.168.1.10", "172.16.0.1", "8.8.8.8", "[2001:db8::1]", "[fd00::1]",
                "169.253.255.255", "169.255.0.1", "126.255.255.255", "128.0.0.1", "images.test", "1.2.3.4.nip.io",
                "167772165")) {
            DEFAULTS.admit(host(a));
        }
        assertEquals(InetAddress.getByName("10.0.0.5"), DEFAULTS.admit(host("167772165")));
        assertEquals(InetAddress.getByName("10.0.0.1"), DEFAULTS.admit("images.test"));
        assertEquals(InetAddress.getByName("1.2.3.4"), DEFAULTS.admit("1.2.3.4.nip.io"));
    }

    @Test
    void anAllowListAdmitsOnlyItsHostsAndNetworksAndTheDenyListStillWins() throws Exception {
        ImageAddressPolicy policy = ImageAddressPolicy.of(ImageAddressPolicy.DEFAULT_DENIED,
                "images.example.com, *.mirror.test, 192.168.0.0/16, loop.example.com, 127.0.0.0/8")
                .withResolver(ImageAddressPolicyTest::dns);
        for (String a : List.of("images.example.com", "IMAGES.example.com", "a.mirror.test", "192.168.3.4")) {
            policy.admit(host(a));
        }
        assertEquals(List.of(), admitted(policy, "other.test", "10.0.0.1", "mirror.test", "images.test",
                "loop.example.com", "127.0.0.1"));
    }

    @Test
    void anEmptyDenyListDeniesNothing() throws Exception {
        ImageAddressPolicy none = ImageAddressPolicy.of("none", "");
        assertEquals(InetAddress.getByName("127.0.0.1"), none.admit("2130706433"));
        assertEquals(InetAddress.getByName("169.254.169.254"), none.admit("169.254.169.254"));
    }

    @Test
    void networksAreParsedStrictly() {
        for (String bad : List.of("10.0.0.0/33", "foo/8", "10.0.0/8", "::1/129", "10.0.0.0/-1", "0x7f.0.0.1/8")) {
            assertThrows(IllegalArgumentException.class, () -> ImageAddressPolicy.of(bad, ""), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> ImageAddressPolicy.of("", "bad host!"));
        assertTrue(IpNetwork.parse("10.0.0.0/8").contains(addr("10.255.0.1")));
        assertTrue(!IpNetwork.parse("10.0.0.0/8").contains(addr("11.0.0.1")));
        assertTrue(IpNetwork.parse("fe80::/10").contains(addr("febf::1")));
        assertTrue(!IpNetwork.parse("fe80::/10").contains(addr("fec0::1")));
        assertTrue(IpNetwork.parse("0.0.0.0/0").contains(addr("203.0.113.9")));
        assertTrue(!IpNetwork.parse("0.0.0.0/0").contains(addr("2001:db8::1")));
    }

    @Test
    void theSettingsDenyLoopbackAndLinkLocalUnlessConfiguredOtherwise() {
        ImageAddressPolicy configured = ImageImportOptions.from(settings(Map.of())).addresses();
        assertEquals(List.of(), admitted(configured, "127.0.0.1", "169.254.169.254", "[::1]", "[fe80::1]"));
        ImageAddressPolicy narrowed = ImageImportOptions.from(settings(Map.of(
                "datavolume.image_deny_cidrs", "10.0.0.0/8", "datavolume.image_allow", "127.0.0.0/8"))).addresses();
        assertEquals(List.of("127.0.0.1"), admitted(narrowed, "127.0.0.1", "10.0.0.1", "192.168.0.1"));
        var e = assertThrows(IllegalArgumentException.class, () -> ImageImportOptions.from(settings(Map.of(
                "datavolume.image_deny_cidrs", "10.0.0.0/40"))));
        assertTrue(e.getMessage().contains("datavolume.image_deny_cidrs"), e.getMessage());
    }

    private static ServiceSettings settings(Map<String, String> values) {
        return new ServiceSettings(new MapConfig(values));
    }

    private static InetAddress addr(String literal) {
        return NumericHost.parse(literal).orElseThrow();
    }
}
