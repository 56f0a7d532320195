package org.kubevirtredfish.kubevirt.fabric8;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Which image servers the size probe may connect to, decided on the address it will connect to: after DNS, on
 * every redirect hop. A denied network ({@code datavolume.image_deny_cidrs}, by default the pod's own loopback,
 * the unspecified address and link-local, cloud metadata at 169.254.169.254 included) is never connected to;
 * when an allow-list ({@code datavolume.image_allow}) is set, only its host names or networks are. An IPv6
 * address that embeds an IPv4 one (IPv4-compatible {@code ::a.b.c.d}, NAT64 {@code 64:ff9b::/96}) is judged by
 * both. Private ranges are allowed by default: Ironic serves its ISOs from cluster-internal addresses.
 */
public final class ImageAddressPolicy {

    /** The deny-list when none is configured. */
    public static final String DEFAULT_DENIED = "127.0.0.0/8,::1/128,0.0.0.0/8,::/128,169.254.0.0/16,fe80::/10";

    private static final IpNetwork NAT64 = IpNetwork.parse("64:ff9b::/96");
    private static final IpNetwork IPV4_COMPATIBLE = IpNetwork.parse("::/96");

    private final List<IpNetwork> denied;
    private final List<IpNetwork> allowedNetworks;
    private final List<String> allowedHosts;
    private final HostResolver resolver;

    private ImageAddressPolicy(List<IpNetwork> denied, List<IpNetwork> allowedNetworks, List<String> allowedHosts,
            HostResolver resolver) {
        this.denied = List.copyOf(denied);
        this.allowedNetworks = List.copyOf(allowedNetworks);
        this.allowedHosts = List.copyOf(allowedHosts);
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    public static ImageAddressPolicy defaults() {
        return of(DEFAULT_DENIED, "");
    }

    /**
     * @param deniedCidrs comma-separated networks ({@code 10.0.0.0/8}, {@code fd00::/8}, a bare address);
     *                    {@code none} (or blank) denies nothing
     * @param allowed     comma-separated host names ({@code images.example.com}, {@code *.example.com}) and
     *                    networks; blank allows every address that is not denied
     * @throws IllegalArgumentException naming the first entry that is neither
     */
    public static ImageAddressPolicy of(String deniedCidrs, String allowed) {
        List<IpNetwork> denied = new ArrayList<>();
        for (String entry : "none".equalsIgnoreCase(deniedCidrs == null ? "" : deniedCidrs.strip()) ? List.<String>of()
                : entries(deniedCidrs)) {
            denied.add(IpNetwork.parse(entry));
        }
        List<IpNetwork> networks = new ArrayList<>();
        List<String> hosts = new ArrayList<>();
        for (String entry : entries(allowed)) {
            if (entry.contains("/") || entry.contains(":") || entry.matches("[0-9.]+")) {
                networks.add(IpNetwork.parse(entry));
            } else if (entry.matches("(\\*\\.)?[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?")) {
                hosts.add(entry.toLowerCase(Locale.ROOT));
            } else {
                throw new IllegalArgumentException("not a host name, *.domain or network: " + entry);
            }
        }
        return new ImageAddressPolicy(denied, networks, hosts, HostResolver.SYSTEM);
    }

    ImageAddressPolicy withResolver(HostResolver other) {
        return new ImageAddressPolicy(denied, allowedNetworks, allowedHosts, other);
    }

    private static List<String> entries(String list) {
        return list == null ? List.of()
                : Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /**
     * The one address to connect to for a URL's host: its literal, or what the resolver returns, each address
     * checked (a name with any denied address is refused, not connected to another of its addresses).
     *
     * @throws Refused with the reason, for the log only
     */
    InetAddress admit(String host) {
        InetAddress[] addresses;
        try {
            Optional<InetAddress> literal = NumericHost.parse(host);
            addresses = literal.isPresent() ? new InetAddress[] {literal.get()} : resolver.resolve(host);
        } catch (IllegalArgumentException e) {
            throw new Refused("host is no valid address literal");
        } catch (UnknownHostException e) {
            throw new Refused("host does not resolve");
        }
        if (addresses.length == 0) {
            throw new Refused("host does not resolve");
        }
        for (InetAddress address : addresses) {
            Optional<IpNetwork> deny = deniedBy(address);
            if (deny.isPresent()) {
                throw new Refused("address " + address.getHostAddress() + " is in denied network " + deny.get()
                        + " (datavolume.image_deny_cidrs)");
            }
        }
        if (!allows(host, addresses)) {
            throw new Refused("neither the host nor its address " + addresses[0].getHostAddress()
                    + " is in datavolume.image_allow");
        }
        return addresses[0];
    }

    /**
     * The URL rewritten to the one admitted address of its host, for a client that must connect to exactly that
     * address (as the image probe does): the event delivery to subscribers' destinations.
     *
     * @throws Refused with the reason, for the log only
     */
    public java.net.URI pinned(java.net.URI url) {
        if (url.getHost() == null) {
            throw new Refused("no host");
        }
        return HttpImageProbe.pinned(url, admit(url.getHost()));
    }

    boolean isDenied(InetAddress address) {
        return deniedBy(address).isPresent();
    }

    private Optional<IpNetwork> deniedBy(InetAddress address) {
        for (InetAddress form : forms(address)) {
            for (IpNetwork network : denied) {
                if (network.contains(form)) {
                    return Optional.of(network);
                }
            }
        }
        return Optional.empty();
    }

    private boolean allows(String host, InetAddress[] addresses) {
        if (allowedHosts.isEmpty() && allowedNetworks.isEmpty()) {
            return true;
        }
        String name = host.toLowerCase(Locale.ROOT);
        name = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        for (String allowed : allowedHosts) {
            if (allowed.startsWith("*.") ? name.endsWith(allowed.substring(1)) : name.equals(allowed)) {
                return true;
            }
        }
        return Arrays.stream(addresses).allMatch(a -> forms(a).stream()
                .anyMatch(form -> allowedNetworks.stream().anyMatch(n -> n.contains(form))));
    }

    /** The address and, for an IPv6 one that carries an IPv4 address in its last 32 bits, that IPv4 address. */
    static List<InetAddress> forms(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return List.of(address);
        }
        byte[] b = address.getAddress();
        boolean embeds = NAT64.contains(address) || IPV4_COMPATIBLE.contains(address) || isMapped(b);
        if (!embeds) {
            return List.of(address);
        }
        try {
            Inet4Address v4 = (Inet4Address) InetAddress.getByAddress(Arrays.copyOfRange(b, 12, 16));
            return List.of(address, v4);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isMapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
    }

    @Override
    public String toString() {
        return "denied " + denied + (allowedHosts.isEmpty() && allowedNetworks.isEmpty() ? ""
                : ", allowed " + allowedHosts + " " + allowedNetworks);
    }

    /** The probe may not connect there; the message is for the service's log, never for the client. */
    public static final class Refused extends RuntimeException {
        Refused(String reason) {
            super(reason);
        }
    }
}
