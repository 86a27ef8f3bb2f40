package org.hearthsync.api.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Where an address belongs: the Internet, or this computer and the networks around it. Dynamic DNS
 * publishes only public addresses; pages open to the Internet say less to public callers.
 */
public final class AddressScope {
    private AddressScope() {
    }

    /** Whether the address can be someone's address on the Internet (not private, loopback, link-local, shared...). */
    public static boolean isPublic(InetAddress a) {
        if (a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return false;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int o0 = b[0] & 0xff;
            int o1 = b[1] & 0xff;
            // 100.64/10 carrier-grade NAT, 0/8, 240/4
            return !(o0 == 100 && o1 >= 64 && o1 < 128) && o0 != 0 && o0 < 240;
        }
        if (a instanceof Inet6Address) {
            // fc00::/7 unique local, and IPv4-mapped addresses
            return (b[0] & 0xfe) != 0xfc && !(b[0] == 0 && b[1] == 0);
        }
        return false;
    }
}
