package org.kubevirtredfish.kubevirt.fabric8;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;

/** An address block in CIDR notation ({@code 169.254.0.0/16}, {@code fe80::/10}); a bare address is its own block. */
record IpNetwork(byte[] base, int prefix) {

    IpNetwork {
        base = base.clone();
    }

    /** @throws IllegalArgumentException when the text is not an address literal with an optional prefix length */
    static IpNetwork parse(String cidr) {
        String text = cidr.strip();
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        Optional<InetAddress> parsed = address.contains(":") || address.matches("\\d{1,3}(\\.\\d{1,3}){3}")
                ? NumericHost.parse(address) : Optional.empty();
        if (parsed.isEmpty()) {
            throw new IllegalArgumentException("not an IP network like 10.0.0.0/8 or fd00::/8: " + cidr);
        }
        byte[] bytes = parsed.get().getAddress();
        int bits = bytes.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String length = text.substring(slash + 1);
            if (!length.matches("\\d{1,3}") || Integer.parseInt(length) > bits) {
                throw new IllegalArgumentException("prefix length out of 0.." + bits + ": " + cidr);
            }
            prefix = Integer.parseInt(length);
        }
        return new IpNetwork(bytes, prefix);
    }

    boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        if (a.length != base.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != base[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (a[full] & mask) == (base[full] & mask);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpNetwork n && n.prefix == prefix && Arrays.equals(n.base, base);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(base) * 31 + prefix;
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(base).getHostAddress() + "/" + prefix;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
