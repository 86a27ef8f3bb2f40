package org.hearthsync.upnp.internal;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/** Address helpers: IPv4 literals without name lookups, and the kinds of address a router may report. */
final class Addresses {
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    private Addresses() {
    }

    static InetAddress v4(int a, int b, int c, int d) {
        try {
            return InetAddress.getByAddress(new byte[] { (byte) a, (byte) b, (byte) c, (byte) d });
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses a dotted IPv4 literal; never asks DNS. */
    static Optional<InetAddress> parseV4(String text) {
        if (text == null) {
            return Optional.empty();
        }
        var m = IPV4.matcher(text.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        int[] o = new int[4];
        for (int i = 0; i < 4; i++) {
            o[i] = Integer.parseInt(m.group(i + 1));
            if (o[i] > 255) {
                return Optional.empty();
            }
        }
        return Optional.of(v4(o[0], o[1], o[2], o[3]));
    }

    /** RFC 1918 private ranges: a router behind another router (double NAT). */
    static boolean isPrivate(InetAddress a) {
        if (!(a instanceof Inet4Address)) {
            return false;
        }
        byte[] b = a.getAddress();
        int o0 = b[0] & 0xff;
        int o1 = b[1] & 0xff;
        return o0 == 10 || (o0 == 172 && o1 >= 16 && o1 <= 31) || (o0 == 192 && o1 == 168);
    }

    /** RFC 6598 shared address space, 100.64.0.0/10: carrier-grade NAT. */
    static boolean isCarrierGradeNat(InetAddress a) {
        if (!(a instanceof Inet4Address)) {
            return false;
        }
        byte[] b = a.getAddress();
        return (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
    }

    /** An address from which nothing on the Internet can be forwarded to us. */
    static boolean isShared(InetAddress a) {
        return isPrivate(a) || isCarrierGradeNat(a);
    }

    /** No usable public address at all (0.0.0.0, link-local, loopback): the router is offline. */
    static boolean isUnusable(InetAddress a) {
        return a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isLoopbackAddress() || a.isMulticastAddress();
    }

    /** The host part of a URL for an address. */
    static String urlHost(InetAddress a) {
        return a instanceof Inet4Address ? a.getHostAddress() : "[" + a.getHostAddress() + "]";
    }
}
