package org.kubevirtredfish.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The address a login comes from: the TCP peer, unless the peer is one of the configured trusted proxies
 * ({@code login.trusted_proxies}: addresses or CIDR blocks); then the right-most {@code X-Forwarded-For} entry that
 * is not a trusted proxy itself. A client cannot choose its own address by sending the header directly: from an
 * untrusted peer the header is ignored. Only IP literals are parsed, never host names (no DNS lookup).
 */
final class ClientAddress {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private record Block(byte[] network, int prefix) {

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < prefix; bit++) {
                int mask = 0x80 >> (bit % 8);
                if ((address[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    private final List<Block> trusted;

    ClientAddress(List<String> trustedProxies) {
        List<Block> blocks = new ArrayList<>();
        for (String entry : trustedProxies) {
            String e = entry.trim();
            if (e.isEmpty()) {
                continue;
            }
            int slash = e.indexOf('/');
            byte[] network = literal(slash < 0 ? e : e.substring(0, slash))
                    .orElseThrow(() -> new IllegalArgumentException("login.trusted_proxies: not an IP address or "
                            + "CIDR block: " + e));
            int prefix = slash < 0 ? network.length * 8 : Integer.parseInt(e.substring(slash + 1));
            if (prefix < 0 || prefix > network.length * 8) {
                throw new IllegalArgumentException("login.trusted_proxies: bad prefix length in " + e);
            }
            blocks.add(new Block(network, prefix));
        }
        this.trusted = List.copyOf(blocks);
    }

    /** The client of a request from {@code peer} carrying {@code forwardedFor} (may be null). */
    String of(String peer, String forwardedFor) {
        if (forwardedFor == null || !isTrusted(peer)) {
            return peer;
        }
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (!isTrusted(hop)) {
                return literal(hop).isPresent() ? hop : peer;
            }
        }
        return peer;
    }

    private boolean isTrusted(String address) {
        Optional<byte[]> bytes = literal(address);
        return bytes.isPresent() && trusted.stream().anyMatch(b -> b.contains(bytes.get()));
    }

    static Optional<byte[]> literal(String text) {
        if (text == null || !(IPV4.matcher(text).matches() || IPV6.matcher(text).matches())) {
            return Optional.empty();
        }
        if (IPV4.matcher(text).matches()) {
            byte[] b = new byte[4];
            String[] octets = text.split("\\.");
            for (int i = 0; i < 4; i++) {
                int v = Integer.parseInt(octets[i]);
                if (v > 255) {
                    return Optional.empty();
                }
                b[i] = (byte) v;
            }
            return Optional.of(b);
        }
        try {
            // only IP literals reach this line: getByName parses them and does no lookup
            return Optional.of(InetAddress.getByName(text).getAddress());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
