package org.kubevirtredfish.kubevirt.fabric8;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The address a URL's host names without DNS, read the way the C library's {@code inet_aton} reads it (which
 * curl and Go's cgo resolver use): one to four dot-separated parts, each decimal, octal with a leading {@code 0}
 * or hexadecimal with {@code 0x}, the last part filling the remaining bytes. So {@code 2130706433},
 * {@code 0177.0.0.1}, {@code 0x7f.1} and {@code 127.1} are all 127.0.0.1. IPv6 literals (with or without
 * brackets) are parsed as such; an IPv4-mapped one ({@code ::ffff:127.0.0.1}) becomes its IPv4 address.
 */
final class NumericHost {

    private static final Pattern PART = Pattern.compile("0[xX][0-9a-fA-F]*|0[0-7]*|[1-9][0-9]*");
    private static final Pattern IPV4_LIKE = Pattern.compile("[0-9a-fA-FxX.]+");

    private NumericHost() {
    }

    /**
     * @return the address, or empty when the host is a name to resolve
     * @throws IllegalArgumentException when it looks numeric (digits, dots, hex) but is no valid address:
     *                                  such a host is refused rather than handed to DNS
     */
    static Optional<InetAddress> parse(String host) {
        String h = host.endsWith(".") && !host.endsWith("..") ? host.substring(0, host.length() - 1) : host;
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.contains(":")) {
            return Optional.of(ipv6(h));
        }
        if (!IPV4_LIKE.matcher(h).matches() || !Character.isDigit(h.charAt(0)) || !looksNumeric(h)) {
            return Optional.empty();
        }
        return Optional.of(ipv4(h));
    }

    /** A name such as {@code deadbeef.com} or {@code 1.2.3.4.nip.io} is a name; all parts numbers is an address. */
    private static boolean looksNumeric(String h) {
        for (String part : h.split("\\.", -1)) {
            if (part.isEmpty() || !(part.matches("[0-9]+") || part.matches("0[xX][0-9a-fA-F]*"))) {
                return false;
            }
        }
        return true;
    }

    private static InetAddress ipv4(String h) {
        String[] parts = h.split("\\.", -1);
        if (parts.length > 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + h);
        }
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            if (!PART.matcher(parts[i]).matches()) {
                throw new IllegalArgumentException("not an IPv4 address: " + h);
            }
            values[i] = number(parts[i]);
        }
        long address = 0;
        for (int i = 0; i < parts.length - 1; i++) {
            if (values[i] > 0xff) {
                throw new IllegalArgumentException("not an IPv4 address: " + h);
            }
            address |= values[i] << (24 - 8 * i);
        }
        long last = values[parts.length - 1];
        int lastBits = 32 - 8 * (parts.length - 1);
        if (last >= (1L << lastBits)) {
            throw new IllegalArgumentException("not an IPv4 address: " + h);
        }
        address |= last;
        byte[] bytes = {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address};
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long number(String part) {
        try {
            if (part.startsWith("0x") || part.startsWith("0X")) {
                return part.length() == 2 ? 0 : Long.parseLong(part.substring(2), 16);
            }
            if (part.length() > 1 && part.startsWith("0")) {
                return Long.parseLong(part.substring(1), 8);
            }
            return Long.parseLong(part);
        } catch (NumberFormatException e) { // longer than a long: certainly out of range
            throw new IllegalArgumentException("not an IPv4 address: " + part, e);
        }
    }

    private static InetAddress ipv6(String h) {
        if (!h.matches("[0-9a-fA-F:.]+(%[A-Za-z0-9_.-]+)?")) {
            throw new IllegalArgumentException("not an IPv6 address: " + h);
        }
        try {
            // A literal with ':' is parsed, never looked up (InetAddress.getByName on an IPv6 literal).
            return InetAddress.getByName(h.indexOf('%') < 0 ? h : h.substring(0, h.indexOf('%')));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IPv6 address: " + h, e);
        }
    }
}
