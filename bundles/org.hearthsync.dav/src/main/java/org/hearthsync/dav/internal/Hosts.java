package org.hearthsync.dav.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/** Loopback checks for the plain-HTTP DAV listener, on addresses and Host headers, without any name lookup. */
final class Hosts {
    private static final Pattern LITERAL = Pattern.compile("[0-9.]{7,15}|[0-9A-Fa-f:.]{2,45}");
    private static final Pattern PORT = Pattern.compile(":[0-9]{1,5}");

    private Hosts() {
    }

    /** Whether {@code address} (an address literal as the container reports it) is a loopback address. */
    static boolean loopback(String address) {
        if (address == null) {
            return false;
        }
        String a = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
        if (!LITERAL.matcher(a).matches()) {
            return false; // never a name: InetAddress would look it up
        }
        try {
            return InetAddress.getByName(a).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /**
     * Whether a Host header names this computer by a loopback name: {@code localhost} (RFC 6761 keeps it on the
     * computer), a {@code 127.x} address or {@code [::1]}, with or without a port. A missing header is refused too.
     */
    static boolean loopbackHost(String hostHeader) {
        if (hostHeader == null || hostHeader.isBlank()) {
            return false;
        }
        String h = hostHeader.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            if (end < 0 || !(end == h.length() - 1 || PORT.matcher(h.substring(end + 1)).matches())) {
                return false;
            }
            return loopback(h.substring(1, end));
        }
        int colon = h.indexOf(':');
        if (colon >= 0) {
            if (!PORT.matcher(h.substring(colon)).matches()) {
                return false;
            }
            h = h.substring(0, colon);
        }
        return h.equals("localhost") || loopback(h);
    }
}
